"""The opening hours behind the cards' "Nu open" are read once per process for each service
and kept until the directory's data change (pagecache.shared_for_each): the next page or search
that shows the same services needs no query for them, and still tells the time right."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory import opening
from directory.models import Closure, OpeningHours
from pagecache import shared

pytestmark = pytest.mark.django_db
BRUSSELS = opening.BRUSSELS
MONDAY_10 = datetime.datetime(2026, 11, 23, 10, tzinfo=BRUSSELS)


@pytest.fixture
def now(monkeypatch):
    def set_now(moment):
        monkeypatch.setattr(opening, "brussels_now", lambda: moment)

    set_now(MONDAY_10)
    return set_now


@pytest.fixture
def day_and_evening(make_service, city):
    """Two services in Gent: one open on Monday from 9 to 17, one from 18 to 22."""
    day, evening = make_service("Dagdienst", cities=[city]), make_service("Avond", cities=[city])
    for service, opens, closes in [(day, 9, 17), (evening, 18, 22)]:
        OpeningHours.objects.create(
            service=service,
            weekday=1,
            opens_at=datetime.time(opens),
            closes_at=datetime.time(closes),
        )
    return day, evening


def cards(url):
    """The card statuses by service name, and whether the page read opening hours."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    statuses = {}
    for card in response.text.split('<article class="service-card">')[1:]:
        name = card.split("</a></h3>")[0].rsplit(">", 1)[1]
        statuses[name] = card.split('<p class="opening-status')[1].split(">")[1].split("<")[0]
    read_hours = any("directory_openinghours" in query["sql"] for query in queries)
    return statuses, read_hours


def test_a_second_page_with_the_same_services_reads_no_hours(page_cache, now, day_and_evening):
    first, first_read = cards("/diensten/")
    second, second_read = cards("/diensten/?stad=gent")

    assert first == second == {"Dagdienst": "Nu open", "Avond": "Nu gesloten"}
    assert first_read and not second_read


def test_the_kept_hours_still_follow_the_clock(page_cache, now, day_and_evening):
    cards("/diensten/")
    now(MONDAY_10.replace(hour=19))

    statuses, read_hours = cards("/diensten/?stad=gent")

    assert statuses == {"Dagdienst": "Nu gesloten", "Avond": "Nu open"}
    assert not read_hours


def test_a_new_closure_shows_on_the_next_page(page_cache, now, day_and_evening):
    day, _evening = day_and_evening
    cards("/diensten/")
    Closure.objects.create(
        service=day, start_date=MONDAY_10.date(), end_date=MONDAY_10.date(), reason="Verlof"
    )

    statuses, read_hours = cards("/diensten/?stad=gent")

    assert statuses["Dagdienst"] == "Nu gesloten"
    assert read_hours


def test_only_the_missing_items_are_built_and_the_least_recently_used_go(page_cache):
    built = []

    def build(keys):
        built.append(keys)
        return {key: key * 10 for key in keys}

    assert shared.shared_for_each("test", [1, 2], build, max_kept=3) == {1: 10, 2: 20}
    assert shared.shared_for_each("test", [2, 3, 4], build, max_kept=3) == {2: 20, 3: 30, 4: 40}
    assert shared.shared_for_each("test", [1, 4], build, max_kept=3) == {1: 10, 4: 40}

    assert built == [[1, 2], [3, 4], [1]]


def test_an_item_dropped_by_another_request_meanwhile_is_no_error(page_cache):
    """Another thread's request (runserver, threaded workers) may drop an item while this one
    builds the missing ones: here the build itself asks for another item, which pushes out the
    one read before it."""

    def build(keys):
        if keys == [2]:
            shared.shared_for_each("test", [3], lambda more: dict.fromkeys(more, "c"), max_kept=1)
        return dict.fromkeys(keys, "b")

    shared.shared_for_each("test", [1], lambda keys: dict.fromkeys(keys, "a"), max_kept=1)

    assert shared.shared_for_each("test", [1, 2], build, max_kept=1) == {1: "a", 2: "b"}


def test_without_the_page_cache_every_call_builds(settings):
    settings.PAGE_CACHE_SECONDS = 0
    calls = []

    def build(keys):
        calls.append(keys)
        return dict.fromkeys(keys, "waarde")

    shared.shared_for_each("test", ["a"], build)
    shared.shared_for_each("test", ["a"], build)

    assert calls == [["a"], ["a"]]
