"""Each process keeps the generation for a second and its recently served pages, so that a hit
costs no round trip to the shared cache; an edit in another process still shows a second later."""

import pytest
from django.core.cache import caches
from django.test import Client

from directory.models import Service
from pagecache import pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache_calls(page_cache, monkeypatch):
    """The reads this process makes from the shared cache, by key."""
    calls = []
    cache = caches["default"]
    real_get, real_get_many = cache.get, cache.get_many

    def get(key, *args, **kwargs):
        calls.append(key)
        return real_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        calls.extend(keys)
        return real_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    monkeypatch.setattr(cache, "get_many", get_many)
    return calls


def test_a_page_served_a_moment_ago_costs_no_read_from_the_shared_cache(
    full_service, shared_cache_calls, generation_clock, django_assert_num_queries
):
    url = full_service.get_absolute_url()
    first = Client().get(url)
    shared_cache_calls.clear()

    with django_assert_num_queries(0):
        second = Client().get(url)

    assert shared_cache_calls == []
    assert second.status_code == 200
    assert full_service.name in second.content.decode() and first.content


def test_an_edit_made_by_another_process_shows_within_a_second(
    full_service, shared_cache_calls, generation_clock
):
    url = full_service.get_absolute_url()
    Client().get(url)
    Service.objects.filter(pk=full_service.pk).update(name="CAW onthaal Gent-Centrum")
    caches["default"].set(pages.GENERATION_KEY, "from-another-process", None)

    generation_clock.now += 0.5
    assert "Gent-Centrum" not in Client().get(url).content.decode()
    generation_clock.now += pages.GENERATION_CHECK_SECONDS
    assert "Gent-Centrum" in Client().get(url).content.decode()


def test_the_process_keeps_only_as_many_pages_as_fit_its_budget(
    full_service, make_service, shared_cache_calls, generation_clock, monkeypatch
):
    urls = [full_service.get_absolute_url()] + [make_service().get_absolute_url() for _ in range(2)]
    sizes = [len(Client().get(url).content) for url in urls]
    monkeypatch.setattr(pages, "LOCAL_PAGES_BYTES", sum(sizes) - 1)
    pages.forget_local_copies()
    for url in urls:
        Client().get(url)
    shared_cache_calls.clear()

    for url in reversed(urls):
        assert Client().get(url).status_code == 200

    assert len(shared_cache_calls) == 1  # the oldest page, read back from the shared cache
