"""The cache every part of the site shares (Django's cache framework, ``django.core.cache``).

With ``REDIS_URL`` set, all gunicorn workers (and servers) share one Redis through django-redis:
the page cache (``pagecache``), the glossary terms and the feedback rate limit then hold for
the whole site. Without it, each process keeps its own cache in memory, which is right for one
process (``make run``, tests) and still correct, only less effective, for several.

While Redis is unreachable, the cache answers like an empty cache that forgets what it is given
(django-redis's ``IGNORE_EXCEPTIONS``): pages answer instead of failing, each process caching
them on its own meanwhile (see pagecache.pages). A down
Redis costs a request about nothing after the first failure: the connection pool's circuit
breaker (``CircuitBreakerPool``) then refuses at once, without touching the network, and lets
one attempt through every ``RETRY_SECONDS`` to see whether Redis is back. The outage is logged
once per opening of the breaker.
"""

import logging
import threading
import time

from redis import ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis answers in well under a millisecond; a host that does not answer should cost the first
# request a quarter of a second at most, not the operating system's connect timeout.
SOCKET_TIMEOUT_SECONDS = 0.25
# While the breaker is open, one request per process tries Redis again this often.
RETRY_SECONDS = 5.0
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
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "wegwijs",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "CONNECTION_POOL_CLASS": "config.cache.CircuitBreakerPool",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": SOCKET_TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": SOCKET_TIMEOUT_SECONDS,
                "CONNECTION_POOL_KWARGS": {"retry_on_timeout": False},
            },
        }
    }


class CircuitBreaker:
    """Open after a connection failure: calls are refused at once until ``retry_seconds`` have
    passed; then one call may try (half-open), and closes the breaker when it succeeds."""

    def __init__(self, retry_seconds: float = RETRY_SECONDS, clock=time.monotonic):
        self.retry_seconds = retry_seconds
        self.clock = clock
        self._open_until = 0.0
        self._is_open = False
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._is_open

    def allow(self) -> bool:
        """Whether a call may go to the network now. While open, the first call after each
        ``retry_seconds`` may, and pushes the next attempt on by ``retry_seconds``."""
        if not self._is_open:
            return True
        with self._lock:
            now = self.clock()
            if now < self._open_until:
                return False
            self._open_until = now + self.retry_seconds
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            if not self._is_open:
                logger.warning(
                    "Redis is unreachable, serving without cache (retrying every %ss): %s",
                    self.retry_seconds,
                    error,
                )
            self._is_open = True
            self._open_until = self.clock() + self.retry_seconds

    def succeeded(self) -> None:
        if self._is_open:
            with self._lock:
                self._is_open = False
            logger.warning("Redis answers again: the cache is back.")


class CircuitBreakerPool(ConnectionPool):
    """redis-py's connection pool with a ``CircuitBreaker``: while Redis is known to be down,
    asking for a connection fails at once instead of waiting for a connect timeout."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.breaker = CircuitBreaker()

    def get_connection(self, *args, **kwargs):
        if not self.breaker.allow():
            raise RedisConnectionError("Redis is unreachable (circuit breaker open).")
        try:
            connection = super().get_connection(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            self.breaker.failed(error)
            raise
        self.breaker.succeeded()
        return connection
