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
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

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


def ranked(queryset, understanding, vendor: str | None = None):
    from directory.models import Service

    vendor = vendor or connections[queryset.db].vendor
    words = [w for w in understanding.search_words if len(w) >= MIN_TEXT_WORD_LENGTH]
    words = list(dict.fromkeys(words)) or understanding.search_words[:1]
    links = _problem_links(Service, understanding.problems)
    total = links.order_by().values("service").annotate(total=models.Sum("weight"))
    problem_score = Coalesce(Subquery(total.values("total")), Value(0.0), output_field=FLOAT)
    through = Service.problem_types.through
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
    if vendor == "postgresql":
        text_match, text_score, name_score = _postgresql_text(words)
        misspelt = [w for w in understanding.unknown_words if len(w) >= MIN_TYPO_NAME_LENGTH]
        if misspelt:
            text_match, name_score = _near_names(misspelt, text_match, name_score)
    else:
        text_match, text_score, name_score = _portable_text(Service, words)
    matches = text_match
    if understanding.problems:
        matches = Q(Exists(links)) if matches is None else matches | Q(Exists(links))
    if matches is None:
        return queryset.none()
    open_to_anyone = Q(cost=Service.Cost.FREE, referral_required=False)
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
            open_to_anyone=models.ExpressionWrapper(
                open_to_anyone, output_field=models.BooleanField()
            ),
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
    name matches on the stored folded name."""
    if not words:
        return None, Value(0.0, output_field=FLOAT), Value(0.0, output_field=FLOAT)
    query = SearchQuery(words[0], search_type="plain", config=SEARCH_CONFIG)
    for word in words[1:]:
        query = query | SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
    text_match = Q(search_document=query)
    text_score = Case(
        When(text_match, then=SearchRank(F("search_document"), query)),
        default=Value(0.0),
        output_field=FLOAT,
    )
    name_score = _count([Q(search_text__contains=word) for word in words])
    return text_match, text_score, name_score


def _near_names(words, text_match, name_score):
    near = [Q(search_text__trigram_word_similar=word) for word in words]
    for condition in near:
        text_match = condition if text_match is None else text_match | condition
    return text_match, name_score + _count(near)


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
