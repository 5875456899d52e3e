import re

import pytest

from referrals.session import MAX_CARD_SERVICES

URL = "/doorverwijskaart/toevoegen/"


@pytest.mark.django_db
def test_a_service_is_added_and_the_visitor_returns_to_the_page_they_came_from(
    client, make_service, card_state
):
    service = make_service()
    response = client.post(URL, {"service": service.pk, "next": "/diensten/?q=stress"})
    assert response.status_code == 302
    assert response.url == f"/diensten/?q=stress#kaart-{service.pk}"
    assert card_state().service_ids == [service.pk]


@pytest.mark.django_db
def test_without_next_the_visitor_goes_to_the_card(client, make_service):
    response = client.post(URL, {"service": make_service().pk})
    assert response.url == "/doorverwijskaart/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url", ["https://kwaadaardig.example/", "//kwaadaardig.example/", "javascript:alert(1)"]
)
def test_a_next_address_on_another_site_is_ignored(client, make_service, next_url):
    response = client.post(URL, {"service": make_service().pk, "next": next_url})
    assert response.url == "/doorverwijskaart/"


@pytest.mark.django_db
def test_adding_needs_a_post(client, make_service):
    assert client.get(URL, {"service": make_service().pk}).status_code == 405


@pytest.mark.django_db
def test_adding_is_protected_against_cross_site_requests(make_service):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, {"service": make_service().pk})
    assert response.status_code == 403


@pytest.mark.django_db
def test_adding_the_same_service_twice_keeps_it_once(client, make_service, card_state):
    service = make_service()
    client.post(URL, {"service": service.pk})
    response = client.post(URL, {"service": service.pk}, follow=True)
    assert card_state().service_ids == [service.pk]
    assert "staat al op je kaart" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "abc", "999999", "-1", "1e3", "9" * 30])
def test_an_unknown_service_gives_a_clear_message(client, make_service, card_state, value):
    response = client.post(URL, {"service": value}, follow=True)
    assert response.status_code == 200
    assert "Deze dienst bestaat niet of staat niet meer op Wegwijs" in response.content.decode()
    assert card_state().service_ids == []


@pytest.mark.django_db
def test_an_unpublished_service_cannot_be_added(client, make_service, card_state):
    response = client.post(URL, {"service": make_service(published=False).pk}, follow=True)
    assert "Deze dienst bestaat niet" in response.content.decode()
    assert card_state().service_ids == []


@pytest.mark.django_db
def test_adding_an_ended_service_adds_its_successor_and_says_so(
    client, make_service, make_ended, card_state
):
    successor = make_service("Geconventioneerde eerstelijnspsychologen Gent")
    ended = make_ended("Relancepsychologen Gent", successor=successor)
    response = client.post(URL, {"service": ended.pk}, follow=True)
    assert card_state().service_ids == [successor.pk]
    assert "“Relancepsychologen Gent” is gestopt" in response.content.decode()


@pytest.mark.django_db
def test_adding_a_service_two_successors_ago_adds_the_one_that_runs_today(
    client, make_service, make_ended, card_state
):
    today = make_service("Vandaag")
    oldest = make_ended("Oudste", successor=make_ended("Tussen", successor=today))
    client.post(URL, {"service": oldest.pk})
    assert card_state().service_ids == [today.pk]


@pytest.mark.django_db
def test_an_ended_service_without_successor_is_refused(client, make_ended, card_state):
    response = client.post(URL, {"service": make_ended("Oud project").pk}, follow=True)
    assert "Je kan deze dienst niet meer doorverwijzen" in response.content.decode()
    assert card_state().service_ids == []


@pytest.mark.django_db
def test_a_full_card_refuses_more_services_with_a_clear_message(client, make_service, card_state):
    services = [make_service(with_contacts=False) for _ in range(100)]
    for service in services[:-1]:
        client.post(URL, {"service": service.pk})
    response = client.post(URL, {"service": services[-1].pk}, follow=True)
    assert response.status_code == 200
    assert f"er passen maximaal {MAX_CARD_SERVICES} diensten op" in response.content.decode()
    assert card_state().service_ids == [s.pk for s in services[:MAX_CARD_SERVICES]]


@pytest.mark.django_db
def test_the_service_page_has_the_add_to_card_form(client, make_service):
    service = make_service()
    content = client.get(service.get_absolute_url()).content.decode()
    assert 'action="/doorverwijskaart/toevoegen/"' in content
    assert f'name="service" value="{service.pk}"' in content
    assert "csrfmiddlewaretoken" in content
    assert f'name="next" value="{service.get_absolute_url()}"' in content


@pytest.mark.django_db
def test_the_service_page_says_when_the_service_is_on_the_card(client, make_service):
    service = make_service()
    client.post(URL, {"service": service.pk})
    content = client.get(service.get_absolute_url()).content.decode()
    assert "Staat op je doorverwijskaart" in content
    assert 'action="/doorverwijskaart/toevoegen/"' not in content


@pytest.mark.django_db
def test_the_menu_links_to_the_card_once_it_has_services(client, make_service):
    assert "/doorverwijskaart/" not in client.get("/").content.decode()
    client.post(URL, {"service": make_service().pk})
    content = client.get("/").content.decode()
    assert '<a href="/doorverwijskaart/">Doorverwijskaart (1 dienst)</a>' in content


def _card_tools(content: str) -> dict[int, str]:
    """Each service card's "Zet op kaart" part on a list page, by service id."""
    found = re.findall(r'<div class="card-tool" id="kaart-(\d+)"(.*?)</div>', content, re.S)
    return {int(pk): tool for pk, tool in found}


@pytest.mark.django_db
def test_each_card_of_a_list_shows_where_its_service_stands_on_the_visitors_card(
    client, make_service
):
    on_card, other = make_service(name="Alfa"), make_service(name="Bravo")
    client.post(URL, {"service": on_card.pk})

    tools = _card_tools(client.get("/diensten/", {"page": "1"}).content.decode())

    assert "Staat op je doorverwijskaart" in tools[on_card.pk]
    assert 'href="/doorverwijskaart/"' in tools[on_card.pk]
    assert f'action="{URL}"' in tools[other.pk]
    assert 'name="next" value="/diensten/?page=1"' in tools[other.pk]
    assert "csrfmiddlewaretoken" in tools[other.pk]


@pytest.mark.django_db
def test_a_list_offers_no_card_form_once_the_card_is_full(client, make_service):
    services = [make_service(with_contacts=False) for _ in range(MAX_CARD_SERVICES + 2)]
    for service in services[:MAX_CARD_SERVICES]:
        client.post(URL, {"service": service.pk})

    tools = _card_tools(client.get("/diensten/").content.decode())

    left_out = services[MAX_CARD_SERVICES:]
    assert all("Je kaart is vol." in tools[service.pk] for service in left_out)
    assert all("Staat op je doorverwijskaart" in tools[s.pk] for s in services[:MAX_CARD_SERVICES])
    assert f'action="{URL}"' not in "".join(tools.values())
