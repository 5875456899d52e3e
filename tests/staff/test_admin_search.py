"""Admin search finds services the way staff are asked about them."""

import pytest
from django.core.management import call_command

from directory.models import Location, Service, ServiceAtLocation
from tests.staff.conftest import admin_url

pytestmark = pytest.mark.django_db


def found(client, term):
    response = client.get(admin_url(Service, "changelist"), {"q": term})
    assert response.status_code == 200
    return {service.name for service in response.context["cl"].result_list}


def test_residents_words_find_services_as_on_the_public_site(editor_client, demo_data):
    for words in ["schulden", "psycholoog", "huiselijk geweld", "eenzaam"]:
        public = set(Service.objects.search(words).values_list("name", flat=True))
        assert public, words
        assert public <= found(editor_client, words), words


def test_a_phone_number_in_any_format_finds_its_service(editor_client, make_service):
    service = make_service("Zorgbalie", channels=False)
    service.contact_channels.create(kind="telefoon", value="053 73 23 46")
    make_service("Andere dienst")

    for typed in ["053 73 23 46", "+32 (0)53 73 23 46", "053/73.23.46", "0032 53 732346"]:
        assert found(editor_client, typed) == {"Zorgbalie"}, typed
    assert found(editor_client, "0800 13 500") == {"Andere dienst"}


def test_street_neighbourhood_and_organisation_find_services(
    editor_client, make_service, city, make_neighbourhood, organization
):
    wijk = make_neighbourhood(city, "Brugse Poort")
    at_street = make_service("Onthaal")
    location = Location.objects.create(
        name="Huis", slug="huis", address="Verastenstraat 1", postcode="9300", city=city
    )
    ServiceAtLocation.objects.create(service=at_street, location=location)
    make_service("Wijkwerking", neighbourhoods=[wijk])

    assert found(editor_client, "verastenstraat") == {"Onthaal"}
    assert found(editor_client, "brugse poort") == {"Wijkwerking"}
    assert found(editor_client, "CAW Oost") == {"Onthaal", "Wijkwerking"}


def test_a_city_editor_searches_only_their_own_services(city_editor_client, make_service, city):
    make_service("Hulp Gent", cities=[city])
    call_command("update_search_index", verbosity=0)
    assert found(city_editor_client, "Hulp") == set()
