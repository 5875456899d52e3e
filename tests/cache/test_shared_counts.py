"""A listing's count is run once per process for all its pages (each a new address for the page
cache), and again as soon as the directory's data change."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pagecache import shared

pytestmark = pytest.mark.django_db


def counts_run(url):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    # A listing's count; not the opening hours counted by weekday and time (open_now).
    return sum(query["sql"].startswith("SELECT COUNT(*)") for query in queries), response


@pytest.fixture
def listing(make_service, city):
    """45 services in Gent: three pages of the list, each needing the count."""
    return [make_service(f"Dienst {n:02}", cities=[city]) for n in range(45)]


def test_the_pages_of_a_list_count_once(listing, page_cache):
    first, response = counts_run("/diensten/?stad=gent&page=2")
    second, other = counts_run("/diensten/?stad=gent&page=1")

    assert first == 1 and second == 0
    assert response.context["page_obj"].paginator.count == 45
    assert other.context["page_obj"].paginator.count == 45
    assert "45 diensten gevonden" in other.text


def test_another_filter_counts_its_own_rows(listing, page_cache, make_service, other_city):
    make_service("In Aalst", cities=[other_city])
    counts_run("/diensten/?stad=gent&page=2")

    runs, response = counts_run("/diensten/?page=2")

    assert runs == 1
    assert response.context["page_obj"].paginator.count == 46


def test_an_edit_counts_again(listing, page_cache, make_service, city):
    counts_run("/diensten/?stad=gent&page=2")
    make_service("Nieuw in Gent", cities=[city])

    runs, response = counts_run("/diensten/?stad=gent&page=1")

    assert runs == 1
    assert response.context["page_obj"].paginator.count == 46


def test_the_open_data_pages_count_once(listing, page_cache):
    first, response = counts_run("/api/hsds/services/?per_page=10&page=2")
    second, other = counts_run("/api/hsds/services/?per_page=10&page=3")

    assert (first, second) == (1, 0)
    assert response.json()["total_items"] == other.json()["total_items"] == 45


def test_the_counts_kept_are_bounded(listing, page_cache, monkeypatch):
    monkeypatch.setattr(shared, "MAX_SHARED_COUNTS", 2)
    for age in (30, 40, 50):  # three counts: services without age groups welcome every age
        counts_run(f"/diensten/?leeftijd={age}&page=2")

    assert len(shared._counts) == 2
    assert counts_run("/diensten/?leeftijd=30")[0] == 1  # the oldest went
    assert counts_run("/diensten/?leeftijd=50")[0] == 0
