"""The service list read through SQL compiled once per shape (directory.listing) lists exactly
what the ORM's query lists: the same services, in the same order, with the same annotations,
for every combination of filters and words, in every language."""

import datetime
from dataclasses import replace

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory import deep_pages, listing
from directory.compiled_sql import ShapeBudget
from directory.filters import ServiceFilter
from directory.listing import CompiledListing, Selection, card_services, listed_services
from directory.models import Service
from directory.models.grouped import can_read_by_groups
from directory.search import understand
from directory.search.ranking import SearchTerms

NOW = datetime.datetime(2026, 12, 2, 10, 30, tzinfo=datetime.UTC)
# What a card and the page use of each listed service, besides its fields.
SHOWN = (
    "search_result_count",
    "search_problem_id",
    "search_score",
    "search_name_score",
    "open_to_anyone",
    "speaks_language",
    "asked_language_code",
    "asked_language_name",
    "quick_channel_kind",
    "quick_channel_value",
    "has_opening_hours",
    "is_open_now",
)
# Requests as residents make them: a word, a typo, a phrase, words a LIKE pattern treats
# specially, a name with a typo, words in no vocabulary that names hold, filters alone and
# together.
REQUESTS = [
    {"q": "psycholoog"},
    {"q": "eenzaamhied"},
    {"q": "ik kan mijn huur niet meer betalen"},
    {"q": "rouw na overlijden van mijn mama", "stad": "gent"},
    {"q": "schuldbemidelling"},
    {"q": "onthaal"},
    {"q": "wijkgezondheidscentrum schulden", "stad": "gent"},
    {"q": "straathoekwerk voor jongeren"},
    {"q": "50% korting_voor \\ iedereen"},
    {"q": "it's -- ; drop"},
    {"q": "ja"},
    {"q": "zelfmoord", "gratis": "ja", "tolk": "ja"},
    {"q": "stress", "taal": "ar"},
    {"q": "angst", "probleem": "psychisch-welzijn", "leeftijd": "15"},
    {"q": "hulp", "wijk": "gent-binnenstad", "zonder_doorverwijzing": "ja"},
    {"q": "gesprek", "soort": "hulplijn", "huisbezoek": "ja"},
    {"stad": "aalst"},
    {"stad": "gent", "gratis": "ja", "tolk": "ja"},
    {"probleem": "stress", "leeftijd": "0"},
    {"wijk": "gent-binnenstad"},
    {"soort": "hulplijn"},
    {},
]


def selection_for(params: dict) -> Selection:
    request = RequestFactory().get("/diensten/", params)
    filterset = ServiceFilter(request.GET or None, queryset=card_services(NOW))
    return filterset.selection()


def shown(services) -> list[tuple]:
    return [
        (
            service.pk,
            service.name,
            service.organization.name,
            str(service.localized("summary")),
            service.localized("summary").lang,
            *(getattr(service, name, None) for name in SHOWN),
        )
        for service in services
    ]


@pytest.fixture(autouse=True)
def nothing_compiled_yet(monkeypatch):
    monkeypatch.setattr(listing, "_compiled", {})
    monkeypatch.setattr(listing, "_budget", ShapeBudget(listing.MAX_COMPILED_SHAPES))
    monkeypatch.setattr(deep_pages, "_by_language", {})


@pytest.fixture(params=["rows with their cards", "keys first"])
def page_reading(request, monkeypatch):
    """Every page read as a first page is (its rows with their cards) or as a deep page is (its
    keys first, then their cards: directory.deep_pages)."""
    first_deep_row = 0 if request.param == "keys first" else 10**9
    monkeypatch.setattr(deep_pages, "KEYS_FIRST_FROM", first_deep_row)
    return request.param


@pytest.mark.parametrize("language", ["nl", "fr", "ar"])
def test_the_compiled_list_is_the_orms_list(demo_data, language, page_reading):
    with translation.override(language):
        for params in REQUESTS:
            selection = selection_for(params)
            compiled = listed_services(selection, NOW)
            assert isinstance(compiled, CompiledListing), params
            through_orm = selection.applied_to(card_services(NOW))
            for start, stop in [(0, 21), (3, 8), (20, 41)]:
                assert shown(compiled[start:stop]) == shown(through_orm[start:stop]), params


def test_each_shape_is_built_once_whatever_the_words(demo_data, monkeypatch):
    builds = []
    monkeypatch.setattr(
        listing, "card_services", lambda *a, **kw: builds.append(a) or card_services(*a, **kw)
    )
    words = ["schulden", "eenzaamheid", "zelfmoord", "deurwaarder", "gokverslaving", "angst"]
    selections = [selection_for({"q": word, "stad": "gent"}) for word in words]
    # A shape: how many problem types, words and misspelt words (the lists' lengths).
    shapes = {
        tuple(len(v) if isinstance(v, list) else None for v in s.values()) for s in selections
    }
    for selection in selections:
        listed_services(selection, NOW)[0:21]
    # One more: the choices without the search, counted to choose how to rank (one shape).
    assert len(builds) == len(shapes) + 1 < len(words)

    again = selection_for({"q": "schuldhulp", "stad": "gent"})
    with CaptureQueriesContext(connection) as queries:
        rows = listed_services(again, NOW)[0:21]

    assert rows
    # The page's rows, their hours and the count of what the choices leave, unless kept.
    assert len(queries) <= 3
    assert len(builds) == 1 + len(
        shapes | {tuple(len(v) if isinstance(v, list) else None for v in again.values())}
    )


@pytest.fixture
def many_languages(make_service, language, city):
    """45 services: every third speaks Arabic, every other works with interpreters, some in
    Gent: groups of all sizes on every page."""
    for number in range(45):
        service = make_service(
            f"Dienst {number:02}",
            interpreter_available=number % 2 == 0,
            cities=[city] if number % 5 else [],
        )
        if number % 3 == 0:
            service.languages.set([language])


@pytest.mark.parametrize("params", [{"taal": "ar"}, {"taal": "ar", "stad": "gent"}])
def test_a_language_list_is_compiled_and_read_by_groups_as_the_orm_reads_it(
    many_languages, params, page_reading
):
    """Issue 18, eleventh run: a language's list (its speakers first) went through the ORM on
    every page, 14 ms of CPU against 7 for a city's; it is compiled once per page end now."""
    selection = selection_for(params)
    compiled = listed_services(selection, NOW)
    through_orm = selection.applied_to(card_services(NOW))

    assert isinstance(compiled, CompiledListing)
    for start, stop in [(0, 21), (20, 41), (3, 8), (40, 61), (0, 21)]:
        with CaptureQueriesContext(connection) as queries:
            page = compiled[start:stop]
        assert shown(page) == shown(through_orm[start:stop]), (start, stop)
        assert "UNION ALL" in queries.captured_queries[0]["sql"]
    assert any(service.speaks_language for service in compiled[0:21])


def test_a_selection_knows_whether_its_query_reads_by_groups(demo_data):
    for params in [*REQUESTS, {"taal": "ar"}, {"taal": "ar", "dichtbij": "9000"}]:
        selection = selection_for(params)
        query = selection.applied_to(card_services(NOW))
        assert selection.reads_by_groups == can_read_by_groups(query), params


def test_the_search_reads_texts_in_tie_order_unfiltered_or_with_nu_open_tested_one_by_one(
    demo_data,
):
    """Reading the services found only through their texts in the tie order pays when no
    filter narrows them, and when "Nu open" tests each (most pass at a busy moment); not with
    cheap filters, nor when the open services are read as one set (few are open)."""
    assert selection_for({"q": "hulp"}).reads_texts_in_tie_order
    assert not selection_for({"q": "hulp", "gratis": "ja"}).reads_texts_in_tie_order
    one_by_one = selection_for({"q": "hulp", "open_nu": "ja", "gratis": "ja"})
    assert not one_by_one.few_open
    assert one_by_one.reads_texts_in_tie_order
    assert not replace(one_by_one, few_open=True).reads_texts_in_tie_order


def test_only_a_search_with_no_filter_counts_as_unfiltered(demo_data):
    """An unfiltered search reads the services found only through their texts in the tie
    order (directory.search.candidates.best_ids): any filter must switch that off."""
    narrowing = [
        {"gratis": "ja"},
        {"zonder_doorverwijzing": "ja"},
        {"tolk": "ja"},
        {"huisbezoek": "ja"},
        {"soort": "hulplijn"},
        {"probleem": "stress"},
        {"stad": "gent"},
        {"wijk": "gent-binnenstad"},
        {"leeftijd": "15"},
        {"taal": "ar"},
        {"open_nu": "ja"},
    ]
    assert selection_for({"q": "hulp"}).only_searches
    assert selection_for({"q": "hulp", "dichtbij": "9000"}).only_searches  # sorts, keeps all
    for params in narrowing:
        assert not selection_for({"q": "hulp", **params}).only_searches, params


@pytest.mark.parametrize(
    "params",
    [
        {"open_nu": "ja"},
        {"dichtbij": "9000"},
        {"open_nu": "ja", "q": "hulp"},
        {"open_nu": "ja", "taal": "ar"},
        {"dichtbij": "9000", "q": "hulp"},
    ],
)
def test_what_cannot_be_compiled_goes_through_the_orm(demo_data, params, page_reading):
    selection = selection_for(params)
    through_orm = selection.applied_to(card_services(NOW))

    services = listed_services(selection, NOW)

    assert not isinstance(services, CompiledListing)
    for start, stop in [(0, 21), (20, 41), (3, 8)]:
        with CaptureQueriesContext(connection) as queries:
            page = services[start:stop]
        assert shown(page) == shown(through_orm[start:stop]), (start, stop)
        first = queries.captured_queries[0]["sql"]
        # By distance without a search, NearestFirst reads its rings with their cards.
        by_distance = "dichtbij" in params and "q" not in params
        keys_first = page_reading == "keys first" and not by_distance
        assert ("directory_contactchannel" not in first) == keys_first, (start, stop)
    assert services.count(501) == through_orm.count()


def test_a_selection_takes_other_values_in_the_same_shape(db):
    first = Selection(
        flags=("gratis",),
        city_id=1,
        language=(3, "ar", "Arabisch"),
        search=SearchTerms.of(understand("schulden")),
    )
    second = Selection(
        flags=("gratis",),
        city_id=2,
        language=(4, "fr", "Frans"),
        search=SearchTerms({7: 1.1, 8: 0.5}, ["schuldbemidelling", "huur"], ["schuldbemidelling"]),
    )

    assert first.shape() == second.shape()
    assert first.with_values(second.values()) == second


def test_past_the_kept_shapes_lists_are_still_right(demo_data, monkeypatch):
    monkeypatch.setattr(listing, "MAX_COMPILED", 1)
    listed_services(selection_for({"q": "stress"}), NOW)[0:21]
    selection = selection_for({"q": "stress", "stad": "gent"})

    services = listed_services(selection, NOW)

    assert not isinstance(services, CompiledListing)
    assert shown(services[:21]) == shown(selection.applied_to(card_services(NOW))[:21])


def test_a_compiled_list_counts_as_the_orm_does(demo_data):
    for params in REQUESTS:
        selection = selection_for(params)
        through_orm = selection.applied_to(card_services(NOW))
        for limit in (3, 501):
            expected = min(through_orm.count(), limit)
            assert listed_services(selection, NOW).count(limit) == expected, params


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_each_problem_page_lists_what_the_orm_lists(demo_data, language, page_reading):
    from directory.choices import DirectoryChoices
    from directory.models import City, ProblemType

    choices = DirectoryChoices()
    with translation.override(language):
        for problem in ProblemType.objects.all():
            ids = tuple(sorted(choices.descendant_ids(problem)))
            for city_id in [None, *City.objects.values_list("pk", flat=True)]:
                selection = Selection(problem_ids=ids, city_id=city_id, by_centrality=True)
                compiled = listed_services(selection, NOW)
                assert isinstance(compiled, CompiledListing)
                through_orm = selection.applied_to(card_services(NOW))
                for start, stop in [(0, 21), (2, 5)]:
                    assert shown(compiled[start:stop]) == shown(through_orm[start:stop])
                assert compiled.count(501) == through_orm.count()


def test_odd_searches_compile_no_more_shapes_than_the_budget(demo_data, monkeypatch):
    """Each number of words is a shape of its own; past the budget the ORM builds the query,
    so a flood of odd searches cannot fill a worker's memory with compiled queries."""
    monkeypatch.setattr(listing, "_budget", ShapeBudget(3))
    words = ["zelfmoord", "psycholoog", "hulp gesprek", "ik kan mijn huur niet meer betalen"]
    selections = [selection_for({"q": query}) for query in [*words, "rouw verlies mama papa kind"]]

    for selection in selections:
        through_orm = selection.applied_to(card_services(NOW))
        assert shown(listed_services(selection, NOW)[0:21]) == shown(through_orm[0:21])

    shapes = {
        tuple(len(v) if isinstance(v, list) else None for v in s.values()) for s in selections
    }
    assert len(shapes) > 3
    compiled = sum(queries.compiled_shapes() for queries in listing._compiled.values())
    assert compiled == 3


def test_past_the_kept_page_ends_a_language_list_is_read_by_groups_through_the_orm(
    many_languages, monkeypatch
):
    monkeypatch.setattr(listing, "MAX_GROUPED_PAGE_ENDS", 0)
    selection = selection_for({"taal": "ar"})
    through_orm = selection.applied_to(card_services(NOW))

    with CaptureQueriesContext(connection) as queries:
        page = listed_services(selection, NOW)[20:41]

    assert shown(page) == shown(through_orm[20:41])
    assert any("UNION ALL" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("params", [{"taal": "ar"}, {"stad": "gent"}, {"q": "dienst"}])
def test_a_deep_page_works_out_the_cards_of_its_own_rows_only(many_languages, params, monkeypatch):
    """Issue 18, twenty-first run: page 25 of the services that speak Arabic worked out the
    cards' phone numbers and summaries for 1,000 rows to show 20 (14 ms of SQL at 10,000
    services, 2 for page 1). From KEYS_FIRST_FROM on, a page reads its keys first."""
    monkeypatch.setattr(deep_pages, "KEYS_FIRST_FROM", 20)
    selection = selection_for(params)
    through_orm = selection.applied_to(card_services(NOW))
    compiled = listed_services(selection, NOW)

    with CaptureQueriesContext(connection) as first:
        first_page = compiled[0:21]
    with CaptureQueriesContext(connection) as deep:
        deep_page = compiled[20:41]

    assert shown(first_page) == shown(through_orm[0:21])
    assert shown(deep_page) == shown(through_orm[20:41])
    assert deep_page, params
    # A first page: its rows with their cards in one query.
    assert "directory_contactchannel" in first.captured_queries[0]["sql"]
    # A deep page: its keys in the list's order, reading no card, then the cards of those.
    keys_sql, cards_sql = (query["sql"] for query in deep.captured_queries[:2])
    assert "directory_contactchannel" not in keys_sql
    assert "directory_contactchannel" in cards_sql
    # Found by their keys: not sorted, not counted off.
    assert "ORDER BY" not in cards_sql.rsplit(")", 1)[-1]
    assert "LIMIT" not in cards_sql.rsplit(")", 1)[-1]
    for service in deep_page:
        assert f"{service.pk}" in cards_sql.split("WHERE")[-1]


def test_a_service_gone_between_a_deep_pages_keys_and_its_cards_is_left_out(many_languages):
    selection = selection_for({"taal": "ar"})
    keys = list(selection.applied_to(Service.objects.published().active().only("name"))[0:21])
    gone = keys[3]
    Service.objects.filter(pk=gone.pk).delete()
    cards_by_key = deep_pages.CardsByKey(
        lambda ids: card_services(NOW).with_open_now(None).filter(pk__in=ids)
    )

    cards = cards_by_key.cards_of(keys)
    few = cards_by_key.cards_of(keys[:2])

    left = [key for key in keys if key.pk != gone.pk]
    assert [card.pk for card in cards] == [key.pk for key in left]
    # What the list set on each key (its speakers first) comes with the card.
    assert [card.speaks_language for card in cards] == [key.speaks_language for key in left]
    assert any(card.speaks_language for card in cards)
    assert [card.pk for card in few] == [key.pk for key in keys[:2]]
    # Up to KEYS_PER_LOOKUP keys, one compiled query.
    assert cards_by_key._query.compiled_shapes() == 1
