"""A small fixed-window rate limit per client IP on Django's cache, for every feature that needs one
(feedback reports, card templates, PDFs): no third-party service.

The IP address is only used hashed, as a cache key that expires after its window. Behind
PROXY_COUNT proxies the client is the address the outermost trusted proxy put in
X-Forwarded-For (as for the admin login throttling); addresses further left can be forged.
Production needs a cache all workers share (REDIS_URL); the default local-memory cache counts
per process.

Correct across processes: windows are fixed stretches of clock time and each has its own key,
created with ``add`` (SET NX in Redis) and counted with ``incr`` (INCR: atomic, keeps the
expiry). The key lives for two windows but is only counted during its own, so it cannot expire
between ``add`` and ``incr`` and come back without an expiry. When the cache is unreachable,
every report counts as the first one: a resident's report is never refused for that.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    if settings.PROXY_COUNT:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= settings.PROXY_COUNT and forwarded[-settings.PROXY_COUNT]:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, request, window: int) -> str:
    address = client_ip(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(time.time() // window)}"


def hit(scope: str, request, *, limit: int, window: int) -> bool:
    """Counts one attempt; False when this client already made `limit` in the window."""
    key = _key(scope, request, window)
    cache.add(key, 0, timeout=2 * window)
    try:
        count = cache.incr(key)  # None when Redis is unreachable (IGNORE_EXCEPTIONS)
    except ValueError:  # evicted
        count = None
    if count is None:
        cache.add(key, 1, timeout=2 * window)
        count = 1
    return count <= limit
