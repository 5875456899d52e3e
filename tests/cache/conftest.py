"""A real Redis for the cache tests: database 3 on 127.0.0.1:6379, flushed around each test.

Skipped where no Redis answers, except in CI (WEGWIJS_REQUIRE_REDIS=1), where a missing Redis
is a failure. Start one with ``redis-server --daemonize yes --bind 127.0.0.1 --port 6379``.
"""

import os
import socket
import time

import pytest
from django.core.cache import caches

from config.cache import cache_settings
from pagecache import pages
from pagecache.pages import forget_local_copies
from tests.directory.conftest import full_service, language, make_location  # noqa: F401

REDIS_URL = os.environ.get("WEGWIJS_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def _for_this_worker(url: str) -> str:
    """Under pytest-xdist each worker flushes a database of its own: gw0 the given one, gw1 the
    next, and so on, so that one worker's FLUSHDB never empties another's cache mid-test."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    offset = int(worker.removeprefix("gw") or 0)
    base, _, database = url.rpartition("/")
    return f"{base}/{int(database or 0) + offset}"


REDIS_URL = _for_this_worker(REDIS_URL)


def redis_answers(url: str) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        return False


@pytest.fixture
def redis_url():
    if not redis_answers(REDIS_URL):
        if os.environ.get("WEGWIJS_REQUIRE_REDIS"):
            pytest.fail(f"Redis does not answer at {REDIS_URL} (apt-get install redis-server)")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def redis_cache(settings, redis_url):
    """Django's default cache is this Redis database for the test, empty at start and end."""
    settings.CACHES = cache_settings(redis_url)
    cache = caches["default"]
    cache.clear()  # FLUSHDB: only this test database
    yield cache
    cache.clear()


@pytest.fixture
def unreachable_redis_url():
    """A Redis URL where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def unreachable_redis(settings, unreachable_redis_url):
    """Django's default cache is a Redis URL where nothing listens."""
    settings.CACHES = cache_settings(unreachable_redis_url)
    return caches["default"]


@pytest.fixture
def page_cache(settings):
    """The page cache on, in this process's memory, empty at start and end. The process's own
    copies go too: a generation kept from before the clear would outlive it by up to a second,
    and a first page rendered slower than that would be cached under a generation the shared
    cache no longer has."""
    settings.PAGE_CACHE_SECONDS = 300
    cache = caches["default"]
    cache.clear()
    forget_local_copies()
    yield cache
    cache.clear()
    forget_local_copies()


@pytest.fixture
def generation_clock(monkeypatch):
    """The monotonic clock by which a process checks the page cache's generation again."""

    class Clock:
        now = time.monotonic()

    monkeypatch.setattr(pages, "monotonic", lambda: Clock.now)
    return Clock


@pytest.fixture
def clock(monkeypatch):
    """One fake clock for the page cache's minute and the opening hours' "now"."""
    import datetime
    import types

    from directory import opening

    class Clock:
        now = datetime.datetime(2026, 11, 23, 8, 59, 30, tzinfo=opening.BRUSSELS)  # a Monday

        def set(self, hour, minute, second=0):
            self.now = self.now.replace(hour=hour, minute=minute, second=second)

    fake = Clock()
    monkeypatch.setattr(opening, "brussels_now", lambda: fake.now)
    fake_time = types.SimpleNamespace(time=lambda: fake.now.timestamp())
    monkeypatch.setattr("pagecache.pages.time", fake_time)
    return fake
