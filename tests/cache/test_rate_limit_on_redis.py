"""The feedback rate limit on a shared Redis: one count for all processes, and keys expire."""

import threading

import redis
from django.test import RequestFactory

from feedback import ratelimit


def _request(address="203.0.113.7"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_concurrent_clients_share_one_exact_count(redis_cache):
    """Each thread has its own Redis connection, as each gunicorn worker has."""
    allowed, lock = [], threading.Lock()

    def report_ten_times():
        for _ in range(10):
            result = ratelimit.hit("feedback", _request(), limit=25, window=3600)
            with lock:
                allowed.append(result)

    threads = [threading.Thread(target=report_ten_times) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 25
    assert allowed.count(False) == 15


def test_the_counter_expires_after_its_window(redis_cache, redis_url):
    ratelimit.hit("feedback", _request(), limit=5, window=60)
    raw = redis.Redis.from_url(redis_url)
    [key] = raw.keys("*ratelimit:feedback:*")
    assert 0 < raw.ttl(key) <= 120


def test_other_addresses_have_their_own_count(redis_cache):
    assert ratelimit.hit("feedback", _request("203.0.113.7"), limit=1, window=60)
    assert not ratelimit.hit("feedback", _request("203.0.113.7"), limit=1, window=60)
    assert ratelimit.hit("feedback", _request("198.51.100.1"), limit=1, window=60)


def test_an_unreachable_cache_never_refuses_a_report(unreachable_redis):
    assert all(ratelimit.hit("feedback", _request(), limit=1, window=60) for _ in range(3))
