"""Free-text search over services, their problem types and the words residents use for them.

On PostgreSQL: Dutch full-text search with stemming through the accent-free ``wegwijs_dutch``
configuration (migration 0002), plus trigram word similarity so typos still match
("eenzaamhied" finds "eenzaamheid"); results are ranked. On other databases (SQLite for local
development) a portable fallback: every word must appear somewhere in the service's text or in
its problem types' names and synonyms.
"""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat

SEARCH_CONFIG = "wegwijs_dutch"
MAX_QUERY_LENGTH = 200
# How alike a misspelt query must be to a stretch of a service's text (0–1). 0.5 lets one swapped
# or missing letter through in words of 8+ letters without matching unrelated words.
TRIGRAM_THRESHOLD = 0.5
# The fallback skips very short words ("ik", "me"): they match almost everything.
MIN_WORD_LENGTH = 3

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw: str) -> str:
    """The query as the database should see it: no control characters (PostgreSQL refuses NUL
    bytes), single spaces, at most MAX_QUERY_LENGTH characters."""
    text = _CONTROL_CHARACTERS.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search_services(queryset, raw_query: str, vendor: str | None = None):
    """Services in ``queryset`` matching ``raw_query``, best match first."""
    query = clean_query(raw_query)
    if not query:
        return queryset
    vendor = vendor or connections[queryset.db].vendor
    if vendor == "postgresql":
        return _search_postgresql(queryset, query)
    return _search_portable(queryset, query)


def _problem_text():
    """Per service: the names, resident phrases and synonyms of its problem types as one text."""
    from directory.models import Service

    through = Service.problem_types.through
    return Coalesce(
        Subquery(
            through.objects.filter(service=OuterRef("pk"))
            .values("service")
            .annotate(
                text=StringAgg(
                    Concat(
                        "problemtype__name",
                        Value(" "),
                        "problemtype__resident_phrase",
                        Value(" "),
                        "problemtype__synonyms",
                        output_field=models.TextField(),
                    ),
                    delimiter=" ",
                )
            )
            .values("text"),
            output_field=models.TextField(),
        ),
        Value(""),
        output_field=models.TextField(),
    )


class _Unaccent(models.Func):
    function = "unaccent"
    output_field = models.TextField()


def _search_postgresql(queryset, query: str):
    problem_text = _problem_text()
    vector = (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(problem_text, weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    short_text = Concat(
        "name", Value(" "), "summary", Value(" "), problem_text, output_field=models.TextField()
    )
    return (
        queryset.annotate(
            search_document=vector,
            search_rank=SearchRank(vector, search_query),
            search_similarity=TrigramWordSimilarity(_Unaccent(Value(query)), _Unaccent(short_text)),
        )
        .filter(Q(search_document=search_query) | Q(search_similarity__gte=TRIGRAM_THRESHOLD))
        .order_by(-(F("search_rank") + F("search_similarity")), "name")
    )


def _search_portable(queryset, query: str):
    from directory.models import Service

    words = [word for word in query.split() if len(word) >= MIN_WORD_LENGTH] or query.split()
    through = Service.problem_types.through
    for word in words:
        in_problem_types = through.objects.filter(service=OuterRef("pk")).filter(
            Q(problemtype__name__icontains=word)
            | Q(problemtype__resident_phrase__icontains=word)
            | Q(problemtype__synonyms__icontains=word)
        )
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Exists(in_problem_types)
        )
    return queryset
