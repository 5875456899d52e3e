"""HSDS service: the basic fields lists give (service_list) and the full object, part by part.

Mapping (HSDS field <- Wegwijs):
- description <- summary, a blank line, then the longer description
- url / email <- the first website (or chat link) / e-mail channel
- phones <- telephone, free number and gsm channels (type "voice" or "cell")
- contacts <- e-mail channels, named after their label
- status <- "active", or "defunct" for an ended service, with a metadata record of the status
  change dated on the end date
- interpretation_services <- a sentence when an interpreter is possible
- attributes <- problem types (taxonomy "wegwijs-probleemtypes"), and the source and who checked
  (opendata.provenance, taxonomy "wegwijs-herkomst"); assured_date only with who checked
- application_process / fees_description / eligibility_description / assured_date
  <- steps / cost note / who it is for / last verified
- last_modified <- when the service or anything shown with it last changed (opendata.models)
- cost_options <- free (amount 0), or the amount per session and the reduced amount
- service_areas <- whole cities ("Gent") and neighbourhoods ("Ledeberg (Gent)")
- attributes <- problem types, as taxonomy terms of the taxonomy "wegwijs-probleemtypes"

HSDS has no place for walk-in notes, a second website, referral rules, home visits, age groups or
the internal note; they stay out of the open data.
"""

from decimal import Decimal

from django.utils.translation import gettext

from directory.models import ContactChannel, Service
from opendata.hsds.common import TAXONOMY, child_id, compact, digest, timestamp
from opendata.hsds.location import location, schedule
from opendata.hsds.organization import organization
from opendata.hsds.taxonomy import taxonomy_term
from opendata.provenance import provenance_attributes


def service_area_name(city_name: str, neighbourhood_name: str | None = None) -> str:
    return f"{neighbourhood_name} ({city_name})" if neighbourhood_name else city_name


def description(item: Service) -> str:
    return "\n\n".join(part for part in (item.summary, item.description) if part)


def last_modified(item: Service) -> str | None:
    change = getattr(item, "open_data_change", None)
    return timestamp(change.modified) if change else None


# The fields of an HSDS service (service.json), and those a list gives (service_list.json).
SERVICE_FIELDS = (
    "id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
    "email", "status", "interpretation_services", "application_process", "fees_description",
    "wait_time", "fees", "accreditations", "eligibility_description", "minimum_age",
    "maximum_age", "assured_date", "assurer_email", "licenses", "alert", "last_modified",
    "phones", "schedules", "service_areas", "service_at_locations", "languages", "organization",
    "funding", "cost_options", "program", "required_documents", "contacts", "attributes",
    "metadata",
)  # fmt: skip
LIST_FIELDS = frozenset(SERVICE_FIELDS[:23]) | {"organization", "program"}


def _original(item: Service) -> dict | None:
    original = getattr(item, "open_data_original", None)
    if original is None:
        return None
    return {key: value for key, value in original.data.items() if key in SERVICE_FIELDS}


def basic(item: Service) -> dict:
    """The one-to-one fields and the organisation: a service in a list (service_list), with
    the fields only an imported original has. Needs the contact channels loaded (load_services,
    or load_channels alone)."""
    record = own_basic(item)
    original = _original(item)
    if original is None:
        return record
    extra = {k: v for k, v in original.items() if k in LIST_FIELDS and k not in record}
    return {**extra, **record}


def own_basic(item: Service) -> dict:
    channels = item.hsds_channels
    links = [c.value for c in channels if c.kind in ContactChannel.URL_KINDS]
    emails = [c.value for c in channels if c.kind == ContactChannel.Kind.EMAIL]
    return compact(
        {
            "id": str(item.uuid),
            "organization_id": str(item.organization.uuid),
            "name": item.name,
            "description": description(item),
            "url": links[0] if links else None,
            "email": emails[0] if emails else None,
            "status": "defunct" if item.is_ended else "active",
            "interpretation_services": (
                gettext("Een tolk is mogelijk.") if item.interpreter_available else None
            ),
            "application_process": item.steps,
            "fees_description": item.cost_note,
            "eligibility_description": item.audience,
            "assured_date": item.last_verified.isoformat() if item.last_verified else None,
            "last_modified": last_modified(item),
            "organization": organization(item.organization),
        }
    )


def service(item: Service) -> dict:
    """A full HSDS service, of a row of service_queryset() passed to load_services().

    An imported service whose directory data did not change since gives back the record as it
    came (with our last_modified); once edited, the directory's data with the original's other
    fields (opendata.models.OriginalRecord)."""
    record = own_service(item)
    original = _original(item)
    if original is None:
        return record
    if digest(record) == item.open_data_original.model_digest:
        return compact({**original, "last_modified": record.get("last_modified")})
    return {**{k: v for k, v in original.items() if k not in record}, **record}


def own_service(item: Service) -> dict:
    """What the directory itself holds of the service, as HSDS."""
    service_id = str(item.uuid)
    return compact(
        {
            **own_basic(item),
            "phones": phones(item, service_id),
            "contacts": contacts(item, service_id),
            "schedules": schedules(item, service_id),
            "service_areas": service_areas(item, service_id),
            "service_at_locations": service_at_locations(item, service_id),
            "languages": languages(item, service_id),
            "cost_options": cost_options(item, service_id),
            "attributes": attributes(item, service_id),
            "metadata": [ended_metadata(item, service_id)] if item.is_ended else [],
        }
    )


def phones(item: Service, service_id: str) -> list[dict]:
    return [
        compact(
            {
                "id": child_id(item.uuid, "phone", channel.value),
                "service_id": service_id,
                "number": channel.value,
                "type": "cell" if channel.kind == ContactChannel.Kind.MOBILE else "voice",
                "description": channel.label,
            }
        )
        for channel in item.hsds_channels
        if channel.kind in ContactChannel.PHONE_KINDS
    ]


def contacts(item: Service, service_id: str) -> list[dict]:
    return [
        compact(
            {
                "id": child_id(item.uuid, "contact", channel.value),
                "service_id": service_id,
                "name": channel.label,
                "email": channel.value,
            }
        )
        for channel in item.hsds_channels
        if channel.kind == ContactChannel.Kind.EMAIL
    ]


def schedules(item: Service, service_id: str) -> list[dict]:
    return [
        schedule(
            hours,
            item.uuid,
            service_id=service_id,
            **({"location_id": str(hours.location_uuid)} if hours.location_id else {}),
        )
        for hours in item.hsds_schedules
    ]


def service_areas(item: Service, service_id: str) -> list[dict]:
    return [
        {
            "id": child_id(item.uuid, "service_area", name),
            "service_id": service_id,
            "name": name,
        }
        for name in item.hsds_service_areas
    ]


def service_at_locations(item: Service, service_id: str) -> list[dict]:
    return [
        compact(
            {
                "id": service_at_location_id(item, link.location),
                "service_id": service_id,
                "location_id": str(link.location.uuid),
                "description": link.note,
                "location": location(link.location),
            }
        )
        for link in item.hsds_locations
    ]


def service_at_location_id(item: Service, place) -> str:
    return child_id(item.uuid, "service_at_location", place.uuid)


def languages(item: Service, service_id: str) -> list[dict]:
    return [
        {
            "id": child_id(item.uuid, "language", language.code),
            "service_id": service_id,
            "name": language.name,
            "code": language.code,
        }
        for language in item.hsds_languages
    ]


def cost_options(item: Service, service_id: str) -> list[dict]:
    def option(name, amount, description=""):
        return compact(
            {
                "id": child_id(item.uuid, "cost_option", name),
                "service_id": service_id,
                "option": name,
                "currency": "EUR",
                "amount": float(amount),
                "amount_description": description,
            }
        )

    if item.cost == Service.Cost.FREE:
        return [option(gettext("Gratis"), Decimal(0))]
    options = []
    if item.cost_per_session is not None:
        options.append(option(gettext("Per sessie"), item.cost_per_session))
    if item.cost_reduced is not None:
        options.append(
            option(
                gettext("Met verhoogde tegemoetkoming"),
                item.cost_reduced,
                gettext("per sessie, met verhoogde tegemoetkoming"),
            )
        )
    return options


def attributes(item: Service, service_id: str) -> list[dict]:
    return [
        {
            "id": child_id(item.uuid, "attribute", problem.uuid),
            "link_id": service_id,
            "link_type": TAXONOMY,
            "link_entity": "service",
            "taxonomy_term_id": str(problem.uuid),
            "taxonomy_term": taxonomy_term(problem, problem.parent_uuid),
        }
        for problem in sorted(item.hsds_problem_types, key=lambda p: p.name)
    ] + provenance_attributes(item, service_id)


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


def withdrawn(change) -> dict:
    """A service that left the open data (deleted or unpublished) since a harvester's last
    visit: only its id, its last public name, status "inactive" and when it left."""
    return {
        "id": str(change.uuid),
        "name": change.name,
        "status": "inactive",
        "last_modified": timestamp(change.modified),
    }
