"""After "Zet op kaart" the visitor comes back to the same service on the same page, with the
message and the card's count there, shown once; a full card says so at once."""

import re

import pytest
from django.core.cache import caches

from referrals.session import MAX_CARD_SERVICES

URL = "/doorverwijskaart/toevoegen/"


def block(content: str, service) -> str:
    """The "Zet op kaart" block of one service on a page."""
    match = re.search(
        rf'<div class="card-tool" id="kaart-{service.pk}" tabindex="-1">(.*?)</div>',
        content,
        re.S,
    )
    assert match, f"no card block for {service.name}"
    return match.group(1)


def add(client, service, next_url="/diensten/"):
    response = client.post(URL, {"service": service.pk, "next": next_url})
    assert response.status_code == 302
    return response


@pytest.mark.django_db
def test_the_visitor_returns_to_the_service_they_put_on_the_card(client, make_service):
    service = make_service()

    response = add(client, service, "/diensten/?q=hulp&pagina=2")

    assert response.url == f"/diensten/?q=hulp&pagina=2#kaart-{service.pk}"


@pytest.mark.django_db
def test_the_message_and_the_count_are_shown_at_that_service(client, make_service):
    first, second = make_service("Eerste dienst"), make_service("Tweede dienst")
    add(client, first)

    content = client.get("/diensten/").content.decode()

    here = block(content, first)
    assert f"“Eerste dienst” staat op je kaart (1 van {MAX_CARD_SERVICES})." in here
    assert 'role="status"' in here
    assert "staat op je kaart (" not in block(content, second)
    assert content.count("staat op je kaart (") == 1


@pytest.mark.django_db
def test_a_message_is_shown_once_and_not_again_in_the_card_editor(client, make_service):
    services = [make_service() for _ in range(3)]
    for service in services:
        add(client, service)
        assert "staat op je kaart (" in client.get("/diensten/").content.decode()

    editor = client.get("/doorverwijskaart/").content.decode()

    assert "staat op je kaart (" not in editor
    assert "staat op je kaart (" not in client.get("/diensten/").content.decode()


@pytest.mark.django_db
def test_already_on_the_card_is_said_at_that_service(client, make_service):
    service = make_service("Dubbel")
    add(client, service)
    client.get("/diensten/")
    add(client, service)

    here = block(client.get("/diensten/").content.decode(), service)

    assert "“Dubbel” staat al op je kaart." in here


@pytest.mark.django_db
def test_a_full_card_is_shown_at_once_instead_of_the_button(client, make_service, card_state):
    services = [make_service(with_contacts=False) for _ in range(MAX_CARD_SERVICES + 1)]
    for service in services[:MAX_CARD_SERVICES]:
        add(client, service)
    client.get("/doorverwijskaart/")  # reads the messages

    content = client.get(services[-1].get_absolute_url()).content.decode()

    here = block(content, services[-1])
    assert "Je kaart is vol." in here
    assert 'action="/doorverwijskaart/toevoegen/"' not in here
    assert len(card_state().service_ids) == MAX_CARD_SERVICES


@pytest.mark.django_db
def test_the_full_card_message_appears_where_it_happened(client, make_service):
    services = [make_service(with_contacts=False) for _ in range(MAX_CARD_SERVICES + 1)]
    for service in services[:MAX_CARD_SERVICES]:
        add(client, service)
    client.get("/doorverwijskaart/")

    add(client, services[-1], services[-1].get_absolute_url())
    here = block(client.get(services[-1].get_absolute_url()).content.decode(), services[-1])

    assert f"er passen maximaal {MAX_CARD_SERVICES} diensten op" in here


@pytest.mark.django_db
def test_a_cached_page_is_not_served_while_a_message_waits(client, make_service, settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()
    service = make_service("Al op de kaart")
    add(client, service)
    client.get("/diensten/")  # shows "staat op je kaart" and caches nothing (session changed)
    assert "staat al op je kaart" not in client.get("/diensten/").content.decode()  # now cached

    add(client, service)  # same card, same key: a cached page would hide the message
    content = client.get("/diensten/").content.decode()

    assert "“Al op de kaart” staat al op je kaart." in content
    caches["default"].clear()
