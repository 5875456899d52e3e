"""HSDS location (with its address, accessibility and schedules) -> Location, OpeningHours."""

import re

from django.utils.translation import gettext as _

from directory.models import City, Location, OpeningHours, Organization
from opendata.hsds import WEEKDAYS
from opendata.importer.context import Context, unique_slug
from opendata.importer.record import Record

DAYS = {code: number for number, code in WEEKDAYS.items()}
BELGIAN_POSTCODE = re.compile(r"^[1-9][0-9]{3}$")


def city(ctx: Context, name: str) -> City:
    """The City of a location's address: found by name, or made (a location needs one)."""
    if name not in ctx.cities:
        ctx.cities[name] = City.objects.filter(name__iexact=name).first() or City.objects.create(
            name=name, slug=unique_slug(City, name)
        )
    return ctx.cities[name]


def address_cities(service: dict) -> set[str]:
    """The cities of the addresses of a service record's places (valid ones only)."""
    names = set()
    for link in service.get("service_at_locations") or []:
        place = link.get("location") if isinstance(link, dict) else None
        addresses = place.get("addresses") if isinstance(place, dict) else None
        if isinstance(addresses, list) and addresses and isinstance(addresses[0], dict):
            name = addresses[0].get("city")
            if isinstance(name, str) and 0 < len(name.strip()) <= 100:
                names.add(name.strip())
    return names


def coordinate(record: Record, name: str, limit: int):
    value = record.number(name)
    if value is not None and not -limit <= value <= limit:
        record.note(name, f"{value} is not a valid {name}: not used for distances")
        return None
    return value


def import_location(ctx: Context, record: Record) -> Location | None:
    place, created = ctx.upsert(Location, record)
    name = record.text("name", required=True, max_length=200)
    addresses = record.children("addresses")
    if place is None:
        return None
    if not addresses:
        if created:  # a virtual place, or one given in full elsewhere in the import
            record.note("addresses", "no address: not a place of the directory")
            return None
        return place
    address = addresses[0]
    city_name = address.text("city", required=True, max_length=100)
    place.name = name
    place.address = address.text("address_1", max_length=200)
    postcode = address.text("postal_code")
    if postcode and not BELGIAN_POSTCODE.match(postcode):
        address.note("postal_code", f"{postcode!r} is not a Belgian postcode: kept as text only")
        postcode = ""
    place.postcode = postcode
    place.latitude = coordinate(record, "latitude", 90)
    place.longitude = coordinate(record, "longitude", 180)
    if place.latitude is None or place.longitude is None:
        place.latitude = place.longitude = None
    place.transit_stop = record.text("transportation", max_length=120)
    accessibility = record.children("accessibility")
    place.accessibility = accessibility[0].text("description") if accessibility else ""
    organization_id = record.uuid("organization_id", required=False)
    place.organization = Organization.objects.filter(uuid=organization_id).first()
    if organization_id and place.organization is None:
        record.problem("organization_id", _("onbekende organisatie %s") % organization_id)
        return None
    if not city_name:
        return None
    place.city = city(ctx, city_name)
    if place.neighbourhood_id and place.neighbourhood.city_id != place.city.pk:
        place.neighbourhood = None
    if created:
        place.slug = unique_slug(Location, name)
    fields = {"address": "addresses[0].address_1", "postcode": "addresses[0].postal_code"}
    if not ctx.save(place, record, created, "locations", fields):
        return None
    replace_hours(
        ctx,
        record.children("schedules"),
        place.opening_hours.filter(service__isnull=True),
        location=place,
    )
    return place


def hours_of(record: Record, **owner) -> list[OpeningHours]:
    """One OpeningHours per day of `byday` ("TH,FR" is two)."""
    days = [day.strip() for day in record.text("byday").split(",") if day.strip()]
    unknown = [day for day in days if day not in DAYS]
    if not days or unknown:
        record.problem(
            "byday",
            _("moet dagen zijn (MO tot SU, met komma's), niet %r") % (record.data.get("byday"),),
        )
        return []
    opens_at, closes_at = record.time("opens_at"), record.time("closes_at")
    if not (opens_at and closes_at):
        return []
    note = record.text("description", max_length=120)
    rows = [
        OpeningHours(weekday=DAYS[day], opens_at=opens_at, closes_at=closes_at, note=note, **owner)
        for day in days
    ]
    fields = {"opens_at": "opens_at", "closes_at": "closes_at", "note": "description"}
    return rows if all(record.validate(row, fields) for row in rows) else []


def _key(hours):
    return (hours.weekday, hours.opens_at, hours.closes_at, hours.note, hours.location_id or 0)


def replace_hours(ctx: Context, records: list[Record], existing, **owner) -> None:
    """Sets the opening hours to those of `records`, writing nothing when they are the same."""
    wanted = []
    for record in records:
        hours_owner = dict(owner)
        if "service" in owner:
            location_id = record.uuid("location_id", required=False)
            hours_owner["location"] = (
                Location.objects.filter(uuid=location_id).first() if location_id else None
            )
            if location_id and hours_owner["location"] is None:
                record.problem("location_id", _("onbekende locatie %s") % location_id)
                continue
        wanted.extend(hours_of(record, **hours_owner))
    current = list(existing)
    if sorted(map(_key, current)) == sorted(map(_key, wanted)):
        return
    existing.delete()
    for hours in wanted:
        hours.save()
