"""Fixtures for the resident pages: a directory big enough that an N+1 query would show."""

import datetime

import pytest

from directory.models import (
    AgeGroup,
    ContactChannel,
    Language,
    Location,
    OpeningHours,
    ProblemTypeTranslation,
    ReferrerType,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
)
from directory.search import search_refreshes_deferred


@pytest.fixture
def language(db):
    return Language.objects.create(code="ar", name="Arabisch")


@pytest.fixture
def youth(db):
    return AgeGroup.objects.create(name="Kinderen en jongeren", slug="jongeren", max_age=17)


@pytest.fixture
def adults(db):
    return AgeGroup.objects.create(name="Volwassenen", slug="volwassenen", min_age=18)


@pytest.fixture
def make_location(db):
    def make(city, name="Onthaal", neighbourhood=None, **fields):
        return Location.objects.create(
            city=city,
            name=name,
            slug=name.lower().replace(" ", "-"),
            neighbourhood=neighbourhood,
            **fields,
        )

    return make


@pytest.fixture
def full_service(make_service, make_problem, city, make_neighbourhood, make_location, language):
    """One service with every kind of detail filled in, as the detail page shows them."""
    neighbourhood = make_neighbourhood(city, "Rabot")
    service = make_service(
        "CAW onthaal Gent",
        slug="caw-onthaal-gent",
        summary="Praat met een hulpverlener over wat je zorgen maakt.",
        description="Het CAW helpt bij relaties, geld en geweld.",
        audience="Iedereen die in Gent woont.",
        steps="Bel het gratis nummer.\nMaak een afspraak.\nKom langs op het onthaal.",
        referral_required=True,
        interpreter_available=True,
        home_visits=True,
        max_sessions=10,
        last_verified=datetime.date(2026, 10, 1),
        problems=[make_problem("Geweld", resident_phrase="Iemand doet me pijn")],
        cities=[city],
        channels=False,
    )
    service.languages.set([language])
    service.age_groups.set([AgeGroup.objects.create(name="Volwassenen", slug="volw", min_age=18)])
    service.referrer_types.set([ReferrerType.objects.create(name="Huisarts", slug="huisarts")])
    for kind, value in [
        (ContactChannel.Kind.FREE_NUMBER, "0800 13 500"),
        (ContactChannel.Kind.EMAIL, "onthaal.gent@example.be"),
        (ContactChannel.Kind.WEBSITE, "https://www.caw.be"),
    ]:
        ContactChannel.objects.create(service=service, kind=kind, value=value)
    location = make_location(
        city, "Onthaal Rabot", neighbourhood, address="Opgeëistenlaan 1", postcode="9000"
    )
    ServiceAtLocation.objects.create(service=service, location=location, note="Op dinsdag")
    OpeningHours.objects.create(
        location=location, weekday=2, opens_at=datetime.time(9), closes_at=datetime.time(12)
    )
    OpeningHours.objects.create(
        service=service, weekday=1, opens_at=datetime.time(13), closes_at=datetime.time(16)
    )
    return service


@pytest.fixture
def translated_service(full_service):
    """full_service with French texts (and an English summary) for itself and its problem type."""
    ServiceTranslation.objects.create(
        service=full_service,
        language="fr",
        summary="Parlez de vos soucis avec un travailleur social.",
        steps="Appelez le numéro gratuit.\nPrenez rendez-vous.",
    )
    ServiceTranslation.objects.create(
        service=full_service, language="en", summary="Talk about your worries with a social worker."
    )
    ProblemTypeTranslation.objects.create(
        problem_type=full_service.problem_types.get(),
        language="fr",
        name="Violence",
        resident_phrase="Quelqu’un me fait du mal",
    )
    return full_service


@pytest.fixture
def many_services(
    make_service, make_problem, city, other_city, make_neighbourhood, make_location, language
):
    """35 published services spread over two cities, each with problems, channels, a location,
    a language and opening hours: enough rows that any per-row query would show up."""
    neighbourhood = make_neighbourhood(city, "Ledeberg")
    parent = make_problem("Relaties", slug="relaties")
    child = make_problem("Ruzie thuis", slug="ruzie-thuis", parent=parent)
    services = []
    with search_refreshes_deferred():
        for number in range(35):
            service = make_service(
                f"Dienst {number:02d}",
                problems=[parent, child],
                cities=[city if number % 2 else other_city],
                neighbourhoods=[neighbourhood] if number % 2 else [],
                interpreter_available=True,
            )
            service.languages.set([language])
            location = make_location(city, f"Plaats {number}", neighbourhood)
            ServiceAtLocation.objects.create(service=service, location=location)
            OpeningHours.objects.create(
                service=service, weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(12)
            )
            services.append(service)
    return services


@pytest.fixture
def ended_service(make_service):
    successor = make_service("Eerstelijnspsychologen Gent", slug="eerstelijnspsychologen")
    return make_service(
        "Relancepsychologen Gent",
        slug="relancepsychologen",
        status=Service.Status.ENDED,
        end_date=datetime.date(2024, 1, 31),
        successor=successor,
    )
