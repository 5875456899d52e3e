"""Values worked out from the directory's data, shared by one process's requests until the data
change: the same rule as cached pages, for what several pages need (filter choices, the times
at which opening statuses change, the counts of a listing, the opening hours of the services
on cards)."""

import time
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections

from pagecache.pages import current_generation

_shared: dict = {}
# Counts are kept by the SQL they run, so their number is bounded: the least recently used go.
MAX_SHARED_COUNTS = 1000
_counts: OrderedDict = OrderedDict()
# Values kept per item (the opening hours of one service, say): name -> (generation, since,
# the items, least recently used first), at most max_kept items per name.
MAX_SHARED_ITEMS = 5000
_items: dict = {}


def shared_while_unchanged(key, build):
    """``build()``, shared under ``key`` by this process's requests while the data's generation
    stays the same (every edit replaces it, see pagecache.signals) and for PAGE_CACHE_SECONDS at
    the most (while the shared cache cannot be read, the process's own generation: see
    pagecache.pages). Built for each call when the page cache is off."""
    return _kept(_shared, key, build)


def shared_count(queryset) -> int:
    """How many rows ``queryset`` gives, shared by this process's requests like
    shared_while_unchanged, keyed by its SQL and parameters (a moment in them, as for "Nu open",
    makes a key of its own). The pages of one listing (page 2, 3, ...) are each a new address
    for the page cache, but count the same rows: at 100,000 services a count costs 4 to 90 ms.
    Pass a cheap queryset (``.order_by().values("pk")``): it is compiled once, for the key and
    the count."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # a queryset that can hold nothing (.none(), pk__in=[])
        return 0
    return shared_count_of(
        (queryset.db, sql, repr(params)), lambda: _count(queryset.db, sql, params)
    )


def shared_count_of(key, count) -> int:
    """``count()``, shared as shared_count shares a count, under ``key``: for a count whose
    query is compiled once and told apart by its values (directory.listing)."""
    value = _kept(_counts, key, count)
    _used(_counts, [key], MAX_SHARED_COUNTS)
    return value


def shared_for_each(name: str, keys, build_missing, max_kept: int = MAX_SHARED_ITEMS) -> dict:
    """The value of each of ``keys`` under ``name``, shared by this process's requests like
    shared_while_unchanged: ``build_missing(keys)`` gives a dict of the values of the keys not
    kept yet, all at once (one query for a page's services instead of one per page). At most
    ``max_kept`` items are kept per name, the least recently used going first. Built for each
    call when the page cache is off."""
    keys = list(dict.fromkeys(keys))
    timeout = settings.PAGE_CACHE_SECONDS
    if not timeout:
        return build_missing(keys)
    generation = current_generation()
    now = time.monotonic()
    found = _items.get(name)
    if found is None or found[0] != generation or now - found[1] >= timeout:
        found = _items[name] = (generation, now, OrderedDict())
    kept = found[2]
    values = {}
    for key in keys:
        try:
            values[key] = kept[key]
        except KeyError:  # not kept, or dropped by a request in another thread meanwhile
            pass
    missing = [key for key in keys if key not in values]
    if missing:
        built = build_missing(missing)
        for key in missing:
            values[key] = kept[key] = built[key]
    _used(kept, keys, max_kept)
    return values


def _used(store: OrderedDict, keys, bound: int) -> None:
    """Mark ``keys`` as the most recently used of ``store`` and drop the least recently used
    beyond ``bound``. Each step is one operation on the dict, so that a request in another
    thread (runserver, threaded workers) dropping an item meanwhile is no error."""
    for key in keys:
        try:
            store.move_to_end(key)
        except KeyError:
            pass
    while len(store) > bound:
        try:
            store.popitem(last=False)
        except KeyError:
            break


def _kept(store: dict, key, build):
    timeout = settings.PAGE_CACHE_SECONDS
    if not timeout:
        return build()
    generation = current_generation()
    now = time.monotonic()
    found = store.get(key)
    if found and found[0] == generation and now - found[1] < timeout:
        return found[2]
    value = build()
    store[key] = (generation, now, value)
    return value


def _count(using: str, sql: str, params) -> int:
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)
        return cursor.fetchone()[0]


def forget_shared_values() -> None:
    _shared.clear()
    _counts.clear()
    _items.clear()
