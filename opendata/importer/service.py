"""HSDS service -> Service with its contact channels, places, hours, areas, languages and
problem types. What the model cannot hold is noted; the record itself is kept (originals.py)."""

import re

from django.utils.translation import gettext as _

from directory.models import (
    City,
    ContactChannel,
    Language,
    Neighbourhood,
    Organization,
    ProblemType,
    Service,
    ServiceAtLocation,
)
from opendata.importer.context import Context, unique_slug
from opendata.importer.location import import_location, replace_hours
from opendata.importer.record import Record
from opendata.provenance import is_provenance, read_provenance

STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
AREA_IN_CITY = re.compile(r"^(?P<name>.+) \((?P<city>[^()]+)\)$")
FREE_NUMBER = re.compile(r"^(0800|0900)|^\d{3,4}$")
FIELDS = {
    "summary": "description",
    "steps": "application_process",
    "audience": "eligibility_description",
    "cost_note": "fees_description",
    "last_verified": "assured_date",
    "verified_by": "attributes (gecontroleerd_namens)",
    "verified_for": "attributes (gecontroleerd_namens)",
    "source_url": "attributes (bron_url)",
    "source_title": "attributes (bron)",
    "source_date": "attributes (bron_datum)",
    "end_date": "metadata (status change date)",
    "cost_per_session": "cost_options",
    "cost_reduced": "cost_options",
}


def organization_of(record: Record):
    organization_id = record.uuid("organization_id", required=False)
    nested = record.data.get("organization")
    if organization_id is None and isinstance(nested, dict):
        organization_id = record.child("organization").uuid("id")
    if organization_id is None:
        record.problem("organization_id", _("ontbreekt (ook geen organization met een id)"))
        return None
    organization = Organization.objects.filter(uuid=organization_id).first()
    if organization is None:
        record.problem("organization_id", _("onbekende organisatie %s") % organization_id)
    return organization


def import_service(ctx: Context, record: Record) -> Service | None:
    service, created = ctx.upsert(Service, record)
    name = record.text("name", required=True, max_length=200)
    summary, description = split_description(record.text("description"))
    status = record.text("status", required=True)
    if status and status not in STATUSES:
        record.problem("status", _("onbekende status %r") % (status,))
    organization = organization_of(record)
    if service is None or organization is None:
        return None
    service.organization = organization
    service.name = name
    service.summary, service.description = summary, description
    service.steps = record.text("application_process")
    service.audience = record.text("eligibility_description")
    service.cost_note = record.text("fees_description", max_length=200)
    service.interpreter_available = bool(record.text("interpretation_services")) or None
    # A verification date only with who checked; never one we did not receive.
    for name, value in read_provenance(record).items():
        setattr(service, name, value)
    set_status(service, record, status)
    set_costs(service, record)
    if created:
        service.slug = unique_slug(Service, name)
        service.is_published = ctx.publish
    if not ctx.save(service, record, created, "services", FIELDS):
        return None
    set_channels(service, record)
    set_locations(ctx, service, record)
    replace_hours(ctx, record.children("schedules"), service.opening_hours.all(), service=service)
    set_areas(service, record)
    set_languages(service, record)
    set_problem_types(service, record)
    return service


def split_description(text: str) -> tuple[str, str]:
    summary, _separator, rest = text.partition("\n\n")
    if len(summary) > 200:
        return summary[:199] + "…", text
    return summary, rest.strip()


def set_status(service, record, status):
    if status in ("", "active"):
        service.status, service.end_date = Service.Status.ACTIVE, None
        service.successor = None
        return
    service.status = Service.Status.ENDED
    for change in record.children("metadata"):
        if change.data.get("field_name") == "status":
            service.end_date = change.date("last_action_date") or service.end_date
    if service.end_date is None:
        service.end_date = record.date("last_modified") or record.date("assured_date")
        if service.end_date is None:
            record.problem("status", _("een gestopte dienst heeft een datum nodig (metadata)"))


def set_costs(service, record):
    amounts = []
    for option in record.children("cost_options"):
        amount = option.number("amount")
        currency = option.text("currency").upper()
        if amount is None:
            continue
        if currency not in ("", "EUR"):
            option.note("currency", f"{amount} {currency} is not in euro: not used as a price")
            continue
        amounts.append(amount)
    service.cost_per_session = service.cost_reduced = None
    if not amounts:
        service.cost = Service.Cost.OTHER
    elif not any(amounts):
        service.cost = Service.Cost.FREE
    else:
        paid = [amount for amount in amounts if amount]
        service.cost = Service.Cost.PER_SESSION
        service.cost_per_session = paid[0]
        service.cost_reduced = paid[1] if len(paid) > 1 and paid[1] <= paid[0] else None


def phone_channel(service, phone: Record) -> ContactChannel | None:
    Kind = ContactChannel.Kind
    number = phone.text("number", required=True, max_length=300).strip("\"' ")
    if phone.text("type") == "cell":
        kind = Kind.MOBILE
    elif FREE_NUMBER.match(number.replace(" ", "")):
        kind = Kind.FREE_NUMBER
    else:
        kind = Kind.PHONE
    label = phone.text("description", max_length=120)
    channel = ContactChannel(service=service, kind=kind, value=number, label=label)
    # Other publishers list numbers abroad too; the site's one parser checks and formats them.
    channel.foreign_phone_allowed = True
    return channel if phone.validate(channel, {"value": "number"}, unique=False) else None


def set_channels(service, record):
    Kind = ContactChannel.Kind
    wanted = [phone_channel(service, phone) for phone in record.children("phones")]
    for contact in record.children("contacts"):
        email = contact.text("email", max_length=300)
        if email:
            channel = ContactChannel(
                service=service,
                kind=Kind.EMAIL,
                value=email,
                label=contact.text("name", max_length=120),
            )
            valid = contact.validate(channel, {"value": "email"}, unique=False)
            wanted.append(channel if valid else None)
    wanted = [channel for channel in wanted if channel is not None]
    if not any(c.kind == Kind.EMAIL for c in wanted) and record.text("email"):
        channel = ContactChannel(service=service, kind=Kind.EMAIL, value=record.text("email"))
        if record.validate(channel, {"value": "email"}, unique=False):
            wanted.append(channel)
    url = record.text("url", max_length=300)
    links = service.contact_channels.filter(kind__in=ContactChannel.URL_KINDS)
    if url and not links.filter(value=url).exists():
        channel = ContactChannel(service=service, kind=Kind.WEBSITE, value=url)
        if record.validate(channel, {"value": "url"}):
            wanted.append(channel)
    unique = {}
    for channel in wanted:
        unique.setdefault((channel.kind, channel.value), channel)
    wanted = list(unique.values())
    for position, channel in enumerate(wanted):
        channel.position = position
    replaced = service.contact_channels.filter(kind__in=[*ContactChannel.PHONE_KINDS, Kind.EMAIL])
    key = lambda c: (c.kind, c.value, c.label)  # noqa: E731
    new = [c for c in wanted if c.kind in ContactChannel.PHONE_KINDS | {Kind.EMAIL}]
    if sorted(map(key, replaced)) != sorted(map(key, new)):
        replaced.delete()
        for channel in new:
            channel.save()
    for channel in wanted:
        if channel.kind in ContactChannel.URL_KINDS:
            channel.save()


def set_locations(ctx, service, record):
    wanted = []
    for link in record.children("service_at_locations"):
        place_record = link.child("location")
        if place_record is None:
            link.problem("location", _("ontbreekt"))
            continue
        place = import_location(ctx, place_record)
        if place is not None:
            wanted.append((place, link.text("description", max_length=200)))
    current = sorted(service.service_locations.values_list("location_id", "note"))
    if current == sorted((place.pk, note) for place, note in wanted):
        return
    service.service_locations.all().delete()
    for place, note in wanted:
        ServiceAtLocation.objects.create(service=service, location=place, note=note)


def neighbourhood(name: str, city_name: str) -> Neighbourhood | None:
    """ "Ledeberg (Gent)", as export_hsds writes areas: a neighbourhood of a city the directory
    has (made when missing, as a round trip needs); None when the city is unknown."""
    found = Neighbourhood.objects.filter(city__name__iexact=city_name, name__iexact=name).first()
    city = City.objects.filter(name__iexact=city_name).first()
    if found is None and city is not None and len(name) <= 100:
        found = Neighbourhood.objects.create(
            city=city, name=name, slug=unique_slug(Neighbourhood, f"{city.slug} {name}")
        )
    return found


def set_areas(service, record):
    """Cities the directory has and their neighbourhoods; any other area is no City: it stays
    text in the original record."""
    cities, neighbourhoods = [], []
    for area in record.children("service_areas"):
        name = area.text("name", required=True)
        match = AREA_IN_CITY.match(name)
        found = None
        if match:
            found = neighbourhood(match["name"], match["city"])
            if found:
                neighbourhoods.append(found)
        else:
            found = City.objects.filter(name__iexact=name).first()
            if found:
                cities.append(found)
        if found is None:
            area.note("name", "not a city or neighbourhood of the directory: kept as text")
    service.serves_cities.set(cities)
    service.serves_neighbourhoods.set(neighbourhoods)


def set_languages(service, record):
    languages = []
    for item in record.children("languages"):
        code = item.text("code", max_length=12).lower()
        if code:
            language, _created = Language.objects.get_or_create(
                code=code, defaults={"name": item.text("name", max_length=60) or code}
            )
            languages.append(language)
    service.languages.set(languages)


def set_problem_types(service, record):
    problems = []
    for attribute in record.children("attributes"):
        if is_provenance(attribute):
            continue
        term_id = attribute.uuid("taxonomy_term_id", required=False)
        if term_id is None:
            continue
        problem = ProblemType.objects.filter(uuid=term_id).first()
        if problem is None:
            attribute.problem("taxonomy_term_id", _("onbekende taxonomieterm %s") % term_id)
        else:
            problems.append(problem)
    service.problem_types.set(problems)
