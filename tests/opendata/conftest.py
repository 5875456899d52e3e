import copy
import functools
import json
from pathlib import Path

import jsonschema
import pytest
from django.db import connection

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
from tests.cache.conftest import page_cache, redis_cache, redis_url  # noqa: F401

SCHEMAS = Path(__file__).resolve().parent.parent / "hsds"


def _closed(schema):
    """Like the HSDS check itself: no field outside the specification is allowed."""
    if isinstance(schema, dict):
        if "properties" in schema:
            schema["additionalProperties"] = False
        for value in schema.values():
            _closed(value)
    elif isinstance(schema, list):
        for value in schema:
            _closed(value)
    return schema


@functools.cache
def _validator(name):
    schema = _closed(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator, data):
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(data)
    ]


@pytest.fixture
def service_schema_errors():
    """The errors of a dict against the HSDS 3.0 service schema ([] when valid)."""
    return functools.partial(_errors, _validator("service.json"))


@pytest.fixture
def organization_schema_errors():
    return functools.partial(_errors, _validator("organization_list.json"))


@pytest.fixture
def taxonomy_term_schema_errors():
    service = _validator("service.json").schema
    term = copy.deepcopy(
        service["properties"]["attributes"]["items"]["properties"]["taxonomy_term"]
    )
    cls = jsonschema.validators.validator_for(service)
    return functools.partial(_errors, cls(term, format_checker=cls.FORMAT_CHECKER))


@pytest.fixture
def full_service(make_service, make_problem, city, make_neighbourhood, organization):
    """A published service using every part of the HSDS mapping."""
    parent = make_problem("Psychisch welzijn", description="Je voelt je niet goed.")
    problem = make_problem("Stress", parent=parent, resident_phrase="Ik heb stress")
    service = make_service(
        "Eerstelijnspsychologen",
        problems=[problem],
        cities=[city],
        neighbourhoods=[make_neighbourhood(city, "Ledeberg")],
        channels=False,
        summary="Praten met een psycholoog.",
        description="Korte begeleiding, tot tien sessies.",
        steps="Bel ons.\nWe maken een afspraak.",
        audience="Volwassenen in Gent.",
        cost=Service.Cost.PER_SESSION,
        cost_per_session="11.00",
        cost_reduced="4.00",
        cost_note="Terugbetaald door het RIZIV.",
        interpreter_available=True,
        last_verified="2026-01-15",
    )
    channels = [
        (ContactChannel.Kind.PHONE, "09 266 11 11", "onthaal"),
        (ContactChannel.Kind.EMAIL, "info@voorbeeld.be", "secretariaat"),
        (ContactChannel.Kind.MOBILE, "0492 13 30 08", ""),
        (ContactChannel.Kind.WEBSITE, "https://stad.gent", ""),
    ]
    for position, (kind, value, label) in enumerate(channels):
        ContactChannel.objects.create(
            service=service, kind=kind, value=value, label=label, position=position
        )
    place = Location.objects.create(
        name="WGC De Sleep",
        slug="wgc-de-sleep",
        address="Ledebergplein 1",
        postcode="9050",
        city=city,
        organization=organization,
        latitude="51.038000",
        longitude="3.739000",
        accessibility="Rolstoeltoegankelijk.",
    )
    ServiceAtLocation.objects.create(service=service, location=place, note="dinsdagvoormiddag")
    OpeningHours.objects.create(location=place, weekday=1, opens_at="09:00", closes_at="12:00")
    OpeningHours.objects.create(
        service=service, location=place, weekday=2, opens_at="13:00", closes_at="16:00"
    )
    service.languages.set([Language.objects.create(code="ar", name="Arabisch")])
    return service


@pytest.fixture
def detailed_services(full_service, make_service, city, make_neighbourhood, organization):
    """Four published services, each with channels, languages, problem types, cities,
    neighbourhoods, locations with their own hours and hours of the service itself; the last
    three share one location."""
    dutch = Language.objects.create(code="nl", name="Nederlands")
    problems = list(full_service.problem_types.all())
    shared = Location.objects.create(
        name="Buurthuis", slug="buurthuis", address="Dok 1", postcode="9000", city=city
    )
    OpeningHours.objects.create(location=shared, weekday=3, opens_at="10:00", closes_at="12:00")
    OpeningHours.objects.create(location=shared, weekday=5, opens_at="14:00", closes_at="17:00")
    services = [full_service]
    for number in range(3):
        service = make_service(
            f"Dienst op locatie {number}",
            problems=problems,
            cities=[city],
            neighbourhoods=[make_neighbourhood(city)],
        )
        service.languages.set([dutch])
        ServiceAtLocation.objects.create(service=service, location=shared)
        OpeningHours.objects.create(
            service=service, weekday=number + 1, opens_at="09:00", closes_at="11:00"
        )
        OpeningHours.objects.create(
            service=service, location=shared, weekday=6, opens_at=f"1{number}:00", closes_at="19:00"
        )
        services.append(service)
    return services


def empty_directory():
    """Every directory row gone, as in a new database."""
    models = [
        Service,
        Location,
        Organization,
        ProblemType,
        Neighbourhood,
        City,
        Language,
        ContactChannel,
        ServiceAtLocation,
        OpeningHours,
    ]
    tables = ", ".join(model._meta.db_table for model in models)
    with connection.cursor() as cursor:
        # Rows made in this test transaction have deferred foreign-key checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def hsds_schema(name):
    """A schema of tests/hsds, closed like the specification's own check."""
    return _closed(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def _check(schema, data):
    cls = jsonschema.validators.validator_for(schema)
    return _errors(cls(schema, format_checker=cls.FORMAT_CHECKER), data)


@functools.cache
def _page_schema(item_name):
    """The openapi.json paging envelope (components/schemas/Page) with its contents."""
    openapi = json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8"))
    page = openapi["components"]["schemas"]["Page"]
    return {
        "type": "object",
        "properties": {
            **page["properties"],
            "contents": {"type": "array", "items": hsds_schema(item_name)},
        },
        "required": [*page["properties"], "contents"],
        "additionalProperties": False,
    }


@functools.cache
def _root_schema():
    openapi = json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8"))
    schema = openapi["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]
    return _closed({**schema["schema"], "required": ["version", "openapi_url"]})


def schema_errors(name, data):
    """Errors of `data` against tests/hsds/`name` ("page:<item schema>" for a list page,
    "root" for `/`), strict and with format checking."""
    if name == "root":
        return _check(_root_schema(), data)
    if name.startswith("page:"):
        return _check(_page_schema(name.removeprefix("page:")), data)
    return _check(hsds_schema(name), data)
