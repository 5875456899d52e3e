"""The first pass of a ranked search on PostgreSQL (directory.search.ranking): the ids of the
best ``limit`` matches by the score without ts_rank, found without scoring every match.

That score is  the problem score of the service's problem types (StoredProblemScore)
             + NAME_WEIGHT x the query words in its name (its "name bonus");
ties at the cut go by the set of problem types, then to services open to anyone, then by name
(CUT_ORDER). Scoring and sorting every match was most of a search at 100,000 services (issue
18: "depressie" matched 42,000 services through its problem types, 92 ms). But services share
their problem types: 100,000 generated services have about 400 different sets of them, and a
set's problem score is the same for all its services. So, in one statement:

1. ``scored``: the sets of problem types that services have, each once (a table that triggers
   keep, migration 0017), with one of the query's; each scored once;
2. ``walk``: the sets from the best score down, each set's services (the list's filters
   applied) in the tie order from service_problem_set_idx, until ``limit`` are found. T, the
   lowest problem score among them: at least ``limit`` services score T or more, so none that
   scores less can be among the best;
3. the services with a name bonus (at most B = NAME_WEIGHT x the words) that can still reach
   T: those in sets scoring at least T - B whose score reaches T (read through the names'
   trigram index when fewer than FEW_NAMED services have a name bonus, else set by set,
   from service_problem_set_idx alone: migration 0020), and those without any of the
   query's problem types when B >= T (as two parts: ``_named_elsewhere_sql``);
4. ``best``: the best ``limit`` of 2 and 3 by the whole first-pass score;
5. when that is fewer than ``limit``: services found only through their texts (scoring 0),
   in the tie order, as many as are missing.

The result is the best ``limit`` in the same order as scoring every match
(tests/directory/test_search_candidates.py compares the two). Problem weights must be
positive: ``applies_to`` says when this is so.
"""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F
from django.db.models.expressions import RawSQL

SETS = "wegwijs_sets"
PROBLEM_TYPE_SETS = "directory_problem_type_set"  # kept by triggers (migration 0017)
# After the score, the first pass orders by the set of problem types, then as the list's ties
# (open to anyone first, then by name): the order of service_problem_set_idx.
CUT_ORDER = ("search_problem_ids", F("wegwijs_open").desc(), "name")
# With fewer services than this with a name bonus (counted among all services, without the
# filters and the query's problem types, whose indexes made the count slow), they are read
# through the names' trigram index; with more, set by set from the sets that can reach T.
FEW_NAMED = 1000
# Step 3 without problem types: with at most this many words in the names' conditions, the
# services whose names hold two or more are found pair by pair (at most 15 pairs).
MAX_PAIRED_NAME_MATCHES = 6
_SET_IDS = RawSQL(f'"{SETS}"."ids"', (), output_field=ArrayField(models.IntegerField()))


@dataclass(frozen=True)
class TextMatches:
    """How a service matches the query's words: ``anywhere`` (its full-text document, or a name
    like a word we do not know), ``in_document`` (the full-text document only) and ``in_name``
    (one condition per word, each adding a point to the name bonus: the name holds the word,
    or, for a word we do not know, something like it). None where there are no words."""

    anywhere: models.Q | None
    in_document: models.Q | None
    in_name: list


@dataclass(frozen=True)
class FirstPassScores:
    """The parts of the first-pass score: ``of_problem_set(column)`` scores an array of problem
    type ids, ``name_bonus`` is a service's bonus for its name matches, ``max_bonus`` the most
    it can be (B)."""

    of_problem_set: Callable
    name_bonus: models.Expression
    max_bonus: float
    open_to_anyone: models.Expression


def applies_to(problems: dict[int, float]) -> bool:
    """Whether the sets' walk finds what scoring every match would: every weight positive (a
    service with a problem type then scores more than one found only through its texts)."""
    return all(weight > 0 for weight in problems.values())


def best_ids(
    queryset, problems, texts: TextMatches, scores, limit, texts_in_tie_order=False, indexed=None
):
    """A RawSQL of the ids of ``queryset``'s best ``limit`` matches by the first-pass score.

    ``texts``: how a service matches the words (TextMatches); ``scores``: a FirstPassScores.
    ``texts_in_tie_order``: step 5 may let PostgreSQL read the services found only through
    their texts in the tie order (service_problem_set_idx) until it has enough. Asked when no
    filter narrows them and many match ("woning" at 100,000 services: 19,000 read and sorted,
    33 ms; 8 ms), and when a filter costs more to test on each of them than reading in order
    does ("Nu open" tested one by one at a busy moment: "praten met iemand" tested 23,000,
    210-260 ms; 11-18 ms in order). With cheap filters it is not asked to: the matches that
    pass them are then fewer and further apart in that order, and PostgreSQL's estimate of
    reading them in order was too low (21 ms instead of 9 for "woning" in Gent, free, with
    an interpreter). That choice rests on PostgreSQL's guess of how many services match: step 5
    tests the full-text document only (the names like an unknown word are named matches, which
    it leaves out anyway; with their trigram conditions in it PostgreSQL guessed thousands of
    matches where there were none, then read all 100,000 services in order looking for them,
    1.3 s for six unknown words), and migration 0019 gives PostgreSQL the statistics to guess
    a rare word right.
    ``indexed``: a condition ``queryset`` implies (the filter keys of its tick boxes and city,
    tested there row by row), added to the parts read in one scan (steps 3 and 5), where
    PostgreSQL can combine its index with the names' or the texts' ("psycholoog" in Gent,
    free, with an interpreter, at 100,000 services: 37 -> 30 ms); not to the walk, where it
    would read that index again for every set.
    """
    named = _any(texts.in_name)
    max_bonus = float(scores.max_bonus)
    rows = queryset.annotate(wegwijs_open=scores.open_to_anyone, wegwijs_bonus=scores.name_bonus)
    fields = ("id", "name", "search_problem_ids", "wegwijs_open", "wegwijs_bonus")
    params = []

    def sql_of(part, *, ordered=False, limited=False):
        part = part.order_by(*CUT_ORDER) if ordered else part.order_by()
        part = part.values(*fields)
        if limited:
            part = part[:limit]
        sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        params.extend(part_params)
        return sql

    parts, ranked, selects = [], [], []
    row = "c.id, c.name, c.search_problem_ids AS ids, c.wegwijs_open AS open"
    threshold = "(SELECT t FROM wegwijs_threshold)"
    scanned = rows if indexed is None else rows.filter(indexed)
    elsewhere = scanned
    if problems:
        elsewhere = scanned.exclude(search_problem_ids__overlap=list(problems))
        in_set = rows.filter(search_problem_ids=_SET_IDS)
        parts.append(_sets_sql(queryset, problems, scores.of_problem_set, params))
        parts.append(
            f"wegwijs_walk AS MATERIALIZED (SELECT {row}, {SETS}.score AS problem_score,"
            f" {SETS}.score + c.wegwijs_bonus AS score"
            f" FROM (SELECT * FROM wegwijs_scored ORDER BY score DESC, ids) {SETS}"
            f" CROSS JOIN LATERAL ({sql_of(in_set, ordered=True, limited=True)}) c"
            f" LIMIT {limit})"
        )
        parts.append(
            "wegwijs_threshold AS (SELECT CASE WHEN count(*) < "
            f"{limit} THEN NULL ELSE min(problem_score) END AS t FROM wegwijs_walk)"
        )
        ranked.append("SELECT id, name, ids, open, score FROM wegwijs_walk")
        if named is not None:
            parts.append(
                f"wegwijs_named AS MATERIALIZED ({_few_named_sql(queryset, named, params)})"
            )
            reachable = f"{SETS}.score >= COALESCE({threshold}, '-Infinity') - {max_bonus}"
            # A service scoring less than T has at least ``limit`` services above it.
            reaches = f"{SETS}.score + c.wegwijs_bonus >= COALESCE({threshold}, '-Infinity')"
            few = f"(SELECT count(*) FROM wegwijs_named) < {FEW_NAMED}"
            ranked.append(
                f"SELECT {row}, {SETS}.score + c.wegwijs_bonus AS score"
                f" FROM ({sql_of(scanned.filter(named))}) c"
                f' JOIN wegwijs_scored {SETS} ON "{SETS}".ids = c.search_problem_ids'
                f" WHERE {reachable} AND {reaches} AND {few}"
            )
            ranked.append(
                f"SELECT {row}, {SETS}.score + c.wegwijs_bonus AS score FROM wegwijs_scored"
                f" {SETS} CROSS JOIN LATERAL ({sql_of(in_set)} OFFSET 0) c"
                f" WHERE {reachable} AND c.wegwijs_bonus > 0 AND {reaches} AND NOT {few}"
            )
    if named is not None and texts.anywhere is not None:
        reach = f"COALESCE({threshold} <= {max_bonus}, TRUE)" if problems else "TRUE"
        ranked.extend(
            f"SELECT {row}, c.wegwijs_bonus AS score FROM ({part}) c WHERE {reach}"
            for part in _named_elsewhere_sql(elsewhere, texts, named, sql_of)
        )
    if ranked:
        parts.append(
            "wegwijs_best AS MATERIALIZED (SELECT id FROM ("
            + " UNION ".join(ranked)
            + f") u ORDER BY score DESC, ids, open DESC, name LIMIT {limit})"
        )
        selects.append("SELECT id FROM wegwijs_best")
    if texts.in_document is not None:
        in_document = texts.in_document
        only_texts = elsewhere.filter(in_document & ~named if named is not None else in_document)
        missing = f"{limit} - (SELECT count(*) FROM wegwijs_best)" if ranked else str(limit)
        selects.append(
            f"(SELECT c.id FROM ({sql_of(only_texts, ordered=True, limited=texts_in_tie_order)}) c"
            f" ORDER BY c.search_problem_ids, c.wegwijs_open DESC, c.name LIMIT {missing})"
        )
    if not selects:
        return None
    with_clause = ("WITH " + ", ".join(parts) + " ") if parts else ""
    return RawSQL(with_clause + " UNION ALL ".join(selects), params)


def _named_elsewhere_sql(elsewhere, texts: TextMatches, named, sql_of) -> list[str]:
    """Step 3's services without any of the query's problem types (scoring their name bonus
    only), as parts whose union holds the best ``limit`` of them.

    A word that thousands of names hold ("hulp" in 25,000 of 100,000 generated names) made
    this part read and sort all of them (12,000 for "dienst voor hulp in gent", 63 ms). It is
    two parts: the services whose names hold two or more of the words (few: each pair of
    words is one look-up in the names' trigram index), and the first ``limit`` with any of
    them in the tie order, which PostgreSQL reads from service_problem_set_idx until it has
    enough when they are many. The best ``limit`` are among the two: a service with one word
    in its name that is among them has at most the first part's services before it in that
    order. That rests on one name condition per word (SearchTerms: a word that may be
    misspelt is one condition, holding it or something like it). With more words than
    MAX_PAIRED_NAME_MATCHES it is one part: all of them, scored and sorted."""
    matches = elsewhere.filter(texts.anywhere & named)
    if len(texts.in_name) > MAX_PAIRED_NAME_MATCHES:
        return [sql_of(matches)]
    parts = [sql_of(matches, ordered=True, limited=True)]
    pairs = [first & second for first, second in combinations(texts.in_name, 2)]
    if pairs:
        parts.append(sql_of(elsewhere.filter(texts.anywhere & _any(pairs))))
    return parts


def _few_named_sql(queryset, named, params) -> str:
    """Up to FEW_NAMED services of any kind with a name bonus: fewer than that, and those
    the list's filters leave are few too, read through the names' trigram index. Counted
    without the filters, whose indexes PostgreSQL would otherwise combine with the names'
    (the city's and the tick boxes' at 100,000 services: 9 ms before reading a row)."""
    counted = queryset.model._base_manager.filter(named).order_by().values("pk")[:FEW_NAMED]
    sql, count_params = counted.query.get_compiler(using=queryset.db).as_sql()
    params.extend(count_params)
    return sql


def _sets_sql(queryset, problems, set_score, params) -> str:
    """The ``scored`` part: the known sets of problem types (migration 0017) with one of the
    query's, each with its problem score."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    score_sql, score_params = compiler.compile(set_score(_SET_IDS))
    params.extend([*score_params, list(problems)])
    return (
        f'wegwijs_scored AS MATERIALIZED (SELECT "{SETS}"."ids", {score_sql} AS score'
        f' FROM {PROBLEM_TYPE_SETS} {SETS} WHERE "{SETS}"."ids" && %s::integer[])'
    )


def _any(conditions):
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined
