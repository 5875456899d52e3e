"""Admin search finds services the way staff are asked about them, and counts at most a
thousand of them."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Location, Organization, Service, ServiceAtLocation
from staff.admin import search
from staff.admin.service_list import SearchResultsPaginator
from tests.staff.conftest import admin_url
from tests.staff.test_changelist_queries import MAX_QUERIES

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


@pytest.fixture(params=["keys", "tested per service"])
def key_cap(request, monkeypatch):
    """Both ways of the admin search: the keys a term gives read first (few), or, past
    KEY_CAP of them, a condition tested on each service the list walks (many)."""
    if request.param == "tested per service":
        monkeypatch.setattr(search, "KEY_CAP", 0)
    return request.param


def test_street_neighbourhood_and_organisation_find_services(
    editor_client, make_service, city, make_neighbourhood, organization, key_cap
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


def test_a_problem_type_named_as_typed_finds_its_services(editor_client, demo_data):
    from directory.models import ProblemType

    problem = ProblemType.objects.get(slug="eenzaamheid")
    linked = set(problem.services.values_list("name", flat=True))
    assert linked
    assert linked <= found(editor_client, problem.name.upper())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the folded name is PostgreSQL's")
def test_a_name_is_found_without_its_accents_or_capitals(editor_client, make_service):
    make_service("Buurtcafé Ontmoeting")
    make_service("Fietsherstelling")

    for typed in ["BUURTCAFE ONTM", "buurtcafé", "urtcafe"]:
        assert found(editor_client, typed) == {"Buurtcafé Ontmoeting"}, typed


def test_an_organisation_among_many_finds_its_services(
    editor_client, make_service, organization, key_cap
):
    other = Organization.objects.create(name="Wijkgezondheidscentrum Rabot", slug="wgc-rabot")
    make_service("Onthaal CAW")
    Service.objects.filter(pk=make_service("Spreekuur").pk).update(organization=other)

    assert found(editor_client, "gezondheidscentrum") == {"Spreekuur"}
    assert found(editor_client, "oost-vlaanderen") == {"Onthaal CAW"}


def results(client, term):
    response = client.get(admin_url(Service, "changelist"), {"q": term})
    assert response.status_code == 200
    return response


def test_a_search_counts_up_to_its_cap_and_says_there_are_more(
    editor_client, make_service, monkeypatch
):
    for number in range(5):
        make_service(f"Praatgroep {number}")
    make_service("Fietsherstelling")
    monkeypatch.setattr(SearchResultsPaginator, "cap", 3)

    capped = results(editor_client, "praatgroep")
    assert capped.context["cl"].result_count == 3
    assert "meer dan 3 resultaten" in capped.content.decode()

    exact = results(editor_client, "fietsherstelling")
    assert exact.context["cl"].result_count == 1
    assert "resultaten: zoek met meer woorden" not in exact.content.decode()


def test_the_list_without_a_search_is_counted_exactly(editor_client, make_service, monkeypatch):
    for number in range(5):
        make_service(f"Praatgroep {number}")
    monkeypatch.setattr(SearchResultsPaginator, "cap", 3)

    response = editor_client.get(admin_url(Service, "changelist"))
    assert response.context["cl"].result_count == 5
    assert "resultaten: zoek met meer woorden" not in response.content.decode()


def test_a_search_page_takes_two_queries_more_than_the_list(editor_client, make_service):
    """The neighbourhoods the term names are read in one query, then the problem types,
    organisations and places it names in one more."""
    for number in range(30):
        make_service(f"Praatgroep {number}")
    for term in ["praatgroep", "Verastenstraat", "0800 13 500", "zzzz"]:
        with CaptureQueriesContext(connection) as queries:
            results(editor_client, term)
        assert len(queries.captured_queries) <= MAX_QUERIES + 2, term


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
def test_the_places_and_organisations_a_term_names_are_found_through_their_indexes(
    editor_client, make_service, city, make_neighbourhood
):
    """Migration 0028: at 100,000 services every staff search tested the 50,000 places and
    10,000 organisations one by one (27 ms); each way to them must be one an index answers,
    the neighbourhoods' too (read first)."""
    make_neighbourhood(city, "Brugse Poort")
    with CaptureQueriesContext(connection) as queries:
        results(editor_client, "brugse")
    keys = next(q["sql"] for q in queries.captured_queries if 'AS "way"' in q["sql"])
    with connection.cursor() as cursor:
        # A test's tables are small: only bitmap scans left, which need an index for each way.
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute("EXPLAIN " + keys)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for index in (
        "location_address_trgm_idx",
        "location_name_trgm_idx",
        "location_postcode_idx",
        "organization_name_trgm_idx",
    ):
        assert index in plan, index
    assert "SubPlan" not in plan.split("directory_location")[1]
