"""Finding and ranking the services for an understood query (directory.search.understanding).

score = 10 x how much of the query the service's problem types explain, summed over its
           problem types (a type below a matched one counts for 80%): a service for several
           sides of the problem ranks above one that touches it once
      + 2 x how central the query's problem is to the service: that sum per problem type the
           service is for (a service for this problem alone above a general one that also
           covers it, as on the problem pages)
      + 3 x the query words in its name
      + how well its own texts match (PostgreSQL: ts_rank of the full-text document;
        SQLite: 0.2 per word found in the summary, description or a translated summary)
Ties go to services open to anyone (free, no referral needed), then by name.
Each service is annotated with ``search_problem_id``: the problem type it was found through.

PostgreSQL reads a service's problem types from its own row (``search_problem_ids``, with a GIN
index, as the full-text document has), so finding the matches is two index scans and scoring
needs no subquery per service. It ranks in two passes: the first keeps the best RESULT_CAP + 1
by the score without ts_rank (ties at the cut by the set of problem types, then as above),
found set by set of problem types rather than by scoring every match
(directory.search.candidates); only those get ts_rank (a fraction of a point, so it reorders
them but rarely lets in one from further down). Lists show at most RESULT_CAP results
(directory.views), so nothing shown is cut.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.db.models.sql.where import WhereNode

from directory.key_arrays import one_of, one_of_sql
from directory.models.service_queries import open_to_anyone
from directory.search import candidates
from directory.search.index import SEARCH_CONFIG

PROBLEM_WEIGHT = 10.0
NAME_WEIGHT = 3.0
FOCUS_WEIGHT = 2.0
TEXT_WORD_WEIGHT = 0.2  # SQLite, per word found in the service's texts
MIN_TEXT_WORD_LENGTH = 3
FLOAT = models.FloatField()
# PostgreSQL: a word in no vocabulary, this long, may be a misspelt service name
# ("schuldbemidelling"): the trigram word-similarity operator (%>, threshold 0.6) finds it in the
# folded names' GIN trigram index.
MIN_TYPO_NAME_LENGTH = 6
# A list shows at most this many results ("meer dan 500 diensten"); PostgreSQL ranks this many
# and one more fully.
RESULT_CAP = 500


@dataclass(frozen=True)
class SearchTerms:
    """What of an understood query (directory.search.understanding) the ranking's SQL uses: its
    problem types with their weights, the words to look for in the texts and the words in no
    vocabulary that may be misspelt names. Each of those is a search word too: the first
    ``len(unknown_words)`` of ``search_words``, in the same order. The SQL pairs them by their
    place, so that its form depends on how many words there are, not on which
    (directory.compiled_sql builds it once per shape, with stand-in words). ``of()`` of its
    own terms gives the same terms."""

    problems: dict[int, float]
    search_words: list[str]
    unknown_words: list[str]

    def __post_init__(self):
        if len(self.unknown_words) > len(self.search_words):
            raise ValueError("Each unknown word is one of the first search words.")

    @classmethod
    def of(cls, understanding) -> "SearchTerms":
        if isinstance(understanding, SearchTerms):
            return understanding
        words = [w for w in understanding.search_words if len(w) >= MIN_TEXT_WORD_LENGTH]
        words = list(dict.fromkeys(words)) or understanding.search_words[:1]
        misspelt = [
            w
            for w in dict.fromkeys(understanding.unknown_words)
            if len(w) >= MIN_TYPO_NAME_LENGTH and w in words
        ]
        return cls(
            dict(understanding.problems),
            misspelt + [w for w in words if w not in misspelt],
            misspelt,
        )


def ranked(
    queryset,
    understanding,
    vendor: str | None = None,
    limit: int | None = None,
    score_every_match: bool = False,
    texts_in_tie_order: bool = False,
    indexed: Q | None = None,
):
    """``queryset``'s services that match, best first. With a ``limit``, at most that many, and
    on PostgreSQL ranked in two passes, each annotated with ``search_result_count``: how many
    there are (at most ``limit``), so that a list needs no count query. Apply the other filters
    first: filtering the result afterwards would filter only the best ``limit``.
    ``understanding`` may be the query's SearchTerms. ``score_every_match``: the first pass
    scores every match rather than walking the sets of problem types (faster when the other
    filters leave few services; the same results). ``texts_in_tie_order``: the services found
    only through their texts may be read in the tie order until there are enough (see
    directory.search.candidates.best_ids). ``indexed``: a condition that ``queryset``'s
    filters imply, which the first pass adds where PostgreSQL may read it from an index
    (ServiceQuerySet.filter_key_condition; see best_ids)."""
    vendor = vendor or connections[queryset.db].vendor
    terms = SearchTerms.of(understanding)
    if vendor == "postgresql":
        return _ranked_on_postgresql(
            queryset, terms, limit, score_every_match, texts_in_tie_order, indexed
        )
    return _ranked_portably(queryset, terms)


def _ranked_on_postgresql(
    queryset,
    terms: SearchTerms,
    limit,
    score_every_match=False,
    texts_in_tie_order=False,
    indexed=None,
):
    matches, texts, text_score = _postgresql_matches(terms)
    name_matches = texts.in_name
    name_score = _count(name_matches)
    problems = terms.problems
    if matches is None:
        return queryset.none()
    scores = candidates.FirstPassScores(
        of_problem_set=lambda column: StoredProblemScore(problems, column),
        name_bonus=models.ExpressionWrapper(name_score * NAME_WEIGHT, output_field=FLOAT),
        max_bonus=NAME_WEIGHT * len(name_matches),
        open_to_anyone=open_to_anyone(queryset.model),
    )
    first_pass = StoredProblemScore(problems) + scores.name_bonus
    order = ("-search_score", "-open_to_anyone", "name")
    results = queryset.filter(matches)
    extra = {}
    if limit is not None:
        results = _without_filters(queryset).filter(
            _first_pass(
                queryset,
                terms,
                texts,
                results,
                scores,
                limit,
                walk_sets=not score_every_match,
                texts_in_tie_order=texts_in_tie_order,
                indexed=indexed,
            )
        )
        extra["search_result_count"] = models.Window(models.Count("pk"))
    return results.annotate(
        search_problem_id=StoredBestProblem(problems),
        search_name_score=name_score,
        search_score=models.ExpressionWrapper(first_pass + text_score, output_field=FLOAT),
        open_to_anyone=scores.open_to_anyone,
        **extra,
    ).order_by(*order)


def _first_pass(
    queryset,
    terms,
    texts,
    matches,
    scores,
    limit,
    *,
    walk_sets=True,
    texts_in_tie_order=False,
    indexed=None,
):
    """A condition: the service is one of the best ``limit`` of ``matches`` (``queryset``
    filtered by the match), their ids read once as an array (directory.key_arrays), by
    the score without ts_rank (``scores``: a candidates.FirstPassScores): through the sets of
    problem types (directory.search.candidates) when asked to ``walk_sets`` and that applies,
    else by scoring every match."""
    model = queryset.model
    if walk_sets and candidates.applies_to(terms.problems):
        best = candidates.best_ids(
            queryset, terms.problems, texts, scores, limit, texts_in_tie_order, indexed
        )
        return Q(pk__in=[]) if best is None else one_of_sql(model, "id", best.sql, best.params)
    first_pass = StoredProblemScore(terms.problems) + scores.name_bonus
    scored = matches.annotate(
        search_score=models.ExpressionWrapper(first_pass, output_field=FLOAT),
        open_to_anyone=scores.open_to_anyone,
    )
    cut_order = ("-search_score", "search_problem_ids", "-open_to_anyone", "name")
    return one_of(model, "id", scored.order_by(*cut_order), bounds=(0, limit))


def _postgresql_matches(terms: SearchTerms):
    """The condition on a service's own row that finds it (None: nothing can match), its text
    conditions and its text score."""
    text_match, text_score, name_matches = _postgresql_text(terms.search_words)
    in_document = text_match
    if terms.unknown_words:
        text_match, name_matches = _near_names(terms.unknown_words, text_match, name_matches)
    matches = text_match
    if terms.problems:
        # The problem types first: a service found through them needs no full-text test.
        in_problems = Q(search_problem_ids__overlap=list(terms.problems))
        matches = in_problems if matches is None else in_problems | matches
    return matches, candidates.TextMatches(text_match, in_document, name_matches), text_score


def postgresql_match(understanding) -> Q | None:
    """What ``ranked`` finds on PostgreSQL, unranked, as a condition on a service's own row that
    the search indexes can answer (None: nothing matches)."""
    return _postgresql_matches(SearchTerms.of(understanding))[0]


def _without_filters(queryset):
    """``queryset`` with its annotations and related rows but not its conditions: the outer
    query of a ranked search reads only candidates that passed them in the inner one, and
    testing them again per row (a city's subqueries, say) was a quarter of a filtered search."""
    clone = queryset.all()
    clone.query.where = WhereNode()
    return clone


class _OverStoredProblems(models.Func):
    """An expression over ``search_problem_ids`` (or another ``column`` of problem type ids)
    that weighs each id by the query's problem types (``problems``: id -> weight; 0 for the
    others)."""

    output_field = FLOAT

    def __init__(self, problems: dict[int, float], column=None):
        self.problems = problems
        super().__init__(column if column is not None else F("search_problem_ids"))

    def weight_sql(self):
        cases = " ".join("WHEN %s THEN %s::double precision" for _ in self.problems)
        params = [value for pair in self.problems.items() for value in pair]
        return f"CASE problem_id {cases} ELSE 0.0::double precision END", params


class StoredProblemScore(_OverStoredProblems):
    """The score of the service's problem types: PROBLEM_WEIGHT x how much of the query they
    explain (the sum of their weights) + FOCUS_WEIGHT x that sum per problem type the service
    is for. One test per query problem type on the stored ids, no subquery."""

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        if not self.problems:
            return "0.0::double precision", []
        term = f"CASE WHEN %s = ANY({column}) THEN %s::double precision ELSE 0.0 END"
        terms = " + ".join(term for _ in self.problems)
        per_type = f"%s::double precision / GREATEST(cardinality({column}), 1)"
        sql = f"(({terms}) * (%s::double precision + {per_type}))"
        params = [
            *[v for pk, weight in self.problems.items() for v in (pk, *column_params, weight)],
            PROBLEM_WEIGHT,
            FOCUS_WEIGHT,
            *column_params,
        ]
        return sql, params


class StoredBestProblem(_OverStoredProblems):
    """The query's problem type that the service was found through: its best-weighted one."""

    output_field = models.IntegerField()

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        if not self.problems:
            return "NULL::integer", []
        weight, params = self.weight_sql()
        sql = (
            f"(SELECT problem_id FROM unnest({column}) AS problem_id"
            f" WHERE problem_id = ANY(%s) ORDER BY {weight} DESC, problem_id LIMIT 1)"
        )
        return sql, [*column_params, list(self.problems), *params]


def _ranked_portably(queryset, terms: SearchTerms):
    """SQLite (and any other database): the problem types through the many-to-many table."""
    service_model = queryset.model
    words = terms.search_words
    links = _problem_links(service_model, terms.problems)
    total = links.order_by().values("service").annotate(total=models.Sum("weight"))
    problem_score = Coalesce(Subquery(total.values("total")), Value(0.0), output_field=FLOAT)
    through = service_model.problem_types.through
    type_count = (
        through.objects.filter(service=OuterRef("pk"))
        .order_by()
        .values("service")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    focus = problem_score / Greatest(
        Coalesce(Subquery(type_count), Value(1)), Value(1), output_field=FLOAT
    )
    text_match, text_score, name_score = _portable_text(service_model, words)
    matches = text_match
    if terms.problems:
        matches = Q(Exists(links)) if matches is None else matches | Q(Exists(links))
    if matches is None:
        return queryset.none()
    return (
        queryset.filter(matches)
        .annotate(
            search_problem_id=Subquery(links.values("problemtype_id")[:1]),
            search_name_score=name_score,
            search_score=models.ExpressionWrapper(
                problem_score * PROBLEM_WEIGHT
                + focus * FOCUS_WEIGHT
                + name_score * NAME_WEIGHT
                + text_score,
                output_field=FLOAT,
            ),
            open_to_anyone=open_to_anyone(service_model),
        )
        .order_by("-search_score", "-open_to_anyone", "name")
    )


def _problem_links(service_model, problems: dict[int, float]):
    """Per service (OuterRef "pk"): its links to the query's problem types, best first."""
    through = service_model.problem_types.through
    weight = Case(
        *[When(problemtype_id=pk, then=Value(score)) for pk, score in problems.items()],
        default=Value(0.0),
        output_field=FLOAT,
    )
    return (
        through.objects.filter(service=OuterRef("pk"), problemtype_id__in=list(problems))
        .annotate(weight=weight)
        .order_by("-weight", "problemtype_id")
    )


def _count(conditions) -> models.Expression:
    """How many of ``conditions`` hold, as a float."""
    if not conditions:
        return Value(0.0, output_field=FLOAT)
    terms = [
        Case(When(c, then=Value(1.0)), default=Value(0.0), output_field=FLOAT) for c in conditions
    ]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _postgresql_text(words):
    """Any word in the stored full-text document (stemmed, accent-free), ranked by ts_rank;
    name matches on the stored folded name (a condition per word)."""
    if not words:
        return None, Value(0.0, output_field=FLOAT), []
    query = SearchQuery(words[0], search_type="plain", config=SEARCH_CONFIG)
    for word in words[1:]:
        query = query | SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
    text_match = Q(search_document=query)
    text_score = Case(
        When(text_match, then=SearchRank(F("search_document"), query)),
        default=Value(0.0),
        output_field=FLOAT,
    )
    return text_match, text_score, [Q(search_text__contains=word) for word in words]


def _near_names(words, text_match, name_matches):
    """Add the names like each of ``words`` (which may be misspelt; the first search words,
    see SearchTerms) to the text match, and to that word's name condition: a name gains one
    point for a word it holds or holds something like, not one for each."""
    name_matches = list(name_matches)
    for index, word in enumerate(words):
        near = Q(search_text__trigram_word_similar=word)
        text_match = near if text_match is None else text_match | near
        name_matches[index] = name_matches[index] | near
    return text_match, name_matches


def _portable_text(service_model, words):
    """Any word in the name, summary, description or a translated summary (case-insensitive
    for Latin letters)."""
    from directory.models import ServiceTranslation

    if not words:
        return None, Value(0.0, output_field=FLOAT), Value(0.0, output_field=FLOAT)
    in_text = []
    for word in words:
        translated = ServiceTranslation.objects.filter(
            service=OuterRef("pk"), summary__icontains=word
        )
        in_text.append(
            Q(summary__icontains=word) | Q(description__icontains=word) | Exists(translated)
        )
    in_name = [Q(name__icontains=word) for word in words]
    text_match = Q()
    for condition in in_text + in_name:
        text_match |= condition
    text_score = _count(in_text) * Value(TEXT_WORD_WEIGHT)
    return text_match, text_score, _count(in_name)
