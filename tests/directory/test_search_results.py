"""How the list pages a search's results (issue 18): the other filters apply before the
ranking, however many services match elsewhere, and the page knows its count without a COUNT
query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory import listing
from directory.models import Service

LIST = reverse("directory:service_list")


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    html = response.content.decode()
    return html, re.findall(r'<h3><a href="/diensten/([^/]+)/">', html)


def test_a_filter_keeps_its_matches_when_better_matches_elsewhere_fill_the_cap(
    client, make_service, monkeypatch
):
    monkeypatch.setattr("directory.listing.RESULT_CAP", 2)  # the list ranks the best 3
    monkeypatch.setattr("directory.listing._compiled", {})  # none compiled with the real cap
    for letter in "ABCD":
        make_service(f"Psycholoog {letter}", cost=Service.Cost.OTHER, slug=f"psy-{letter}")
    make_service("Onthaal", cost=Service.Cost.FREE, slug="onthaal", summary="Bij een psycholoog")

    _html, slugs = listed(client, q="psycholoog", gratis="on")

    assert slugs == ["onthaal"]


def counts_in(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(")]


def test_a_search_page_knows_its_count_without_a_count_query(client, make_service, settings):
    """The results carry their count. The only count is of what the other choices leave, up to
    3,001, to choose how to rank (Selection.with_ranking_strategy): it never runs the search,
    and the process keeps it for the next page (the page cache's sharing on, as in
    production). Each capture is read before the next request, which empties Django's log."""
    settings.PAGE_CACHE_SECONDS = 300
    for number in range(25):
        make_service(f"Psycholoog {number:02}", slug=f"psy-{number:02}")

    with CaptureQueriesContext(connection) as queries:
        html, first = listed(client, q="psycholoog")
    first_counts = counts_in(queries)
    with CaptureQueriesContext(connection) as queries:
        second_html, second = listed(client, q="psycholoog", page=2)
    second_counts = counts_in(queries)

    assert "25 diensten gevonden" in html
    assert "25 diensten gevonden" in second_html
    assert len(first) == 20 and len(second) == 5
    assert not set(first) & set(second)
    assert len(first_counts) == 1
    assert "search_document" not in first_counts[0] and "LIMIT 3001" in first_counts[0]
    assert second_counts == []


def test_a_page_past_the_end_gives_the_last_page(client, make_service):
    for number in range(25):
        make_service(f"Psycholoog {number:02}", slug=f"psy-{number:02}")

    html, slugs = listed(client, q="psycholoog", page=9)

    assert len(slugs) == 5
    assert "25 diensten gevonden" in html


WALK_SETS = "directory_problem_type_set"  # the first pass over sets of problem types


def ranked_sql(queries) -> str:
    return next(q["sql"] for q in queries.captured_queries if "search_document" in q["sql"])


@pytest.fixture(params=["walk the sets", "score every match"])
def strategy(request, monkeypatch):
    """Both ways a list's search may take its first pass (Selection.with_ranking_strategy):
    with a bound of 0 services left, every search walks the sets of problem types."""
    if request.param == "walk the sets":
        monkeypatch.setattr(listing, "SCORE_EVERY_MATCH_UP_TO", 0)
    return request.param


def test_a_filtered_search_tests_its_filters_once(client, make_service, city, strategy):
    """The ranked rows are read by id from candidates that passed the filters: the outer
    query does not test the city again for each of them (issue 18: a quarter of the query).
    Each part of the first pass (directory.search.candidates) tests it on its own rows."""
    for number in range(3):
        make_service(f"Psycholoog {number}", cities=[city], slug=f"psy-{number}")
    make_service("Psycholoog elders", slug="psy-elders")

    with CaptureQueriesContext(connection) as queries:
        _html, slugs = listed(client, q="psycholoog", stad=city.slug)

    assert sorted(slugs) == ["psy-0", "psy-1", "psy-2"]
    outer, candidates = re.split(r" = ANY\(ARRAY\(", ranked_sql(queries), maxsplit=1)
    assert '"search_city_ids" &&' not in outer
    assert '"search_city_ids" &&' in candidates


def test_a_list_search_walks_the_sets_of_problem_types(
    client, make_service, make_problem, monkeypatch
):
    """The list's compiled query takes the first pass over sets of problem types
    (directory.search.candidates), not the scoring of every match: its shape is compiled with
    stand-in weights, which must take the same path as the real ones."""
    monkeypatch.setattr(listing, "SCORE_EVERY_MATCH_UP_TO", 0)
    problem = make_problem("Eenzaamheid")
    make_service("Praatgroep", problems=[problem], slug="praatgroep")

    for _ in range(2):  # the second request reads the compiled query
        with CaptureQueriesContext(connection) as queries:
            _html, slugs = listed(client, q="eenzaamheid")
        assert slugs == ["praatgroep"]
        assert WALK_SETS in ranked_sql(queries)


def test_a_search_scores_every_match_where_the_other_choices_leave_few_services(
    client, make_service, make_problem, city, other_city, monkeypatch
):
    """Issue 18, eleventh run: walking the sets cost more than scoring every match when the
    filters left a few thousand services. The choice follows the values, not only the shape:
    the same kind of search takes one way in a small city and the other in a big one."""
    monkeypatch.setattr(listing, "SCORE_EVERY_MATCH_UP_TO", 3)
    problem = make_problem("Eenzaamheid")
    make_service("Praatgroep Gent", problems=[problem], cities=[city], slug="gent")
    for number in range(4):
        make_service(f"Praatgroep {number}", problems=[problem], cities=[other_city])

    for _ in range(2):  # compiled at the first request, read from it at the second
        with CaptureQueriesContext(connection) as small:
            _html, slugs = listed(client, q="eenzaamheid", stad=city.slug)
        assert slugs == ["gent"]
        assert WALK_SETS not in ranked_sql(small)

        with CaptureQueriesContext(connection) as big:
            _html, slugs = listed(client, q="eenzaamheid", stad=other_city.slug)
        assert len(slugs) == 4
        assert WALK_SETS in ranked_sql(big)


SEARCHES = [
    {"q": "ik voel me zo alleen"},
    {"q": "ik kan mijn huur niet betalen", "stad": "gent"},
    {"q": "schulden", "gratis": "on"},
    {"q": "psycholoog", "stad": "aalst"},
    {"q": "depresie"},
    {"q": "mijn zoon drinkt te veel", "stad": "aalst"},
    {"q": "rouw", "stad": "gent", "gratis": "on"},
    {"q": "ik voel me eenzaam", "dichtbij": "9300"},  # read through the ORM, not compiled
]


@pytest.mark.parametrize("params", SEARCHES, ids=lambda params: params["q"])
def test_both_ways_list_the_same_services_in_the_same_order(client, demo_data, params):
    """Which way the first pass goes changes only its speed (the demo's few services are
    scored; with a bound of 0 they are walked)."""
    with CaptureQueriesContext(connection) as scoring:
        _html, scored = listed(client, **params)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listing, "SCORE_EVERY_MATCH_UP_TO", 0)
        with CaptureQueriesContext(connection) as walking:
            _html, walked = listed(client, **params)

    assert scored and walked == scored
    assert WALK_SETS not in ranked_sql(scoring)
    assert WALK_SETS in ranked_sql(walking)
