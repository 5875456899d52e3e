"""The "taal" filter: services that speak the language, then those that work with interpreters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Service
from directory.search import refresh_search_fields

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


@pytest.fixture
def many_reachable(organization, language):
    """45 services that speak Arabic and 45 with an interpreter only, their names interleaved
    (Dienst 00 speaks it, Dienst 01 has an interpreter, ...), and 10 with neither."""
    flags = {"is_published": True, "referral_required": False, "home_visits": False}
    services = Service.objects.bulk_create(
        Service(
            organization=organization,
            name=name,
            slug=f"taal-{number}",
            interpreter_available=number % 2 == 1 and number < 90,
            **flags,
        )
        for number, name in enumerate(
            [f"Dienst {n:02d}" for n in range(90)] + [f"Dienst zonder tolk {n}" for n in range(10)]
        )
    )
    speakers = services[:90:2]
    Service.languages.through.objects.bulk_create(
        Service.languages.through(service=service, language=language) for service in speakers
    )
    refresh_search_fields([service.pk for service in services])  # as after any bulk write
    return [s.name for s in speakers] + [s.name for s in services[1:90:2]]


def test_every_page_continues_where_the_last_one_stopped(client, many_reachable):
    for page in range(1, 6):
        response = client.get(URL, {"taal": "ar", "page": page})

        start = (page - 1) * 20
        assert names(response) == many_reachable[start : start + 20], page
        assert response.context["page_obj"].paginator.count == 90


def test_other_filters_still_apply_to_both_groups(client, many_reachable, make_service, language):
    make_service("Dienst 00b spreekt Arabisch, niet gratis", cost="other").languages.set([language])

    response = client.get(URL, {"taal": "ar", "gratis": "ja", "page": 3})

    assert names(response) == many_reachable[40:60]


def test_a_page_reads_each_group_only_up_to_its_end(client, many_reachable):
    """The speakers and the others are read as two parts, each stopping at the page's end
    (page 2: row 41): in one ordering by "speaks it" first, PostgreSQL read and sorted every
    reachable service for a page of 20."""
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"taal": "ar", "page": 2})

    listing = [q["sql"] for q in queries if '"directory_service"."name"' in q["sql"]]
    assert any("UNION ALL" in sql and sql.count("LIMIT 41") == 2 for sql in listing), listing
