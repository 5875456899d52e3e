import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights.models import (
    PERSONAL_TERM,
    DemandCount,
    _write_counts_at_exit,
    normalise_search_term,
    record,
    record_problem_view,
    record_search,
    write_counts,
)

pytestmark = pytest.mark.django_db
Event = DemandCount.Event


def counts():
    return {
        (c.event, c.subject, c.city, c.neighbourhood): c.count for c in DemandCount.objects.all()
    }


def test_recording_twice_adds_up_in_one_counter_per_month():
    record(Event.PROBLEM_VIEW, "eenzaamheid", city="gent")
    record(Event.PROBLEM_VIEW, "eenzaamheid", city="gent")
    record(Event.PROBLEM_VIEW, "eenzaamheid", city="aalst")

    assert counts() == {
        (Event.PROBLEM_VIEW, "eenzaamheid", "gent", ""): 2,
        (Event.PROBLEM_VIEW, "eenzaamheid", "aalst", ""): 1,
    }
    assert {c.month for c in DemandCount.objects.all()} == {datetime.date.today().replace(day=1)}


def test_recording_costs_one_query():
    with CaptureQueriesContext(connection) as queries:
        record(Event.CARD_PRINTED, "caw-onthaal-aalst")
    assert len(queries) == 1


def test_a_search_with_few_results_is_counted_as_an_unmet_need():
    record_search("Schulden", 5)
    record_search("schulden  ", 1)
    record_search("gokverslaving", 0)

    assert counts() == {
        (Event.SEARCH, "schulden", "", ""): 2,
        (Event.SEARCH_FEW_RESULTS, "schulden", "", ""): 1,
        (Event.SEARCH, "gokverslaving", "", ""): 1,
        (Event.SEARCH_FEW_RESULTS, "gokverslaving", "", ""): 1,
    }


def test_a_problem_view_with_no_services_is_counted_as_an_unmet_need():
    record_problem_view("dakloosheid", 0, city="aalst", neighbourhood="aalst-moorsel")
    record_problem_view("stress", 8, city="gent")

    assert counts() == {
        (Event.PROBLEM_VIEW, "dakloosheid", "aalst", "aalst-moorsel"): 1,
        (Event.PROBLEM_FEW_RESULTS, "dakloosheid", "aalst", "aalst-moorsel"): 1,
        (Event.PROBLEM_VIEW, "stress", "gent", ""): 1,
    }


@pytest.mark.parametrize(
    "typed",
    [
        "mijn man slaat mij elke avond na het werk",
        "bel mij op 0470 12 34 56",
        "jan.peeters@example.com",
        "www.mijnverhaal.be",
        "x" * 41,
    ],
)
def test_search_texts_that_may_be_personal_are_never_kept(typed):
    assert normalise_search_term(typed) == PERSONAL_TERM
    record_search(typed, 0)
    assert all(typed.lower() not in c.subject for c in DemandCount.objects.all())


def test_short_search_words_are_kept_in_lower_case():
    assert normalise_search_term("  Ik Voel  me ALLEEN ") == "ik voel me alleen"


def test_an_empty_search_is_not_counted():
    record_search("   ", 0)
    assert not DemandCount.objects.exists()


def test_buffered_counts_wait_in_memory_and_are_written_together(
    settings, monkeypatch, django_assert_num_queries
):
    settings.INSIGHTS_FLUSH_SECONDS = 10
    clock = [1000.0]
    monkeypatch.setattr("insights.models.time.monotonic", lambda: clock[0])
    write_counts()  # start the interval now

    with django_assert_num_queries(0):
        record(Event.PROBLEM_VIEW, "schulden", city="gent")
        record(Event.PROBLEM_VIEW, "schulden", city="gent")
        record_search("tolk", 5)
    assert counts() == {}

    clock[0] += 10
    with django_assert_num_queries(1):
        record(Event.PROBLEM_VIEW, "schulden", city="gent")

    assert counts() == {
        (Event.PROBLEM_VIEW, "schulden", "gent", ""): 3,
        (Event.SEARCH, "tolk", "", ""): 1,
    }


def test_counts_waiting_at_exit_are_written(settings):
    settings.INSIGHTS_FLUSH_SECONDS = 3600
    write_counts()  # start the interval now
    record(Event.PROBLEM_VIEW, "trauma")
    assert counts() == {}

    _write_counts_at_exit()

    assert counts() == {(Event.PROBLEM_VIEW, "trauma", "", ""): 1}


@pytest.mark.django_db(transaction=True)
def test_counts_that_cannot_be_written_wait_and_the_page_still_answers(client, caplog):
    """Another transaction holds the counters' table (as a deadlock or a slow write would):
    the search page answers as usual, and its count is written at the next write."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a second PostgreSQL session to hold the lock")
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:
        other.execute(f"LOCK TABLE {DemandCount._meta.db_table} IN EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        try:
            response = client.get("/diensten/", {"q": "schuldbemiddeling"})
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
        assert response.status_code == 200
        assert "wait for the next" in caplog.text
        other.rollback()

    write_counts()

    assert counts()[(Event.SEARCH, "schuldbemiddeling", "", "")] == 1
