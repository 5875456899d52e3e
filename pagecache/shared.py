"""Values worked out from the directory's data, shared by one process's requests until the data
change: the same rule as cached pages, for what several pages need (filter choices, the times
at which opening statuses change)."""

import time

from django.conf import settings

from pagecache.pages import current_generation

_shared: dict = {}


def shared_while_unchanged(key, build):
    """``build()``, shared under ``key`` by this process's requests while the data's generation
    stays the same (every edit replaces it, see pagecache.signals) and for PAGE_CACHE_SECONDS at
    the most (while the shared cache cannot be read, the process's own generation: see
    pagecache.pages). Built for each call when the page cache is off."""
    timeout = settings.PAGE_CACHE_SECONDS
    if not timeout:
        return build()
    generation = current_generation()
    now = time.monotonic()
    found = _shared.get(key)
    if found and found[0] == generation and now - found[1] < timeout:
        return found[2]
    value = build()
    _shared[key] = (generation, now, value)
    return value


def forget_shared_values() -> None:
    _shared.clear()
