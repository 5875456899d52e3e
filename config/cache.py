"""The cache every part of the site shares (Django's cache framework, ``django.core.cache``).

With ``REDIS_URL`` set, all gunicorn workers (and servers) share one Redis: the page cache
(``pagecache``), the glossary terms and the feedback rate limit then hold for the whole site.
Without it, each process keeps its own cache in memory, which is right for one process
(``make run``, tests) and still correct, only less effective, for several.

While Redis is unreachable, ``ResilientRedisCache`` answers like an empty cache that forgets
what it is given: pages are rendered uncached instead of failing with a 500, and the outage is
logged (at most once a minute per process).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Redis answers in well under a millisecond; a host that does not answer should cost a page
# half a second at most, not the operating system's connect timeout.
SOCKET_TIMEOUT_SECONDS = 0.5
LOCAL_MEMORY = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "wegwijs",
}


def cache_settings(redis_url: str) -> dict:
    """CACHES for a REDIS_URL (``redis://host:6379/0``), or local memory when it is empty."""
    if not redis_url:
        return {"default": LOCAL_MEMORY}
    return {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "wegwijs",
            "OPTIONS": {
                "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS,
                "socket_timeout": SOCKET_TIMEOUT_SECONDS,
            },
        }
    }


_last_report = 0.0


def _report(error: RedisError) -> None:
    global _last_report
    now = time.monotonic()
    if now - _last_report >= 60:
        _last_report = now
        logger.warning("Redis is unreachable, serving without cache: %s", error)


class ReusedClients(RedisCacheClient):
    """Django's Redis cache client, keeping one ``redis.Redis`` per connection pool. Django
    makes a new one for every cache call, which costs about 0.2 ms (it builds its response
    callbacks), more than the round trip to Redis itself: a tenth of a cached page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering like an empty cache while Redis is unreachable.

    ``incr`` then raises ValueError, as it does for a key that is not there; ``clear`` still
    raises, since it is only called on purpose.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _report(error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _report(error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            _report(error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _report(error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _report(error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            _report(error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            _report(error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _report(error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            _report(error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _report(error)
            raise ValueError(f"Key '{key}' not found: Redis is unreachable.") from error
