"""The stored search columns of services (PostgreSQL only): ``Service.search_document``, a
weighted tsvector of name, problem words, summary and description (and the translated problem
words and summaries of directory.translations, so "solitude" or "yalnızlık" finds help with
loneliness), ``Service.search_text``, the accent-free lower-case name,
``Service.search_problem_ids``, the ids of its problem types, ``Service.search_city_ids``,
``search_whole_city_ids``, ``search_neighbourhood_ids`` and ``search_language_ids``, those of
the cities it serves (wholly or in part; wholly), of the neighbourhoods it serves and of the
languages it speaks; all with GIN indexes (migrations 0003, 0012, 0013 and 0014).
``refresh_search_fields`` fills them; directory.signals calls it on every change (through
``refresh_search_fields_soon``), the ``update_search_index`` command after writes that skip
signals (bulk_create). Bulk loaders (load_demo, import_hsds) write inside
``search_refreshes_deferred``, so that each service is refreshed once at the end instead of on
every save of it, of its links and of their translations.
"""

import operator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVector
from django.db import connections, models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Lower

SEARCH_CONFIG = "wegwijs_dutch"
# The ids of the services to refresh at the end of ``search_refreshes_deferred``; None outside.
_pending: ContextVar[set | None] = ContextVar("search_refreshes_pending", default=None)


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
    columns = {"search_document": document, "search_text": Lower(_Unaccent("name"))}
    fields = {field.name for field in service_model._meta.fields}
    if "search_problem_ids" in fields:
        columns["search_problem_ids"] = _problem_ids(service_model)
    if "search_city_ids" in fields:
        columns["search_city_ids"] = _city_ids(service_model)
        columns["search_language_ids"] = _language_ids(service_model)
    if "search_neighbourhood_ids" in fields:
        columns["search_whole_city_ids"] = _linked_ids(service_model.serves_cities, "city_id")
        columns["search_neighbourhood_ids"] = _linked_ids(
            service_model.serves_neighbourhoods, "neighbourhood_id"
        )
    # Only the rows whose columns change: saving a problem type unchanged in the admin rewrote
    # every service it has (7,280 rows and their index entries at 100,000 services: 2.2 s),
    # and load_demo every service of the directory. A row never filled (generate_bulk,
    # update_search_index) is told by its empty document first, so that its values are not
    # worked out twice (for the test and for the update).
    changes = [Q(search_document__isnull=True)] + [
        Q(_IsDistinctFrom(F(name), Cast(value, service_model._meta.get_field(name))))
        for name, value in columns.items()
    ]
    services.filter(reduce(operator.or_, changes)).update(**columns)


class _IsDistinctFrom(models.Func):
    """``a IS DISTINCT FROM b``: true when they differ, NULL against a value included."""

    arg_joiner = " IS DISTINCT FROM "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


def _problem_ids(service_model):
    """Per service: the ids of its problem types, in order ({} when there are none)."""
    through = service_model.problem_types.through
    ids = through.objects.filter(service=OuterRef("pk")).order_by("problemtype_id")
    return ArraySubquery(ids.values("problemtype_id"))


def _city_ids(service_model):
    """Per service: the ids of the cities it serves wholly, then of those whose neighbourhoods
    it serves ({} when none; a city it serves both ways comes twice)."""
    whole = service_model.serves_cities.through.objects.filter(service=OuterRef("pk"))
    parts = service_model.serves_neighbourhoods.through.objects.filter(service=OuterRef("pk"))
    return models.Func(
        ArraySubquery(whole.order_by("city_id").values("city_id")),
        ArraySubquery(parts.order_by("neighbourhood__city_id").values("neighbourhood__city_id")),
        function="array_cat",
        output_field=ArrayField(models.IntegerField()),
    )


def _language_ids(service_model):
    """Per service: the ids of the languages it speaks, in order ({} when none)."""
    return _linked_ids(service_model.languages, "language_id")


def _linked_ids(relation, column: str):
    """Per service: the ids in ``column`` of its rows of a many-to-many ``relation``, in order."""
    links = relation.through.objects.filter(service=OuterRef("pk"))
    return ArraySubquery(links.order_by(column).values(column))


def refresh_search_fields_soon(service_ids) -> None:
    """Refresh these services now, or at the end of the ``search_refreshes_deferred`` block."""
    pending = _pending.get()
    if pending is None:
        refresh_search_fields(service_ids)
    else:
        pending.update(service_ids)


@contextmanager
def search_refreshes_deferred():
    """Collect the refreshes asked for inside the block and run them as one on leaving it.

    The result is what refreshing on every change gives: a service's document depends only on
    its own rows, and every change to them names it. Use it inside the transaction of the
    writes: when the block raises, nothing is refreshed. An inner block joins the outer one.
    """
    if _pending.get() is not None:
        yield
        return
    pending = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if pending:
        refresh_search_fields(pending)
