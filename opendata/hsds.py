"""Directory rows as Open Referral HSDS 3.0 objects (plain dicts, ready for JSON).

Ids: organisations, services, locations and problem types carry their own UUID (the `uuid`
field). The rows HSDS nests below them (phones, contacts, schedules, service areas, languages,
cost options, attributes, addresses) get a UUID derived with uuid5 from their parent's UUID and
their natural key, so the same data always gets the same ids, here and after an import elsewhere.

Mapping (HSDS field <- Wegwijs):
- service.description <- summary, a blank line, then the longer description
- service.url / email <- the first website (or chat link) / e-mail channel
- service.phones <- telephone, free number and gsm channels (type "voice" or "cell")
- service.contacts <- e-mail channels, named after their label
- service.status <- "active", or "defunct" for an ended service, with a metadata record of the
  status change dated on the end date
- service.interpretation_services <- a sentence when an interpreter is possible
- service.application_process / fees_description / eligibility_description / assured_date
  <- steps / cost note / who it is for / last verified
- service.cost_options <- free (amount 0), or the amount per session and the reduced amount
- service.service_areas <- whole cities ("Gent") and neighbourhoods ("Ledeberg (Gent)")
- service.attributes <- problem types, as taxonomy terms of the taxonomy "wegwijs-probleemtypes",
  and the source and who checked (opendata.provenance, taxonomy "wegwijs-herkomst")
- service.assured_date <- last verified, only with who checked (directory.models.provenance)
- taxonomy_term.code <- the problem type's slug

HSDS has no place for walk-in notes, a second website, referral rules, home visits, age groups or
the internal note; they stay out of the open data.
"""

import itertools
import uuid
from decimal import Decimal

from django.db.models import CharField, F, Prefetch, Q, Value, prefetch_related_objects
from django.utils.translation import gettext

from directory.models import (
    ContactChannel,
    Location,
    OpeningHours,
    Organization,
    ProblemType,
    Service,
    ServiceAtLocation,
)
from opendata.provenance import provenance_attributes

TAXONOMY = "wegwijs-probleemtypes"
SCHEDULE_FIELDS = (
    "service_id",
    "location_id",
    "location_uuid",
    "weekday",
    "opens_at",
    "closes_at",
    "note",
)
WEEKDAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
PROVINCES = [  # Belgian postcode ranges, lowest postcode first
    (1000, "Brussels Hoofdstedelijk Gewest"),
    (1300, "Waals-Brabant"),
    (1500, "Vlaams-Brabant"),
    (2000, "Antwerpen"),
    (3000, "Vlaams-Brabant"),
    (3500, "Limburg"),
    (4000, "Luik"),
    (5000, "Namen"),
    (6000, "Henegouwen"),
    (6600, "Luxemburg"),
    (7000, "Henegouwen"),
    (8000, "West-Vlaanderen"),
    (9000, "Oost-Vlaanderen"),
]


def child_id(parent_uuid: uuid.UUID, *natural_key) -> str:
    """The stable id of a row HSDS nests below the row with `parent_uuid`."""
    return str(uuid.uuid5(parent_uuid, ":".join(str(part) for part in natural_key)))


def compact(data: dict) -> dict:
    """Leave out empty values: HSDS fields are optional, and null is not a valid string."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def province(postcode: str) -> str:
    if not postcode.isdigit():
        return ""
    names = [name for start, name in PROVINCES if int(postcode) >= start]
    return names[-1] if names else ""


def service_area_name(city_name: str, neighbourhood_name: str | None = None) -> str:
    return f"{neighbourhood_name} ({city_name})" if neighbourhood_name else city_name


def taxonomy_term(problem: ProblemType, parent_uuid: uuid.UUID | None = None) -> dict:
    """`parent_uuid` saves a query when the caller knows it; otherwise `parent` is used."""
    if parent_uuid is None and problem.parent_id:
        parent_uuid = problem.parent.uuid
    return compact(
        {
            "id": str(problem.uuid),
            "code": problem.slug,
            "name": problem.name,
            "description": problem.description or problem.resident_phrase or problem.name,
            "parent_id": str(parent_uuid) if parent_uuid else None,
            "taxonomy": TAXONOMY,
            "language": "nl",
        }
    )


def organization(org: Organization) -> dict:
    return compact(
        {
            "id": str(org.uuid),
            "name": org.name,
            "description": org.description or org.name,
            "website": org.website,
        }
    )


def schedule(hours, parent_uuid: uuid.UUID, **links) -> dict:
    """`hours`: opening hours with the SCHEDULE_FIELDS, as load_services() gives them."""
    return compact(
        {
            "id": child_id(parent_uuid, "schedule", *links.values(), hours.weekday, hours.opens_at),
            **links,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": WEEKDAYS[hours.weekday],
            "opens_at": hours.opens_at.strftime("%H:%M"),
            "closes_at": hours.closes_at.strftime("%H:%M"),
            "description": hours.note,
        }
    )


def location(place: Location) -> dict:
    """Needs `city`, `organization` and `hsds_schedules` loaded (see load_services)."""
    location_id = str(place.uuid)
    accessibility = [
        {
            "id": child_id(place.uuid, "accessibility"),
            "location_id": location_id,
            "description": place.accessibility,
        }
    ]
    return compact(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": str(place.organization.uuid) if place.organization_id else None,
            "name": place.name,
            "latitude": float(place.latitude) if place.latitude is not None else None,
            "longitude": float(place.longitude) if place.longitude is not None else None,
            "addresses": [
                {
                    "id": child_id(place.uuid, "address"),
                    "location_id": location_id,
                    "address_1": place.address,
                    "city": place.city.name,
                    "state_province": province(place.postcode),
                    "postal_code": place.postcode,
                    "country": "BE",
                    "address_type": "physical",
                }
            ],
            "accessibility": accessibility if place.accessibility else [],
            "schedules": [
                schedule(hours, place.uuid, location_id=location_id)
                for hours in place.hsds_schedules
            ],
        }
    )


def description(service: Service) -> str:
    return "\n\n".join(part for part in (service.summary, service.description) if part)


def cost_options(service: Service, service_id: str) -> list[dict]:
    def option(name, amount, description=""):
        return compact(
            {
                "id": child_id(service.uuid, "cost_option", name),
                "service_id": service_id,
                "option": name,
                "currency": "EUR",
                "amount": float(amount),
                "amount_description": description,
            }
        )

    if service.cost == Service.Cost.FREE:
        return [option(gettext("Gratis"), Decimal(0))]
    options = []
    if service.cost_per_session is not None:
        options.append(option(gettext("Per sessie"), service.cost_per_session))
    if service.cost_reduced is not None:
        options.append(
            option(
                gettext("Met verhoogde tegemoetkoming"),
                service.cost_reduced,
                gettext("per sessie, met verhoogde tegemoetkoming"),
            )
        )
    return options


def service(item: Service) -> dict:
    """A full HSDS service, of a row of service_queryset() passed to load_services()."""
    service_id = str(item.uuid)
    channels = item.hsds_channels
    kinds = ContactChannel.Kind
    links = [c.value for c in channels if c.kind in ContactChannel.URL_KINDS]
    emails = [c for c in channels if c.kind == kinds.EMAIL]
    return compact(
        {
            "id": service_id,
            "organization_id": str(item.organization.uuid),
            "name": item.name,
            "description": description(item),
            "url": links[0] if links else None,
            "email": emails[0].value if emails else None,
            "status": "defunct" if item.is_ended else "active",
            "interpretation_services": (
                gettext("Een tolk is mogelijk.") if item.interpreter_available else None
            ),
            "application_process": item.steps,
            "fees_description": item.cost_note,
            "eligibility_description": item.audience,
            "assured_date": item.last_verified.isoformat() if item.last_verified else None,
            "phones": [
                compact(
                    {
                        "id": child_id(item.uuid, "phone", channel.value),
                        "service_id": service_id,
                        "number": channel.value,
                        "type": "cell" if channel.kind == kinds.MOBILE else "voice",
                        "description": channel.label,
                    }
                )
                for channel in channels
                if channel.kind in ContactChannel.PHONE_KINDS
            ],
            "contacts": [
                compact(
                    {
                        "id": child_id(item.uuid, "contact", channel.value),
                        "service_id": service_id,
                        "name": channel.label,
                        "email": channel.value,
                    }
                )
                for channel in emails
            ],
            "schedules": [
                schedule(
                    hours,
                    item.uuid,
                    service_id=service_id,
                    **({"location_id": str(hours.location_uuid)} if hours.location_id else {}),
                )
                for hours in item.hsds_schedules
            ],
            "service_areas": [
                {
                    "id": child_id(item.uuid, "service_area", name),
                    "service_id": service_id,
                    "name": name,
                }
                for name in item.hsds_service_areas
            ],
            "service_at_locations": [
                compact(
                    {
                        "id": child_id(item.uuid, "service_at_location", link.location.uuid),
                        "service_id": service_id,
                        "location_id": str(link.location.uuid),
                        "description": link.note,
                        "location": location(link.location),
                    }
                )
                for link in item.hsds_locations
            ],
            "languages": [
                {
                    "id": child_id(item.uuid, "language", language.code),
                    "service_id": service_id,
                    "name": language.name,
                    "code": language.code,
                }
                for language in item.hsds_languages
            ],
            "cost_options": cost_options(item, service_id),
            "attributes": [
                {
                    "id": child_id(item.uuid, "attribute", problem.uuid),
                    "link_id": service_id,
                    "link_type": TAXONOMY,
                    "link_entity": "service",
                    "taxonomy_term_id": str(problem.uuid),
                    "taxonomy_term": taxonomy_term(problem, problem.parent_uuid),
                }
                for problem in sorted(item.hsds_problem_types, key=lambda p: p.name)
            ]
            + provenance_attributes(item, service_id),
            "organization": organization(item.organization),
            "metadata": [ended_metadata(item, service_id)] if item.is_ended else [],
        }
    )


def ended_metadata(item: Service, service_id: str) -> dict:
    """HSDS has no end date for a service; a metadata record of the status change carries it."""
    return {
        "id": child_id(item.uuid, "metadata", "status"),
        "resource_id": service_id,
        "resource_type": "service",
        "last_action_date": item.end_date.isoformat() if item.end_date else "",
        "last_action_type": "update",
        "field_name": "status",
        "previous_value": "active",
        "replacement_value": "defunct",
        "updated_by": "Wegwijs",
    }


# Service columns HSDS has no place for; the search columns are the widest of the row.
UNUSED_SERVICE_FIELDS = ("search_document", "search_text", "internal_note")


def service_queryset(queryset):
    """The services with their organisation, without the columns service() does not read.
    Pass the rows to load_services() before service()."""
    return queryset.select_related("organization").defer(*UNUSED_SERVICE_FIELDS)


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
    by_id = {item.pk: item for item in services}
    channels = ContactChannel.objects.filter(service_id__in=list(by_id))
    _group(by_id, "hsds_channels", channels, "kind", "value", "label")
    languages = (
        Service.languages.through.objects.filter(service_id__in=list(by_id))
        .annotate(code=F("language__code"), name=F("language__name"))
        .order_by("name")
    )
    _group(by_id, "hsds_languages", languages, "code", "name")
    _load_service_areas(by_id)
    _load_schedules(by_id)
    return services


def _group(by_id: dict[int, Service], attribute: str, queryset, *fields: str) -> None:
    """Each service's rows of ``queryset``, in order, as named tuples of ``fields``."""
    for item in by_id.values():
        setattr(item, attribute, [])
    for row in queryset.values_list("service_id", *fields, named=True):
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
