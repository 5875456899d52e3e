import itertools
from datetime import date

import pytest

from directory.models import (
    City,
    ContactChannel,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
)
from referrals.session import CardState

_numbers = itertools.count(1)


@pytest.fixture
def city(db):
    return City.objects.create(name="Aalst", slug="aalst")


@pytest.fixture
def organization(db):
    return Organization.objects.create(
        name="CAW Oost-Vlaanderen", slug="caw-oost-vlaanderen"
    )


@pytest.fixture
def make_service(organization, city):
    """A published, active service with a phone number, an e-mail address and a walk-in address."""

    def make(name=None, *, published=True, with_contacts=True, **fields):
        number = next(_numbers)
        name = name or f"Dienst {number}"
        service = Service.objects.create(
            organization=organization,
            name=name,
            slug=f"dienst-{number}",
            summary=fields.pop("summary", "Gratis hulp bij persoonlijke en relationele problemen."),
            is_published=published,
            last_verified=date(2026, 10, 1),
            **fields,
        )
        if with_contacts:
            ContactChannel.objects.create(
                service=service, kind=ContactChannel.Kind.FREE_NUMBER, value="0800 13 500",
                position=1,
            )
            ContactChannel.objects.create(
                service=service, kind=ContactChannel.Kind.EMAIL,
                value=f"onthaal{number}@cawoostvlaanderen.be", position=2,
            )
            location = Location.objects.create(
                name=f"Onthaal {number}", slug=f"onthaal-{number}", address="Verastenstraat 1",
                postcode="9300", city=city,
            )
            ServiceAtLocation.objects.create(service=service, location=location)
        return service

    return make


@pytest.fixture
def make_ended(make_service):
    def make(name=None, successor=None, **fields):
        return make_service(
            name, status=Service.Status.ENDED, end_date=date(2024, 1, 31), successor=successor,
            **fields,
        )

    return make


@pytest.fixture
def put_on_card(client):
    """Put services on the test client's card the way a visitor does: one POST per service."""

    def put(*services):
        for service in services:
            client.post("/doorverwijskaart/toevoegen/", {"service": service.pk})

    return put


@pytest.fixture
def card_state(client):
    def state() -> CardState:
        return CardState.load(client.session)

    return state
