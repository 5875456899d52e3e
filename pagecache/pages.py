"""Whole-page cache for the public read pages, in Django's cache (Redis when REDIS_URL is set).

Why whole responses: the expensive part of these pages is everything (filters, search, twenty
cards with opening status, glossary links, the template), and a cached response costs no SQL
query at all. What differs between anonymous visitors is small and handled here:

- The CSP nonce. The stored page keeps the nonce it was rendered with; a hit swaps it for this
  request's nonce, which SecurityHeadersMiddleware then puts in the header. The two always match.
- The CSRF token. Forms on a page that will be stored all get one masked token (the
  ``csrf_token`` the template sees is made once per request); a hit swaps it for a fresh token of
  this visitor, and the CSRF cookie is set as on any page with a form. No visitor ever receives
  another visitor's token.
- What else a page depends on, and what must happen on every view, comes from the apps above
  through pagecache.hooks: the services on the visitor's referral card are part of the key
  (most visitors have none and share one entry per page), and the policy counters of a page view
  are stored with the page and recorded again on every hit.

The key holds the active language, the absolute URL with its query string and the hooks' parts. Each
entry also holds the generation it was rendered in, and counts only while that generation is
current (it is replaced on every edit, see pagecache/signals.py). Pages that say whether a
service is open now pass ``valid_until``: the entry also counts only until the next moment any
opening status can change (the next opening or closing time in the directory, or midnight; see
directory.open_now), so a cached "Nu open" is never wrong, and pages stay cached for hours
rather than expiring all together every minute. The generation and the page
are read together, so a hit costs one cache round trip (MGET in Redis).

While the shared cache (Redis) cannot be read, each process caches on its own: it takes as its
generation the edit counter in PostgreSQL (``local:<edits>``, see pagecache.edits; every new
generation counts one edit there), read every GENERATION_CHECK_SECONDS like a generation from
Redis, and serves the pages it rendered under it from its own copies: pages are rendered again
only after an edit. The guarantee stays the one of a working Redis: an edit shows at once in
the process that made it and within GENERATION_CHECK_SECONDS in every other process (writes
that skip signals: PAGE_CACHE_SECONDS). Without the counter (SQLite, or PostgreSQL down too) the
process makes a generation of its own each time, so its pages last that second at most.
A process that could not read or write the shared generation starts a new one when it next
reads Redis, so pages Redis kept through an outage are not served after an edit made during it
once such a process has served a page.

Responses the same for every visitor (the open-data API, ``per_visitor=False``) never read the
session: no card in the key, logged-in users share the entry, and no ``Vary: Cookie`` is added.

Not cached at all: visitors with a message waiting (see referrals.views.add_service) and
logged-in users (staff see previews and must not fill the public cache) on per-visitor pages,
anything but GET and HEAD, responses other than 200, and responses that set a
cookie or change the session. Only wrap views whose response is fully described by its status,
headers and content (no attributes such as ``xframe_options_exempt``). Template responses are
stored once rendered, other responses as the view returns them.
"""

import hashlib
import math
import re
import threading
import time
import uuid
from collections import OrderedDict
from functools import wraps
from time import monotonic

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language

from pagecache.edits import count_edit, edits
from pagecache.hooks import collect_extras, key_parts, replay_extras

GENERATION_KEY = "pagecache:generation"
# Generations a process makes while the shared cache cannot be read; never stored there.
LOCAL_GENERATION = "local:"
_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]*)"')


# Each process keeps the generation it last read, for this long, and the pages it served
# lately, up to this many bytes of content: a hit then costs no round trip to Redis, which
# took a third of a cached page's time.
GENERATION_CHECK_SECONDS = 1.0
LOCAL_PAGES_BYTES = 4 * 1024 * 1024


class _LocalCopies:
    """This process's copy of the generation and its most recently served pages (least recently
    used first out)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.forget()

    def forget(self):
        self.generation, self.read_at = None, -math.inf
        self.pages, self.size = OrderedDict(), 0
        # The shared generation could not be read or written: replace it once it can.
        self.missed_shared = False

    def known_generation(self) -> str | None:
        """The generation read less than GENERATION_CHECK_SECONDS ago, else None."""
        if monotonic() - self.read_at < GENERATION_CHECK_SECONDS:
            return self.generation
        return None

    def read(self, generation: str) -> str:
        self.generation, self.read_at = generation, monotonic()
        return generation

    def page(self, key: str) -> dict | None:
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
            return entry

    def keep(self, key: str, entry: dict) -> None:
        with self.lock:
            if key in self.pages:
                self.pages.move_to_end(key)
                if self.pages[key] is entry:
                    return
                self.size -= len(self.pages.pop(key)["content"])
            self.pages[key] = entry
            self.size += len(entry["content"])
            while self.size > LOCAL_PAGES_BYTES:
                _, oldest = self.pages.popitem(last=False)
                self.size -= len(oldest["content"])


_local = _LocalCopies()


def forget_local_copies() -> None:
    """Forget this process's copies (tests start from an empty cache this way)."""
    _local.forget()


def forget_all_pages() -> str:
    """Every page cached so far is out of date: start a new generation. This process sees it at
    once, other processes within GENERATION_CHECK_SECONDS. When the shared cache does not take
    it, it is this process's own, and the process starts another once the shared cache answers."""
    count_edit()
    generation = uuid.uuid4().hex
    cache.set(GENERATION_KEY, generation, None)
    if cache.get(GENERATION_KEY) != generation:
        _local.missed_shared = True
        return _local.read(_local_generation())
    return _local.read(generation)


def _local_generation() -> str:
    """This process's generation while the shared cache cannot be read: the edit counter, or a
    new one each time when there is none."""
    counted = edits()
    return LOCAL_GENERATION + (uuid.uuid4().hex if counted is None else str(counted))


def _first_generation() -> str | None:
    """A generation when there is none yet; None when the cache is unreachable."""
    cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
    return cache.get(GENERATION_KEY)


def current_generation() -> str:
    """The generation of the directory's data now (this process's own while the shared cache
    cannot be read)."""
    known = _local.known_generation()
    if known is not None:
        return known
    return _remember(cache.get(GENERATION_KEY))


def _remember(found: str | None) -> str:
    """The generation read from the shared cache (a first one when there is none yet), kept as
    this process's copy; a new one when this process missed the shared generation before; one
    of this process's own while the shared cache cannot be read."""
    generation = found or _first_generation()
    if generation is None:
        _local.missed_shared = True
        return _local.read(_local_generation())
    if _local.missed_shared:
        _local.missed_shared = False
        return forget_all_pages()
    return _local.read(generation)


def _is_local(generation: str) -> bool:
    return generation.startswith(LOCAL_GENERATION)


def _generation_and_entry(key: str) -> tuple[str | None, dict | None]:
    """The current generation and the stored page for ``key``: from this process's copies when
    they are recent and hold the page, else in one round trip to the shared cache (and the
    process's copy of the page when the shared cache has none)."""
    known = _local.known_generation()
    if known is not None:
        entry = _local.page(key)
        if entry is not None and entry["generation"] == known:
            return known, entry
        return known, None if _is_local(known) else cache.get(key)
    found = cache.get_many([GENERATION_KEY, key])
    return _remember(found.get(GENERATION_KEY)), found.get(key) or _local.page(key)


def page_key(request, *, per_visitor: bool = True) -> str:
    parts = [
        get_language() or "",
        request.build_absolute_uri(),
        *(key_parts(request) if per_visitor else []),
    ]
    return "pagecache:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


class OneCsrfToken:
    """The visitor's masked CSRF token, made on first use and then the same in every form."""

    def __init__(self, request):
        self.request = request
        self.value = None

    def __str__(self):
        if self.value is None:
            self.value = get_token(self.request)
        return self.value


def _cacheable_request(request, per_visitor: bool) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        and hasattr(request, "csp_nonce")
        and not (per_visitor and request.user.is_authenticated)
        and not (per_visitor and _has_messages(request))
    )


def _has_messages(request) -> bool:
    """A message waits for this visitor ("… staat op je kaart"): the page must be rendered to
    show it, where it belongs, and once."""
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


def _only_our_token(response, token: OneCsrfToken) -> bool:
    """False when a form got a token some other way (e.g. a template rendered apart with the
    request): the page could not be made safe for other visitors, so it is not stored."""
    ours = (token.value or "").encode()
    return all(value == ours for value in _CSRF_FIELD.findall(response.content))


def _cacheable_response(request, response, token: OneCsrfToken) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.session.modified
        and "private" not in cache_control
        and "no-store" not in cache_control
        and _only_our_token(response, token)
    )


def _entry(request, response, token, current_generation: str, valid_until: float) -> dict:
    return {
        "generation": current_generation,
        "valid_until": valid_until,
        "content": response.content,
        "headers": list(response.items()),
        "nonce": request.csp_nonce,
        "csrf": token.value,
        "extras": collect_extras(request),
    }


def _replay(request, entry: dict) -> HttpResponse:
    """The stored page, with this request's nonce and CSRF token, counted as a view."""
    old_nonce, new_nonce = entry["nonce"], request.csp_nonce
    content = entry["content"].replace(old_nonce.encode(), new_nonce.encode())
    if entry["csrf"]:
        content = content.replace(entry["csrf"].encode(), get_token(request).encode())
    response = HttpResponse(content)
    for name, value in entry["headers"]:
        response[name] = value.replace(old_nonce, new_nonce)
    replay_extras(request, entry.get("extras", {}))
    return response


def keep_parameters(request, names) -> None:
    """Reduce the request's query string to the parameters in ``names``, sorted by name (the
    values of one name keep their order): ``?x=junk&stad=gent&q=a`` becomes ``?q=a&stad=gent``.
    The view then renders exactly the page of the normalised URL, so it can be cached under that
    URL, and junk parameters cost neither a render nor a cache entry."""
    if not request.META.get("QUERY_STRING"):
        return
    kept = QueryDict(mutable=True)
    for name in sorted(set(request.GET) & set(names)):
        kept.setlist(name, request.GET.getlist(name))
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def cached_page(view=None, *, valid_until=None, per_visitor: bool = True, parameters=None):
    """Serve ``view`` (a function view, e.g. ``SomeView.as_view()``) from the page cache.

    ``valid_until(moment)``, for pages that depend on the time of day: until when (a timestamp)
    a page rendered from ``moment`` (a timestamp) on stays right.
    ``per_visitor=False`` for responses that depend neither on the session nor on the user.
    ``parameters``: the names of the query parameters the view reads; the others are dropped
    and the kept ones sorted before the key is made (``keep_parameters``). None keeps all.
    """
    if view is None:
        return lambda view: cached_page(
            view, valid_until=valid_until, per_visitor=per_visitor, parameters=parameters
        )

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if parameters is not None:
            keep_parameters(request, [*parameters, *settings.PAGE_CACHE_KEPT_PARAMETERS])
        if not _cacheable_request(request, per_visitor):
            return view(request, *args, **kwargs)
        started = time.time()
        key = page_key(request, per_visitor=per_visitor)
        current_generation, entry = _generation_and_entry(key)
        if (
            entry is not None
            and entry["generation"] == current_generation
            and started < entry.get("valid_until", 0)
        ):
            _local.keep(key, entry)
            return _replay(request, entry)
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        token = OneCsrfToken(request)
        until = started + settings.PAGE_CACHE_SECONDS
        if valid_until:
            until = min(until, valid_until(started))
        timeout = math.ceil(until - started)

        def store(rendered):
            if timeout > 0 and _cacheable_response(request, rendered, token):
                entry = _entry(request, rendered, token, current_generation, until)
                if not _is_local(current_generation):
                    cache.set(key, entry, timeout)
                _local.keep(key, entry)

        if isinstance(response, SimpleTemplateResponse):
            response.context_data = {**(response.context_data or {}), "csrf_token": token}
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return wrapper
