"""The first pass of a capped search on PostgreSQL (directory.search.candidates, issue 18)
keeps the same services as scoring every match would: through the sets of problem types, the
name bonus that lifts a service past better sets, typos in names, texts only, the other
filters, and caps below, at and above the number of matches."""

import datetime
import random
import re

import pytest
from django.db import connection

from directory.models import Service
from directory.search import candidates, search_refreshes_deferred
from directory.search.ranking import SearchTerms, ranked

MONDAY_10U = datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC)  # 10u in Brussels

WORDS = ("psycholoog", "praatgroep", "rouw", "mama")


@pytest.fixture
def directory_of_sets(make_service, make_problem, city, other_city):
    """90 services over six problem types, in 0-3 of them each (so sets repeat and tie), some
    with a query word in their name or only in their summary, free or not, in either city."""
    problems = [make_problem(f"Probleem {letter}") for letter in "ABCDEF"]
    draw = random.Random(18)
    with search_refreshes_deferred():
        _make_services(make_service, problems, [city, other_city], draw)
    return [p.pk for p in problems]


def _make_services(make_service, problems, cities, draw):
    """Made in a shuffled order of their names: the table's order is not the tie order."""
    numbers = list(range(90))
    draw.shuffle(numbers)
    for number in numbers:
        name_words = [w for w in WORDS if draw.random() < 0.15]
        summary_words = [w for w in WORDS if draw.random() < 0.2]
        make_service(
            f"Dienst {number:02} {' '.join(name_words)}".strip(),
            summary=f"Hulp {' '.join(summary_words)}".strip(),
            problems=draw.sample(problems, draw.choice([0, 1, 1, 2, 2, 3])),
            cities=[draw.choice(cities)],
            cost=draw.choice([Service.Cost.FREE, Service.Cost.OTHER]),
            referral_required=draw.choice([True, False, None]),
            is_published=draw.random() > 0.05,
            channels=False,
        )


def _terms(problem_ids, weights, words=(), misspelt=()):
    """Terms as SearchTerms.of makes them: the misspelt words are the first search words."""
    problems = {problem_ids[index]: weight for index, weight in weights.items()}
    words = [*misspelt, *(word for word in words if word not in misspelt)]
    return SearchTerms(problems, words, list(misspelt))


QUERIES = {
    "one problem type, its word in names": ({0: 1.1}, ["psycholoog"], []),
    "a type and those below it": ({0: 1.1, 1: 0.88, 2: 0.88}, ["praatgroep"], []),
    "two words, two types": ({3: 2.1, 4: 1.05}, ["rouw", "mama"], []),
    "problem types only": ({5: 1.1, 1: 0.55}, [], []),
    "texts only": ({}, ["psycholoog"], []),
    "a word in every summary": ({}, ["hulp"], []),
    "a misspelt name": ({2: 1.1}, ["praatgroep"], ["praatgrop"]),
    "a misspelt name and nothing else": ({}, [], ["psycholog"]),
    "several words, in names, no problem type": ({}, ["psycholoog", "rouw", "mama"], []),
    "words and a misspelt name, no problem type": ({}, ["praatgroep", "mama"], ["psycholog"]),
}


def _kept(queryset, terms, limit, texts_in_tie_order=False, indexed=None):
    found = ranked(
        queryset, terms, limit=limit, texts_in_tie_order=texts_in_tie_order, indexed=indexed
    )
    ids = set(found.values_list("pk", flat=True))
    counts = {service.search_result_count for service in found}
    return ids, counts


@pytest.mark.parametrize(
    "only", ["all", "free", "in one city", "free, keys indexed", "free, texts in tie order"]
)
@pytest.mark.parametrize("names_read", ["through their index", "set by set"])
def test_the_sets_keep_what_scoring_every_match_keeps(
    directory_of_sets, city, monkeypatch, only, names_read
):
    """With every published service ("all"), or when asked with a filter (as "Nu open" tested
    one by one asks), services found only through their texts are read in the tie order
    until there are enough (best_ids' ``texts_in_tie_order``). With a tick box
    tested row by row, as when the sets are walked, its filter key is added to the parts read
    in one scan (best_ids' ``indexed``): the same services."""
    if names_read == "set by set":  # as when FEW_NAMED services or more have a name bonus
        monkeypatch.setattr(candidates, "FEW_NAMED", 1)
    listed = Service.objects.published().active()
    if only in ("free", "free, texts in tie order"):
        listed = listed.filter(cost=Service.Cost.FREE)
    elif only == "in one city":
        listed = listed.in_city(city)
    indexed = None
    if only.endswith("keys indexed"):
        listed = listed.meeting(["gratis"], by_key=False)
        indexed = Service.objects.filter_key_condition(["gratis"])
    limits = (1, 4, 12, 30, 200)  # 200: more than there are
    cases = {}
    for query, (weights, words, misspelt) in QUERIES.items():
        terms = _terms(directory_of_sets, weights, words, misspelt)
        assert "wegwijs_sets" in str(ranked(listed, terms, limit=1).query) or not weights
        cases[query] = terms

    if indexed is not None:
        named = ranked(listed, cases["one problem type, its word in names"], 5, indexed=indexed)
        assert "search_filter_keys" in str(named.query)
    through_sets = {
        (query, limit): _kept(
            listed,
            terms,
            limit,
            texts_in_tie_order=only in ("all", "free, texts in tie order"),
            indexed=indexed,
        )
        for query, terms in cases.items()
        for limit in limits
    }
    monkeypatch.setattr(candidates, "applies_to", lambda problems: False)
    every_match_scored = {
        (query, limit): _kept(listed, terms, limit)
        for query, terms in cases.items()
        for limit in limits
    }

    differ = [case for case in through_sets if through_sets[case] != every_match_scored[case]]
    assert differ == []
    too_few = [q for q in cases if len(every_match_scored[(q, 200)][0]) <= 4]
    assert too_few == [], "cases with too few matches to test a cut"


def test_a_name_bonus_lifts_a_service_past_better_sets_at_the_cut(make_service, make_problem):
    """Eight services for the problem alone fill a cap of 5; a service that also has another
    problem type scores less, but the word in its name lifts it above them all."""
    problem, other = make_problem("Eenzaamheid"), make_problem("Schulden")
    for number in range(8):
        make_service(f"Dienst {number}", problems=[problem])
    lifted = make_service("Praatgroep", problems=[problem, other])
    terms = SearchTerms({problem.pk: 1.1}, ["praatgroep"], [])

    found = ranked(Service.objects.published().active(), terms, limit=5)

    assert lifted in found
    assert found[0] == lifted
    assert len(found) == 5


def test_texts_fill_the_list_after_the_problem_types(make_service, make_problem):
    problem = make_problem("Eenzaamheid")
    by_problem = [make_service(f"Dienst {n}", problems=[problem]) for n in range(2)]
    by_text = [make_service(f"Hulp {n}", summary="Een psycholoog luistert") for n in range(3)]
    terms = SearchTerms({problem.pk: 1.1}, ["psycholoog"], [])

    found = list(ranked(Service.objects.published().active(), terms, limit=4))

    assert found[:2] == sorted(by_problem, key=lambda s: s.name)
    assert set(found[2:]) < set(by_text) and len(found) == 4
    assert {s.search_result_count for s in found} == {4}


def test_only_positive_weights_take_the_sets():
    assert candidates.applies_to({1: 1.1, 2: 0.55})
    assert not candidates.applies_to({1: 1.1, 2: 0.0})


def test_a_new_set_of_problem_types_is_found_as_soon_as_it_is_saved(make_service, make_problem):
    """The first pass scores the sets that triggers keep (migration 0017): a service whose
    problem types make a set no service had is found at once, by a capped search too."""
    loneliness, debts, housing = (make_problem(n) for n in ("Eenzaamheid", "Schulden", "Wonen"))
    service = make_service("Buurtwerk", problems=[loneliness])
    service.problem_types.set([debts, housing])  # directory.signals refreshes its row
    terms = SearchTerms({housing.pk: 1.1}, [], [])

    found = ranked(Service.objects.published().active(), terms, limit=5)

    assert list(found) == [service]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ids FROM {candidates.PROBLEM_TYPE_SETS}")
        known = {tuple(ids) for (ids,) in cursor.fetchall()}
    assert tuple(sorted([debts.pk, housing.pk])) in known


def test_services_found_only_through_their_texts_are_tested_on_the_document_alone(
    directory_of_sets,
):
    """Step 5 leaves out the services named like a word (step 3 has them), so it needs no test
    of names like an unknown word: with those trigram conditions in it, PostgreSQL guessed
    thousands of matches for words no service holds and read every service in order (1.3 s at
    100,000 services)."""
    terms = _terms(directory_of_sets, {}, ["psycholoog", "plorkt"], ["plorkt"])
    listed = Service.objects.published().active()
    sql = str(ranked(listed, terms, limit=5, texts_in_tie_order=True).query)
    first_pass = sql.split("WITH ", 1)[1]
    assert "%> plorkt" in first_pass  # the name bonus still finds names like the unknown word
    text_only = first_pass.rsplit("UNION ALL", 1)[1]
    tested, _, left_out = text_only.split(" WHERE ", 1)[1].partition(" AND NOT (")
    assert "@@" in tested
    assert "%>" not in tested
    assert "%> plorkt" in left_out


def test_postgresql_keeps_enough_common_lexemes_to_tell_a_rare_word(db):
    """Migration 0019: with the default statistics a word in no common lexeme was guessed to
    match one service in 200 (see the migration)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = 'directory_service'::regclass AND attname = 'search_document'"
        )
        assert cursor.fetchone()[0] == 1000


def test_a_name_holding_a_word_that_may_be_misspelt_counts_it_once(make_service):
    """A word in no vocabulary is looked for in the names as it is and as a possible misspelling:
    a name holding it gains one point for it, as for any other word (the pairs of words in
    best_ids' names part rest on that: one condition per word)."""
    service = make_service("Begeleiding aan huis")
    terms = SearchTerms({}, ["begeleiding"], ["begeleiding"])

    found = list(
        ranked(Service.objects.published().active(), terms, limit=5, texts_in_tie_order=True)
    )

    assert found == [service]
    assert found[0].search_name_score == 1.0


@pytest.mark.parametrize(
    "choices",
    [
        {},
        {"flags": ("gratis", "tolk", "huisbezoek", "zonder_doorverwijzing"), "city": True},
        {"kind": Service.Kind.HELPLINE, "city": True},
        {"language": True, "neighbourhood": True},
        {"open now, tested one by one": True, "city": True},
    ],
)
def test_the_index_of_the_sets_holds_every_column_the_walk_reads(
    directory_of_sets, city, monkeypatch, choices
):
    """Migration 0020: service_problem_set_idx holds every column that the walk and the names
    read set by set use, the list's filters included, so PostgreSQL reads them from the index
    alone, not from the services' rows, which are wide (at 100,000 services: 85 sets read
    for their names 40 -> 11 ms, a walk in Gent, free, with an interpreter 15 -> 9 ms; with
    "Nu open" tested one by one, migration 0026, 190 -> 42 ms). A column added to those parts
    must be added to the index too."""
    from directory.listing import Selection
    from directory.models import Language, Neighbourhood

    monkeypatch.setattr(candidates, "FEW_NAMED", 1)  # the names read set by set
    selection = Selection(
        flags=choices.get("flags", ()),
        kind=choices.get("kind"),
        city_id=city.pk if choices.get("city") else None,
        neighbourhood=_neighbourhood(Neighbourhood, city) if choices.get("neighbourhood") else None,
        language=_arabic(Language) if choices.get("language") else None,
        search=_terms(directory_of_sets, {0: 1.1, 1: 0.88}, ["psycholoog"]),
        open_at=MONDAY_10U if choices.get("open now, tested one by one") else None,
    )
    assert selection.walks_problem_sets and not selection.few_open
    sql = str(selection.applied_to(Service.objects.published().active()).query)
    walk = sql.split("wegwijs_walk AS MATERIALIZED", 1)[1].split("wegwijs_threshold AS", 1)[0]
    set_by_set = sql.split("CROSS JOIN LATERAL", 2)[2].split(" UNION ", 1)[0]
    read = set(re.findall(r'"directory_service"\."(\w+)"', walk + set_by_set))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
            " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            " WHERE i.indexrelid = 'service_problem_set_idx'::regclass"
        )
        held = {name for (name,) in cursor.fetchall()}
    assert {"search_text", "cost", "name", "is_published"} <= read
    assert read <= held


def _neighbourhood(model, city):
    neighbourhood = model.objects.create(city=city, name="Binnenstad", slug="gent-binnenstad")
    return (neighbourhood.pk, city.pk)


def _arabic(model):
    language = model.objects.get_or_create(code="ar", defaults={"name": "Arabisch"})[0]
    return (language.pk, language.code, language.name)
