import itertools
from datetime import date

import pytest

from directory.models import ContactChannel, Location, Service, ServiceAtLocation
from referrals.session import CardState

_numbers = itertools.count(1)


@pytest.fixture
def make_service(make_service, other_city):
    """The shared factory (tests/conftest.py), plus what a card prints: a free number, an e-mail
    address and a walk-in address in Aalst."""
    base = make_service

    def make(name=None, *, published=True, with_contacts=True, **fields):
        fields.setdefault("last_verified", date(2026, 10, 1))
        fields.setdefault("summary", "Gratis hulp bij persoonlijke en relationele problemen.")
        service = base(name, channels=False, is_published=published, **fields)
        if with_contacts:
            number = next(_numbers)
            ContactChannel.objects.create(
                service=service,
                kind=ContactChannel.Kind.FREE_NUMBER,
                value="0800 13 500",
                position=1,
            )
            ContactChannel.objects.create(
                service=service,
                kind=ContactChannel.Kind.EMAIL,
                value=f"onthaal{number}@cawoostvlaanderen.be",
                position=2,
            )
            location = Location.objects.create(
                name=f"Onthaal {number}",
                slug=f"onthaal-{number}",
                address="Verastenstraat 1",
                postcode="9300",
                city=other_city,
            )
            ServiceAtLocation.objects.create(service=service, location=location)
        return service

    return make


@pytest.fixture
def make_ended(make_service):
    def make(name=None, successor=None, **fields):
        return make_service(
            name,
            status=Service.Status.ENDED,
            end_date=date(2024, 1, 31),
            successor=successor,
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


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Every test client comes from 127.0.0.1: start each test with no templates or PDFs
    counted against that address."""
    from django.core.cache import cache

    cache.clear()
