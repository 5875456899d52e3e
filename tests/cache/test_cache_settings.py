"""CACHES from REDIS_URL, and a Redis that is down answering like an empty cache."""

import pytest
from django.core.cache.backends.redis import RedisCache

from config.cache import ResilientRedisCache, cache_settings
from tests.test_project import run_manage


def test_without_redis_url_each_process_caches_in_its_own_memory():
    backend = cache_settings("")["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_selects_the_redis_cache():
    default = cache_settings("redis://cache.internal:6379/1")["default"]
    assert default["BACKEND"] == "config.cache.ResilientRedisCache"
    assert issubclass(ResilientRedisCache, RedisCache)
    assert default["LOCATION"] == "redis://cache.internal:6379/1"


def test_the_settings_read_redis_url_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.core.cache import caches; print(type(caches['default']).__name__)",
        env={"REDIS_URL": "redis://127.0.0.1:6379/3", "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "ResilientRedisCache"


def test_an_unreachable_redis_reads_as_an_empty_cache(unreachable_redis):
    unreachable_redis.set("key", "value")
    assert unreachable_redis.get("key", "default") == "default"
    assert unreachable_redis.get_many(["key"]) == {}
    assert unreachable_redis.add("key", 1) is False
    assert unreachable_redis.delete("key") is False
    with pytest.raises(ValueError):
        unreachable_redis.incr("key")


def test_a_real_redis_stores_and_counts(redis_cache):
    redis_cache.set("key", {"a": 1}, 60)
    assert redis_cache.get("key") == {"a": 1}
    assert redis_cache.add("counter", 0, 60) is True
    assert [redis_cache.incr("counter") for _ in range(3)] == [1, 2, 3]


def test_one_redis_client_serves_every_call_of_a_process(redis_cache):
    client = redis_cache._cache.get_client()

    redis_cache.set("wegwijs-test", "a")
    assert redis_cache.get_many(["wegwijs-test"]) == {"wegwijs-test": "a"}
    assert redis_cache._cache.get_client(write=True) is client
