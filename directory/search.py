"""Free-text search over services, their problem types and the words residents use for them.

On PostgreSQL: Dutch full-text search with stemming through the accent-free ``wegwijs_dutch``
configuration (migration 0002), and trigram word similarity so typos still match
("eenzaamhied" finds "eenzaamheid"); results are ranked. Both run on stored columns with GIN
indexes (migration 0003): ``Service.search_document``, a weighted tsvector of name, problem
words, summary and description (and the translated problem words and summaries of
directory.translations, so "solitude" or "yalnızlık" finds help with loneliness), and
``Service.search_text``, the accent-free lower-case name.
``refresh_search_fields`` fills them; directory.signals calls it on every change, the
``update_search_index`` command after writes that skip signals (bulk_create).

On other databases (SQLite for local development) a portable fallback: every word must appear
somewhere in the service's text or in its problem types' names and synonyms, in any language.
"""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Lower

SEARCH_CONFIG = "wegwijs_dutch"
MAX_QUERY_LENGTH = 200
# Typos: the trigram word-similarity operator (%>) with PostgreSQL's default threshold of 0.6
# lets one swapped or missing letter through in longer words ("shulden", "eenzaamhied") and can
# use the GIN trigram index.
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


PROBLEM_WORD_FIELDS = ("name", "resident_phrase", "synonyms")


def _joined(*fields):
    """The fields as one text, separated by spaces."""
    parts = [part for field in fields for part in (field, Value(" "))][:-1]
    return Concat(*parts, output_field=models.TextField())


def _problem_words(service_model, prefix: str, order_by):
    """Per service: the names, resident phrases and synonyms of its problem types (the fields
    below ``prefix`` of the many-to-many row) as one text, "" when there are none."""
    through = service_model.problem_types.through
    words = through.objects.filter(service=OuterRef("pk")).values("service")
    words = words.annotate(
        text=StringAgg(
            _joined(*(prefix + field for field in PROBLEM_WORD_FIELDS)),
            delimiter=" ",
            order_by=order_by,
        )
    )
    text = models.TextField()
    return Coalesce(Subquery(words.values("text"), output_field=text), Value(""), output_field=text)


def _problem_text(service_model):
    """Per service: the names, resident phrases and synonyms of its problem types as one text."""
    return _problem_words(service_model, "problemtype__", "problemtype_id")


def _translated_text(service_model):
    """Per service: its problem types' words in every translation, and its translated summaries,
    in a fixed order so that the stored document does not change when nothing else did.

    None for a historical ``service_model`` from before the translations existed."""
    try:
        translation_model = service_model._meta.apps.get_model("directory", "ServiceTranslation")
    except LookupError:
        return None
    problem_words = _problem_words(
        service_model,
        "problemtype__translations__",
        ("problemtype_id", "problemtype__translations__language"),
    )
    summaries = translation_model._default_manager.filter(service=OuterRef("pk")).values("service")
    summaries = summaries.annotate(text=StringAgg("summary", delimiter=" ", order_by="language"))
    text = models.TextField()
    return Concat(
        problem_words,
        Value(" "),
        Coalesce(Subquery(summaries.values("text")), Value(""), output_field=text),
        output_field=text,
    )


class _Unaccent(models.Func):
    function = "unaccent"
    output_field = models.TextField()


def refresh_search_fields(service_ids=None, *, service_model=None) -> None:
    """Recompute the stored search columns (PostgreSQL only) for these services, or for all.

    Migrations pass their historical ``service_model``.
    """
    if service_model is None:
        from directory.models import Service

        service_model = Service

    services = service_model._default_manager.all()
    if connections[services.db].vendor != "postgresql":
        return
    if service_ids is not None:
        services = services.filter(pk__in=list(service_ids))
    document = (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(_problem_text(service_model), weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
    translated_text = _translated_text(service_model)
    if translated_text is not None:
        document += SearchVector(translated_text, weight="B", config=SEARCH_CONFIG)
    services.update(search_document=document, search_text=Lower(_Unaccent("name")))


class _AnyOf(models.Func):
    """``value = ANY(array)``. Unlike ``value IN (subquery)``, PostgreSQL can use this as an
    index condition, and so combine it with another indexed condition in one bitmap scan."""

    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        value, array = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{value[0]} = ANY({array[0]})", (*value[1], *array[1])


def _search_postgresql(queryset, query: str):
    """Full-text matches, best first; only when no service in the directory matches the words,
    services spelt nearly like the query or linked to a problem type that is.

    One query that PostgreSQL answers from indexes: the word match is looked up in the GIN
    index of ``search_document``; the near spellings are an array worked out once beforehand
    (empty, without looking, when some service matches the words) and looked up by primary key;
    a BitmapOr joins both. Only the matches are then read, ranked and sorted. (Written as an OR
    of two ``IN`` subqueries instead, PostgreSQL read all 10,000 services to test each one.)
    Similarity is compared with short texts only (service names, stored folded in
    ``search_text``, and the few problem types), which keeps the typo path fast too.
    """
    from directory.models import Service

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    folded = Lower(_Unaccent(Value(query)))
    word_match = Q(search_document=search_query)
    near_spellings = Service.objects.filter(
        ~Exists(Service.objects.filter(word_match)), _near_spelling(folded)
    ).order_by()
    return (
        queryset.filter(word_match | _AnyOf(F("pk"), ArraySubquery(near_spellings.values("pk"))))
        .annotate(
            search_rank=Case(
                When(word_match, then=SearchRank(F("search_document"), search_query)),
                default=TrigramWordSimilarity(folded, "search_text"),
                output_field=models.FloatField(),
            )
        )
        .order_by("-search_rank", "name")
    )


def _near_spelling(folded) -> Q:
    """Services whose name, or one of whose problem types' words (in any language), is spelt
    nearly like ``folded``: one ``IN`` over a UNION, so that the names are looked up in their
    trigram index rather than compared one by one."""
    from directory.models import ProblemType, Service

    similar_problems = ProblemType.objects.annotate(
        words=_folded_words(*PROBLEM_WORD_FIELDS),
        translated_words=_folded_words(*("translations__" + f for f in PROBLEM_WORD_FIELDS)),
    ).filter(
        Q(words__trigram_word_similar=folded) | Q(translated_words__trigram_word_similar=folded)
    )
    similar_names = Service.objects.filter(search_text__trigram_word_similar=folded)
    similar_names = similar_names.order_by().values("pk")
    linked_services = Service.problem_types.through.objects.filter(
        problemtype__in=similar_problems
    ).values("service_id")
    return Q(pk__in=similar_names.union(linked_services))


def _folded_words(*fields):
    return Lower(_Unaccent(_joined(*fields)))


def _search_portable(queryset, query: str):
    from directory.models import Service, ServiceTranslation

    words = [word for word in query.split() if len(word) >= MIN_WORD_LENGTH] or query.split()
    through = Service.problem_types.through
    for word in words:
        in_problem_types = through.objects.filter(service=OuterRef("pk")).filter(
            Q(problemtype__name__icontains=word)
            | Q(problemtype__resident_phrase__icontains=word)
            | Q(problemtype__synonyms__icontains=word)
            | Q(problemtype__translations__name__icontains=word)
            | Q(problemtype__translations__resident_phrase__icontains=word)
            | Q(problemtype__translations__synonyms__icontains=word)
        )
        in_translations = ServiceTranslation.objects.filter(
            service=OuterRef("pk"), summary__icontains=word
        )
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Exists(in_problem_types)
            | Exists(in_translations)
        )
    return queryset


class _Understanding:
    is_crisis = False


def understand(raw_query: str):
    return _Understanding()
