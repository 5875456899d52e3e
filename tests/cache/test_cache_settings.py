"""CACHES from REDIS_URL (django-redis), and a Redis that is down answering like an empty cache
at almost no cost: after the first failure the circuit breaker refuses without connecting."""

import socket

from django.core.cache import caches

from config.cache import CircuitBreaker, CircuitBreakerPool, cache_settings
from tests.test_project import run_manage


def test_without_redis_url_each_process_caches_in_its_own_memory():
    backend = cache_settings("")["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_selects_django_redis_ignoring_outages():
    default = cache_settings("redis://cache.internal:6379/1")["default"]
    assert default["BACKEND"] == "django_redis.cache.RedisCache"
    assert default["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert default["OPTIONS"]["CONNECTION_POOL_CLASS"] == "config.cache.CircuitBreakerPool"
    assert default["LOCATION"] == "redis://cache.internal:6379/1"


def test_the_settings_read_redis_url_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.core.cache import caches; print(type(caches['default']).__module__)",
        env={"REDIS_URL": "redis://127.0.0.1:6379/3", "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "django_redis.cache"


def test_an_unreachable_redis_reads_as_an_empty_cache(unreachable_redis):
    unreachable_redis.set("key", "value")
    assert unreachable_redis.get("key", "default") == "default"
    assert unreachable_redis.get_many(["key"]) == {}
    assert not unreachable_redis.add("key", 1)
    assert not unreachable_redis.delete("key")
    assert unreachable_redis.incr("key") is None


def test_a_real_redis_stores_and_counts(redis_cache):
    redis_cache.set("key", {"a": 1}, 60)
    assert redis_cache.get("key") == {"a": 1}
    assert redis_cache.add("counter", 0, 60) is True
    assert [redis_cache.incr("counter") for _ in range(3)] == [1, 2, 3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_after_a_failure_the_breaker_refuses_without_connecting_and_retries_later(settings):
    port = _free_port()
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{port}/0")
    cache = caches["default"]
    assert cache.get("key") is None  # connection refused: the breaker opens
    pool = cache.client.get_client().connection_pool
    assert isinstance(pool, CircuitBreakerPool) and pool.breaker.is_open

    with socket.socket() as listener:  # something answers the port now: count who connects
        listener.bind(("127.0.0.1", port))
        listener.listen(8)
        listener.settimeout(0.05)
        for _ in range(20):
            assert cache.get("key") is None
        try:
            listener.accept()[0].close()
            connected = True
        except TimeoutError:
            connected = False
        assert not connected, "an open breaker must not touch the network"

        pool.breaker._open_until = 0  # the retry interval has passed
        assert cache.get("key") is None  # this one tries (not Redis: still no value)
        listener.settimeout(1)
        listener.accept()[0].close()  # it did connect


def test_the_breaker_lets_one_call_through_per_interval_and_closes_on_success():
    now = [100.0]
    breaker = CircuitBreaker(retry_seconds=5, clock=lambda: now[0])
    assert breaker.allow()
    breaker.failed(ConnectionError("down"))
    assert not breaker.allow()
    now[0] += 5
    assert breaker.allow()
    assert not breaker.allow()  # only one per interval
    breaker.succeeded()
    assert not breaker.is_open and breaker.allow()
