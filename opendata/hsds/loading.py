"""Loading what the HSDS objects read, in a fixed number of queries however many services."""

import itertools

from django.db.models import CharField, F, Prefetch, Q, Value, prefetch_related_objects

from directory.compiled_sql import CompiledQuery
from directory.models import (
    ContactChannel,
    OpeningHours,
    ProblemType,
    Service,
    ServiceAtLocation,
)
from opendata.hsds.service import service, service_area_name

SCHEDULE_FIELDS = (
    "service_id",
    "location_id",
    "location_uuid",
    "weekday",
    "opens_at",
    "closes_at",
    "note",
)


def service_queryset(queryset):
    """The services with their organisation, without the columns service() does not read.
    Pass the rows to load_services() before service()."""
    # HSDS has no place for them; the search columns are the widest of the row.
    return queryset.select_related("organization", "open_data_change", "open_data_original").defer(
        *Service.UNSHOWN_FIELDS
    )


# The columns a list item reads (basic(), and the API's minimal items): a list page selects
# these, not the whole row of the service, its organisation and its imported original.
LIST_SERVICE_FIELDS = (
    "uuid",
    "name",
    "summary",
    "description",
    "status",
    "interpreter_available",
    "steps",
    "cost_note",
    "audience",
    "last_verified",
    "organization__uuid",
    "organization__name",
    "organization__description",
    "organization__website",
    "open_data_change__modified",
    "open_data_original__text",
)


def list_queryset(queryset):
    """The services as a list gives them (basic(), after load_channels()): only the columns
    it reads, which makes building the query and the rows a sixth cheaper than
    service_queryset() (issue 18)."""
    return queryset.select_related("organization", "open_data_change", "open_data_original").only(
        *LIST_SERVICE_FIELDS
    )


def load_services(services: list[Service]) -> list[Service]:
    """Everything service() reads besides the organisation, in six queries however many
    services: problem types, locations, contact channels, languages, service areas, and the
    opening hours of the services and of their locations together.

    Results go in ``hsds_*`` attributes, not in the relations' caches: Django builds a related
    manager and a queryset per row and relation to fill those. Channels, languages and hours
    are plain rows (named tuples with the fields service() reads), cheaper than model objects.
    """
    if not services:
        return services
    prefetch_related_objects(
        services,
        Prefetch(
            "problem_types",
            ProblemType.objects.annotate(parent_uuid=F("parent__uuid")),
            to_attr="hsds_problem_types",
        ),
        Prefetch(
            "service_locations",
            ServiceAtLocation.objects.select_related("location__city", "location__organization"),
            to_attr="hsds_locations",
        ),
    )
    by_id = load_channels(services)
    languages = (
        Service.languages.through.objects.filter(service_id__in=list(by_id))
        .annotate(code=F("language__code"), name=F("language__name"))
        .order_by("name")
    )
    _group(by_id, "hsds_languages", languages.values_list("service_id", "code", "name", named=True))
    _load_service_areas(by_id)
    _load_schedules(by_id)
    return services


def _channel_rows(service_ids: list[int]):
    return ContactChannel.objects.filter(service_id__in=service_ids).values_list(
        "service_id", "kind", "value", "label", named=True
    )


# A page of channels is one shape per page size: its SQL is built once per process.
_CHANNEL_ROWS = CompiledQuery(_channel_rows)


def load_channels(services: list[Service]) -> dict[int, Service]:
    """The contact channels alone: all that basic() reads besides the row (one query)."""
    by_id = {item.pk: item for item in services}
    _group(by_id, "hsds_channels", _CHANNEL_ROWS.rows(list(by_id)))
    return by_id


def _group(by_id: dict[int, Service], attribute: str, rows) -> None:
    """Each service's ``rows`` (named tuples with a ``service_id``), in order."""
    for item in by_id.values():
        setattr(item, attribute, [])
    for row in rows:
        getattr(by_id[row.service_id], attribute).append(row)


def _load_service_areas(by_id: dict[int, Service]) -> None:
    """Each service's area names: whole cities by name, then neighbourhoods by city and name."""
    ids = list(by_id)
    cities = Service.serves_cities.through.objects.filter(service_id__in=ids).annotate(
        area_kind=Value(0),
        area_city=F("city__name"),
        area_part=Value("", output_field=CharField()),
    )
    parts = Service.serves_neighbourhoods.through.objects.filter(service_id__in=ids).annotate(
        area_kind=Value(1),
        area_city=F("neighbourhood__city__name"),
        area_part=F("neighbourhood__name"),
    )
    columns = ("service_id", "area_kind", "area_city", "area_part")
    areas = (
        cities.values_list(*columns)
        .union(parts.values_list(*columns), all=True)
        .order_by("area_kind", "area_city", "area_part")
    )
    for item in by_id.values():
        item.hsds_service_areas = []
    for service_id, _kind, city_name, part_name in areas:
        by_id[service_id].hsds_service_areas.append(service_area_name(city_name, part_name))


def _load_schedules(by_id: dict[int, Service]) -> None:
    """The services' own opening hours and those of their locations, in one query."""
    places = {}
    for item in by_id.values():
        item.hsds_schedules = []
        for link in item.hsds_locations:
            places.setdefault(link.location_id, []).append(link.location)
    for place in itertools.chain.from_iterable(places.values()):
        place.hsds_schedules = []
    hours = (
        OpeningHours.objects.filter(
            Q(service_id__in=list(by_id)) | Q(service__isnull=True, location_id__in=list(places))
        )
        .annotate(location_uuid=F("location__uuid"))
        .order_by("weekday", "opens_at", "pk")
        .values_list(*SCHEDULE_FIELDS, named=True)
    )
    for row in hours:
        if row.service_id is not None:
            by_id[row.service_id].hsds_schedules.append(row)
        else:
            for place in places[row.location_id]:
                place.hsds_schedules.append(row)


def serialized_services(queryset, chunk_size: int = 200):
    """service() of each row of ``queryset``, loading the rows ``chunk_size`` at a time."""
    rows = service_queryset(queryset).iterator(chunk_size=chunk_size)
    while chunk := list(itertools.islice(rows, chunk_size)):
        yield from map(service, load_services(chunk))
