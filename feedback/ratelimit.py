"""A small fixed-window rate limit per client IP on Django's cache (no third-party service).

The IP address is only used hashed, as a cache key that expires with the window. Behind
PROXY_COUNT proxies the client is the address the outermost trusted proxy put in
X-Forwarded-For (as for the admin login throttling); addresses further left can be forged.
Production needs a cache all workers share (e.g. Django's database cache); the default
local-memory cache counts per process.
"""

import hashlib

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


def _key(scope: str, request) -> str:
    address = client_ip(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def hit(scope: str, request, *, limit: int, window: int) -> bool:
    """Counts one attempt; False when this client already made `limit` in the window."""
    key = _key(scope, request)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
