"""The "taal" filter: services that speak the language, then those that work with interpreters."""

import pytest
from django.urls import reverse

URL = reverse("directory:service_list")


def names(response):
    return [service.name for service in response.context["page_obj"].object_list]


@pytest.fixture
def services(make_service, language):
    make_service("Alfa met tolk", interpreter_available=True)
    make_service("Bravo spreekt Arabisch").languages.set([language])
    make_service("Charlie alleen Nederlands")
    make_service("Delta spreekt Arabisch, ook met tolk", interpreter_available=True).languages.set(
        [language]
    )


@pytest.mark.usefixtures("services")
def test_it_lists_services_speaking_the_language_first_then_those_with_interpreters(client):
    assert names(client.get(URL, {"taal": "ar"})) == [
        "Bravo spreekt Arabisch",
        "Delta spreekt Arabisch, ook met tolk",
        "Alfa met tolk",
    ]


@pytest.mark.usefixtures("services")
def test_each_card_says_whether_it_speaks_the_language_or_has_an_interpreter(client):
    page = client.get(URL, {"taal": "ar"}).text
    assert page.count("<li>Spreekt Arabisch</li>") == 2
    assert page.count("<li>Arabisch met tolk</li>") == 1


@pytest.mark.usefixtures("services")
def test_without_the_filter_the_cards_say_nothing_about_it(client):
    page = client.get(URL).text
    assert "Spreekt Arabisch" not in page and "met tolk</li>" not in page


@pytest.mark.usefixtures("services")
def test_search_ranking_still_orders_within_each_group(client, make_service, language):
    response = client.get(URL, {"taal": "ar", "q": "tolk"})
    assert names(response) == ["Delta spreekt Arabisch, ook met tolk", "Alfa met tolk"]


@pytest.mark.usefixtures("services")
def test_an_unknown_language_gives_the_dutch_notice_and_all_services(client):
    response = client.get(URL, {"taal": "xx"})
    assert response.status_code == 200
    assert "We kennen de taal ‘xx’ niet." in response.text
    assert len(names(response)) == 4
