"""While Redis is down each process caches pages on its own, under the edit counter in
PostgreSQL, with the guarantee of a working Redis: an edit shows at once in its own process and
within GENERATION_CHECK_SECONDS in the others; when Redis answers again, pages it kept from
before the outage are not served."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.cache import cache_settings
from directory.models import Service
from pagecache import pages
from pagecache.edits import count_edit, edits

pytestmark = pytest.mark.django_db


@pytest.fixture
def down(settings, unreachable_redis):
    settings.PAGE_CACHE_SECONDS = 300
    return unreachable_redis


def test_with_redis_down_a_page_served_a_moment_ago_costs_no_query(
    full_service, down, generation_clock, django_assert_num_queries
):
    # past the generation the fixtures' saves made
    generation_clock.now += pages.GENERATION_CHECK_SECONDS
    url = full_service.get_absolute_url()
    first = Client().get(url)

    with django_assert_num_queries(0):
        second = Client().get(url)

    assert first.status_code == second.status_code == 200
    assert full_service.name in second.content.decode()


def test_with_redis_down_a_page_stays_cached_until_an_edit_costing_one_query_a_second(
    full_service, down, generation_clock
):
    # past the generation the fixtures' saves made
    generation_clock.now += pages.GENERATION_CHECK_SECONDS
    url = full_service.get_absolute_url()
    Client().get(url)
    generation_clock.now += pages.GENERATION_CHECK_SECONDS

    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200

    # Only the edit counter, read again (in a savepoint: tests run inside a transaction).
    assert [query["sql"] for query in queries if "SAVEPOINT" not in query["sql"]] == [
        "SELECT last_value + is_called::int FROM pagecache_edits"
    ]


def test_with_redis_down_an_edit_shows_at_once_in_its_own_process(
    full_service, down, generation_clock
):
    url = full_service.get_absolute_url()
    Client().get(url)

    full_service.name = "CAW onthaal Gent-Centrum"
    full_service.save()

    assert "Gent-Centrum" in Client().get(url).content.decode()


def test_with_redis_down_an_edit_in_another_process_shows_within_a_second(
    full_service, down, generation_clock
):
    url = full_service.get_absolute_url()
    Client().get(url)
    # Another process's edit: the row changes and it counts an edit in PostgreSQL.
    Service.objects.filter(pk=full_service.pk).update(name="CAW onthaal Gent-Centrum")
    count_edit()

    generation_clock.now += pages.GENERATION_CHECK_SECONDS * 0.9
    assert "Gent-Centrum" not in Client().get(url).content.decode()
    generation_clock.now += pages.GENERATION_CHECK_SECONDS * 0.1
    assert "Gent-Centrum" in Client().get(url).content.decode()


def test_with_redis_down_no_page_is_written_to_it(
    full_service, down, generation_clock, monkeypatch
):
    written = []
    monkeypatch.setattr(down, "set", lambda key, *args, **kwargs: written.append(key))
    # past the generation the fixtures' saves made
    generation_clock.now += pages.GENERATION_CHECK_SECONDS

    assert Client().get(full_service.get_absolute_url()).status_code == 200

    assert not [key for key in written if key.startswith("pagecache:page:")]


def test_pages_redis_kept_through_an_outage_are_not_served_after_an_edit_made_during_it(
    full_service, redis_cache, redis_url, unreachable_redis_url, settings, generation_clock
):
    settings.PAGE_CACHE_SECONDS = 300
    reachable = cache_settings(redis_url)
    settings.CACHES = reachable
    url = full_service.get_absolute_url()
    Client().get(url)  # stored in Redis
    old_generation = caches["default"].get(pages.GENERATION_KEY)

    settings.CACHES = cache_settings(unreachable_redis_url)  # Redis goes away
    full_service.name = "CAW onthaal Gent-Centrum"
    full_service.save()
    settings.CACHES = reachable  # and comes back with its old generation and page
    generation_clock.now += pages.GENERATION_CHECK_SECONDS
    assert caches["default"].get(pages.GENERATION_KEY) == old_generation

    assert "Gent-Centrum" in Client().get(url).content.decode()
    assert caches["default"].get(pages.GENERATION_KEY) != old_generation


def test_when_redis_answers_again_pages_are_stored_in_it_again(
    full_service, redis_cache, redis_url, unreachable_redis_url, settings, generation_clock
):
    settings.PAGE_CACHE_SECONDS = 300
    reachable = cache_settings(redis_url)
    url = full_service.get_absolute_url()
    settings.CACHES = cache_settings(unreachable_redis_url)
    Client().get(url)
    settings.CACHES = reachable
    assert caches["default"].keys("pagecache:page:*") == []

    generation_clock.now += pages.GENERATION_CHECK_SECONDS
    Client().get(url)

    assert len(caches["default"].keys("pagecache:page:*")) == 1


def test_every_new_generation_counts_an_edit(full_service):
    before = edits()

    full_service.save()

    assert edits() > before
