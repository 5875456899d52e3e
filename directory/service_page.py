"""The service page's data from queries whose SQL the process builds once (issue 18).

``ServiceQuerySet.with_detail_data`` defines what the page reads: the service's row with its
texts in one language, its organisation and successor, and three lists (contact channels,
problem types, places). Building and compiling that ORM query and its three prefetches took
about as long as the rest of a page-cache miss. ``published_service(slug)`` reads the same rows
with the same querysets through directory.compiled_sql: one compiled row query per language and
one per list, and hands back a Service whose lists are prefetched as the ORM would leave them.
``service_for_page(slug)`` adds what the page shows beside (requirements, opening hours and
status), read in the same round trip as the lists: two round trips for the whole page.
"""

import datetime

from django.db.models import Model

from directory.compiled_sql import CompiledQuery, read_together
from directory.models import Service
from directory.open_now import attach_opening_hours_and_status, opening_hours_read
from directory.requirements import requirements_from, requirements_read
from directory.translations import translation_language


def _service_row(language: str | None):
    return lambda slug: Service.objects.published().with_detail_fields(language).filter(slug=slug)


def _link_field(name: str) -> str:
    """The lookup from a listed row to its service ("service" on channels and places,
    "services" on problem types)."""
    relation = Service._meta.get_field(name)
    return relation.field.name if relation.auto_created else relation.related_query_name()


def _list_rows(language: str | None, name: str):
    field = _link_field(name)
    return lambda service_id: Service.objects.detail_links(language)[name].filter(
        **{field: service_id}
    )


class _PageQueries:
    """The compiled queries of one language (None: Dutch, no translation joined)."""

    def __init__(self, language: str | None):
        self.service = CompiledQuery(_service_row(language))
        self.lists = {
            name: CompiledQuery(_list_rows(language, name))
            for name in Service.objects.detail_links(language)
        }


_QUERIES = {}


def _queries(language: str | None) -> _PageQueries:
    if language not in _QUERIES:
        _QUERIES[language] = _PageQueries(language)
    return _QUERIES[language]


def published_service(slug: str, language: str | None = None) -> Service | None:
    """The published service with this slug as ``Service.objects.published()
    .with_detail_data(language)`` gives it (default: the active language), or None."""
    service, _ = _read(slug, language, ())
    return service


def service_for_page(slug: str, now: datetime.datetime | None = None) -> Service | None:
    """published_service(slug) with its ``requirements`` and its opening hours and status
    (directory.open_now.attach_opening_hours_and_status at ``now``), or None."""
    service, (requirement_rows, hour_rows) = _read(
        slug, None, (requirements_read, lambda pk: opening_hours_read(pk, now))
    )
    if service is not None:
        service.requirements = requirements_from(requirement_rows)
        attach_opening_hours_and_status(service, now, rows=hour_rows)
    return service


def _read(slug: str, language: str | None, more) -> tuple[Service | None, list]:
    """The service, with its lists and the rows of each of ``more`` (functions that give a
    query and values for the service's id) read in one round trip after its row."""
    queries = _queries(translation_language(language))
    found = queries.service.rows(slug)
    if not found:
        return None, [None] * len(more)
    service = found[0]
    names = list(queries.lists)
    results = read_together(
        *((queries.lists[name], (service.pk,)) for name in names),
        *(read(service.pk) for read in more),
    )
    for name, rows in zip(names, results, strict=False):
        _set_prefetched(service, name, rows)
    return service, results[len(names) :]


def _set_prefetched(instance: Model, name: str, rows: list) -> None:
    """Leave ``rows`` as prefetch_related(name) leaves them: ``instance.<name>.all()`` gives
    them without a query, and each row of a reverse foreign key knows its instance."""
    relation = instance._meta.get_field(name)
    if relation.one_to_many:
        for row in rows:
            relation.field.set_cached_value(row, instance)
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance._prefetched_objects_cache = getattr(instance, "_prefetched_objects_cache", {})
    instance._prefetched_objects_cache[relation.cache_name] = queryset
