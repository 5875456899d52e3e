"""Import an HSDS dataset written by export_hsds (or shaped like it), matching rows by id.

All or nothing: the whole import runs in one transaction. Every problem is collected with the
file, the record number, its id and the field, e.g.
``services.json, record 3 (id 0b6f…): phones[1].number: Geef een geldig telefoonnummer.``
and then nothing is saved. Importing the same files twice changes nothing the second time.

What an import does to a service it already has: it sets the fields HSDS carries and replaces
the phones, e-mail contacts, locations, opening hours, service areas, languages and problem types.
What HSDS cannot carry (walk-in notes, chat links, referral rules, the internal note, the
publication state) stays as it was. New services arrive unpublished unless `publish` is set,
so that staff check them first.
"""

import datetime
import json
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from directory.models import (
    City,
    ContactChannel,
    Language,
    Location,
    Neighbourhood,
    OpeningHours,
    Organization,
    ProblemType,
    Service,
    ServiceAtLocation,
)
from opendata import dataset
from opendata.hsds import WEEKDAYS

MAX_PROBLEMS = 50
DAYS = {code: number for number, code in WEEKDAYS.items()}
AREA_IN_CITY = re.compile(r"^(?P<name>.+) \((?P<city>[^()]+)\)$")
FREE_NUMBER = re.compile(r"^(0800|0900)|^\d{3,4}$")


class DatasetError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _TooManyProblems(Exception):
    pass


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool):
        counter = self.created if created else self.updated
        counter[kind] = counter.get(kind, 0) + 1


class Record:
    """Reads one record's fields and notes every problem with where it is."""

    def __init__(self, problems: list[str], where: str, data, path: str = ""):
        self.problems, self.where, self.path = problems, where, path
        self.data = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problem("", _("moet een JSON-object zijn"))

    def problem(self, name: str, message) -> None:
        messages = message if isinstance(message, list) else [message]
        location = f"{self.path}{name}" or "record"
        for text in messages:
            self.problems.append(f"{self.where}: {location}: {text}")
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooManyProblems

    def text(self, name: str, *, required=False, max_length=None) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.problem(name, _("ontbreekt"))
            return ""
        if not isinstance(value, str):
            self.problem(name, _("moet tekst zijn"))
            return ""
        if max_length and len(value) > max_length:
            self.problem(name, _("is langer dan %(max)d tekens") % {"max": max_length})
            return value[:max_length]
        return value.strip()

    def uuid(self, name: str, *, required=True) -> uuid.UUID | None:
        value = self.data.get(name)
        if value in (None, "") and not required:
            return None
        try:
            return uuid.UUID(str(value)) if value is not None else None
        except ValueError:
            pass
        self.problem(
            name,
            _("ontbreekt") if value is None else _("is geen geldige UUID: %r") % (value,),
        )
        return None

    def number(self, name: str) -> Decimal | None:
        value = self.data.get(name)
        if value is None:
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            return Decimal(str(value))
        except InvalidOperation:
            self.problem(name, _("is geen getal: %r") % (value,))
            return None

    def date(self, name: str) -> datetime.date | None:
        value = self.text(name)
        try:
            return datetime.date.fromisoformat(value) if value else None
        except ValueError:
            self.problem(name, _("is geen datum (JJJJ-MM-DD): %r") % (value,))
            return None

    def time(self, name: str) -> datetime.time | None:
        value = self.text(name, required=True)
        try:
            return datetime.time.fromisoformat(value) if value else None
        except ValueError:
            self.problem(name, _("is geen uur (UU:MM): %r") % (value,))
            return None

    def children(self, name: str) -> list["Record"]:
        value = self.data.get(name, [])
        if not isinstance(value, list):
            self.problem(name, _("moet een lijst zijn"))
            return []
        return [
            Record(self.problems, self.where, item, f"{self.path}{name}[{index}].")
            for index, item in enumerate(value)
        ]

    def validate(self, instance, fields: dict[str, str] | None = None, exclude=()) -> bool:
        """Runs the model's own validation; `fields` maps model fields to HSDS fields."""
        try:
            instance.full_clean(exclude=list(exclude))
        except ValidationError as error:
            for model_field, messages in error.message_dict.items():
                hsds_field = (fields or {}).get(model_field, model_field)
                self.problem("" if model_field == "__all__" else hsds_field, messages)
            return False
        return True


def unique_slug(model, name: str, current=None) -> str:
    if current:
        return current
    max_length = model._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 6] or model._meta.model_name
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def read_files(directory: Path) -> dict[str, list]:
    problems, data = [], {}
    for name in dataset.FILES:
        path = directory / name
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(f"{name}: " + _("het bestand ontbreekt in %s") % directory)
            continue
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{name}: " + _("geen geldige JSON (%s)") % error)
            continue
        if not isinstance(content, list):
            problems.append(f"{name}: " + _("moet een JSON-lijst van records zijn"))
            continue
        data[name] = content
    if problems:
        raise DatasetError(problems)
    return data


def import_dataset(directory: Path, *, publish: bool = False) -> Report:
    files = read_files(directory)
    importer = _Importer(publish=publish)
    try:
        with transaction.atomic():
            importer.run(files)
            if importer.problems:
                raise DatasetError(importer.problems)
    except _TooManyProblems:
        raise DatasetError([*importer.problems, _("… gestopt na te veel fouten.")]) from None
    return importer.report


class _Importer:
    def __init__(self, *, publish: bool):
        self.publish = publish
        self.problems: list[str] = []
        self.report = Report()
        self.cities: dict[str, City] = {}

    def records(self, files, name):
        for index, data in enumerate(files[name], start=1):
            record_id = data.get("id") if isinstance(data, dict) else None
            yield Record(self.problems, f"{name}, record {index} (id {record_id})", data)

    def run(self, files):
        terms = sorted(self.records(files, "taxonomy_terms.json"), key=self._depth(files))
        for record in terms:
            self.taxonomy_term(record)
        for record in self.records(files, "organizations.json"):
            self.organization(record)
        for record in self.records(files, "services.json"):
            self.service(record)

    @staticmethod
    def _depth(files):
        """Parents before children, whatever the order in the file."""
        parents = {
            item.get("id"): item.get("parent_id")
            for item in files["taxonomy_terms.json"]
            if isinstance(item, dict)
        }

        def depth(record):
            level, current, seen = 0, record.data.get("id"), set()
            while parents.get(current) and current not in seen:
                seen.add(current)
                current, level = parents[current], level + 1
            return level

        return depth

    def upsert(self, model, record: Record):
        """The row with the record's id, or a new one carrying that id; None when the id is bad."""
        record_id = record.uuid("id")
        if record_id is None:
            return None, False
        instance = model.objects.filter(uuid=record_id).first()
        if instance is None:
            return model(uuid=record_id), True
        return instance, False

    def save(self, instance, record, created, kind, fields=None, exclude=()):
        if record.validate(instance, fields, exclude):
            instance.save()
            self.report.count(kind, created)
            return True
        return False

    def taxonomy_term(self, record: Record):
        problem, created = self.upsert(ProblemType, record)
        name = record.text("name", required=True, max_length=100)
        description = record.text("description")
        code = record.text("code", max_length=100)
        parent_id = record.uuid("parent_id", required=False)
        if problem is None:
            return
        problem.name = name
        problem.description = description
        if created:
            problem.slug = code or unique_slug(ProblemType, name)
        problem.parent = None
        if parent_id:
            problem.parent = ProblemType.objects.filter(uuid=parent_id).first()
            if problem.parent is None:
                record.problem("parent_id", _("onbekende taxonomieterm %s") % parent_id)
                return
        self.save(problem, record, created, "taxonomy_terms", {"slug": "code"})

    def organization(self, record: Record):
        org, created = self.upsert(Organization, record)
        name = record.text("name", required=True, max_length=200)
        description = record.text("description")
        website = record.text("website", max_length=200)
        if org is None:
            return
        org.name, org.description, org.website = name, description, website
        if created:
            org.slug = unique_slug(Organization, name)
        self.save(org, record, created, "organizations")

    def service(self, record: Record):
        service, created = self.upsert(Service, record)
        organization_id = record.uuid("organization_id")
        name = record.text("name", required=True, max_length=200)
        summary, description = self._split_description(record.text("description"))
        status = record.text("status", required=True)
        if status and status not in {"active", "inactive", "defunct", "temporarily closed"}:
            record.problem("status", _("onbekende status %r") % (status,))
        if service is None:
            return
        organization = Organization.objects.filter(uuid=organization_id).first()
        if organization_id and organization is None:
            record.problem("organization_id", _("onbekende organisatie %s") % organization_id)
            return
        service.organization = organization
        service.name = name
        service.summary, service.description = summary, description
        service.steps = record.text("application_process")
        service.audience = record.text("eligibility_description")
        service.cost_note = record.text("fees_description", max_length=200)
        service.interpreter_available = bool(record.text("interpretation_services"))
        service.last_verified = record.date("assured_date")
        self._status(service, record, status)
        self._costs(service, record)
        if created:
            service.slug = unique_slug(Service, name)
            service.is_published = self.publish
        fields = {
            "summary": "description",
            "steps": "application_process",
            "audience": "eligibility_description",
            "cost_note": "fees_description",
            "last_verified": "assured_date",
            "end_date": "metadata (status change date)",
            "cost_per_session": "cost_options",
            "cost_reduced": "cost_options",
        }
        if not self.save(service, record, created, "services", fields):
            return
        self._channels(service, record)
        self._locations(service, record)
        self._schedules(service, record)
        self._areas(service, record)
        self._languages(service, record)
        self._problem_types(service, record)

    @staticmethod
    def _split_description(text: str) -> tuple[str, str]:
        summary, _separator, rest = text.partition("\n\n")
        if len(summary) > 200:
            return Truncator(summary).chars(200), text
        return summary, rest.strip()

    @staticmethod
    def _status(service, record, status):
        if status in ("", "active"):
            service.status, service.end_date = Service.Status.ACTIVE, None
            service.successor = None
            return
        service.status = Service.Status.ENDED
        for change in record.children("metadata"):
            if change.data.get("field_name") == "status":
                service.end_date = change.date("last_action_date") or service.end_date

    @staticmethod
    def _costs(service, record):
        amounts = [option.number("amount") for option in record.children("cost_options")]
        amounts = [amount for amount in amounts if amount is not None]
        service.cost_per_session = service.cost_reduced = None
        if not amounts:
            service.cost = Service.Cost.OTHER
        elif not any(amounts):
            service.cost = Service.Cost.FREE
        else:
            paid = [amount for amount in amounts if amount]
            service.cost = Service.Cost.PER_SESSION
            service.cost_per_session = paid[0]
            service.cost_reduced = paid[1] if len(paid) > 1 else None

    def _channels(self, service, record):
        Kind = ContactChannel.Kind
        wanted = []
        for phone in record.children("phones"):
            number = phone.text("number", required=True, max_length=300)
            if phone.text("type") == "cell":
                kind = Kind.MOBILE
            elif FREE_NUMBER.match(number.replace(" ", "")):
                kind = Kind.FREE_NUMBER
            else:
                kind = Kind.PHONE
            wanted.append((phone, kind, number, phone.text("description", max_length=120)))
        for contact in record.children("contacts"):
            email = contact.text("email", max_length=300)
            if email:
                wanted.append((contact, Kind.EMAIL, email, contact.text("name", max_length=120)))
        has_email = any(item[1] == Kind.EMAIL for item in wanted)
        if not has_email and record.text("email"):
            wanted.append((record, Kind.EMAIL, record.text("email"), ""))

        service.contact_channels.filter(kind__in=[*ContactChannel.PHONE_KINDS, Kind.EMAIL]).delete()
        for position, (source, kind, value, label) in enumerate(wanted):
            channel = ContactChannel(
                service=service, kind=kind, value=value, label=label, position=position
            )
            channel.foreign_phone_allowed = True
            field_name = "email" if kind == Kind.EMAIL else "number"
            if source.validate(channel, {"value": field_name}):
                channel.save()
        url = record.text("url", max_length=300)
        links = service.contact_channels.filter(kind__in=ContactChannel.URL_KINDS)
        if url and not links.filter(value=url).exists():
            channel = ContactChannel(
                service=service, kind=Kind.WEBSITE, value=url, position=len(wanted)
            )
            if record.validate(channel, {"value": "url"}):
                channel.save()

    def _city(self, name: str) -> City:
        if name not in self.cities:
            self.cities[name] = City.objects.filter(name=name).first() or City.objects.create(
                name=name, slug=unique_slug(City, name)
            )
        return self.cities[name]

    def _location(self, record: Record) -> Location | None:
        place, created = self.upsert(Location, record)
        name = record.text("name", required=True, max_length=200)
        addresses = record.children("addresses")
        if not addresses:
            record.problem("addresses", _("geef minstens één adres met een stad"))
        if place is None or not addresses:
            return None
        address = addresses[0]
        city_name = address.text("city", required=True, max_length=100)
        place.name = name
        place.address = address.text("address_1", max_length=200)
        place.postcode = address.text("postal_code", max_length=4)
        place.latitude = record.number("latitude")
        place.longitude = record.number("longitude")
        accessibility = record.children("accessibility")
        place.accessibility = accessibility[0].text("description") if accessibility else ""
        organization_id = record.uuid("organization_id", required=False)
        place.organization = Organization.objects.filter(uuid=organization_id).first()
        if organization_id and place.organization is None:
            record.problem("organization_id", _("onbekende organisatie %s") % organization_id)
            return None
        if not city_name:
            return None
        place.city = self._city(city_name)
        if place.neighbourhood_id and place.neighbourhood.city_id != place.city.pk:
            place.neighbourhood = None
        if created:
            place.slug = unique_slug(Location, name)
        fields = {"address": "addresses[0].address_1", "postcode": "addresses[0].postal_code"}
        if not self.save(place, record, created, "locations", fields):
            return None
        place.opening_hours.filter(service__isnull=True).delete()
        for hours in record.children("schedules"):
            self._opening_hours(hours, location=place)
        return place

    def _locations(self, service, record):
        service.service_locations.all().delete()
        for link in record.children("service_at_locations"):
            place = self._location(
                Record(
                    self.problems, link.where, link.data.get("location"), f"{link.path}location."
                )
            )
            if place is not None:
                ServiceAtLocation.objects.create(
                    service=service, location=place, note=link.text("description", max_length=200)
                )

    def _opening_hours(self, record: Record, **owner):
        day = record.text("byday")
        if day not in DAYS:
            record.problem("byday", _("moet één dag zijn (MO tot SU), niet %r") % (day,))
            return
        hours = OpeningHours(
            weekday=DAYS[day],
            opens_at=record.time("opens_at"),
            closes_at=record.time("closes_at"),
            note=record.text("description", max_length=120),
            **owner,
        )
        fields = {"opens_at": "opens_at", "closes_at": "closes_at", "note": "description"}
        if hours.opens_at and hours.closes_at and record.validate(hours, fields):
            hours.save()

    def _schedules(self, service, record):
        service.opening_hours.all().delete()
        for schedule in record.children("schedules"):
            location_id = schedule.uuid("location_id", required=False)
            place = Location.objects.filter(uuid=location_id).first() if location_id else None
            if location_id and place is None:
                schedule.problem("location_id", _("onbekende locatie %s") % location_id)
                continue
            self._opening_hours(schedule, service=service, location=place)

    def _areas(self, service, record):
        cities, neighbourhoods = [], []
        for area in record.children("service_areas"):
            name = area.text("name", required=True, max_length=200)
            match = AREA_IN_CITY.match(name)
            if not match:
                if name:
                    cities.append(self._city(name))
                continue
            city = self._city(match["city"])
            part = Neighbourhood.objects.filter(city=city, name=match["name"]).first()
            if part is None:
                part = Neighbourhood.objects.create(
                    city=city,
                    name=match["name"],
                    slug=unique_slug(Neighbourhood, f"{city.slug} {match['name']}"),
                )
            neighbourhoods.append(part)
        service.serves_cities.set(cities)
        service.serves_neighbourhoods.set(neighbourhoods)

    def _languages(self, service, record):
        languages = []
        for item in record.children("languages"):
            code = item.text("code", required=True, max_length=12).lower()
            if code:
                language, _created = Language.objects.get_or_create(
                    code=code, defaults={"name": item.text("name", max_length=60) or code}
                )
                languages.append(language)
        service.languages.set(languages)

    def _problem_types(self, service, record):
        problems = []
        for attribute in record.children("attributes"):
            term_id = attribute.uuid("taxonomy_term_id")
            if term_id is None:
                continue
            problem = ProblemType.objects.filter(uuid=term_id).first()
            if problem is None:
                attribute.problem("taxonomy_term_id", _("onbekende taxonomieterm %s") % term_id)
            else:
                problems.append(problem)
        service.problem_types.set(problems)
