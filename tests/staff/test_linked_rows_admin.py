"""The admin lists of rows that belong to services and places (contact channels, opening hours,
places of services, translations, closures, places) find rows by their own fields and by the
names of their service and place, read those names through the services' and places' own rows,
and read only the columns they show (staff.admin.linked_rows)."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import (
    Closure,
    ContactChannel,
    Location,
    OpeningHours,
    ServiceAtLocation,
    ServiceTranslation,
)
from staff.admin import search
from staff.admin.service_list import SearchResultsPaginator
from tests.staff.conftest import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(make_service, city):
    """Two services with a channel, hours, a place, a translation and a closure each."""
    made = {}
    for name, place, phone in [
        ("Café Onthaal Sint-Amandsberg", "Wijkpunt Dampoort", "09 210 10 10"),
        ("Schuldhulp Gent", "Huis van het Kind", "053 73 23 46"),
    ]:
        service = make_service(name, channels=False)
        location = Location.objects.create(
            name=place, slug=place.lower().replace(" ", "-"), city=city
        )
        made[name] = {
            ContactChannel: service.contact_channels.create(kind="telefoon", value=phone),
            OpeningHours: OpeningHours.objects.create(
                service=service, location=location, weekday=1, opens_at="09:00", closes_at="12:00"
            ),
            ServiceAtLocation: ServiceAtLocation.objects.create(service=service, location=location),
            ServiceTranslation: ServiceTranslation.objects.create(
                service=service, language="fr", summary="Aide gratuite."
            ),
            Closure: Closure.objects.create(
                service=service,
                reason="Verlof",
                start_date=datetime.date(2026, 12, 24),
                end_date=datetime.date(2026, 12, 26),
            ),
        }
    return made


@pytest.fixture(params=["keys", "tested per row"])
def key_cap(request, monkeypatch):
    """Both ways of a related name: its keys read first (few), or, past KEY_CAP of them, a
    condition tested on each row (a word thousands of names hold)."""
    if request.param == "tested per row":
        monkeypatch.setattr(search, "KEY_CAP", 0)
    return request.param


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("beheerder", "", "x" * 20))
    return client


LINKED = [ContactChannel, OpeningHours, ServiceAtLocation, ServiceTranslation, Closure]


def listed(client, model, term=None):
    response = client.get(admin_url(model, "changelist"), {"q": term} if term else {})
    assert response.status_code == 200
    return response.context["cl"]


@pytest.mark.parametrize("model", LINKED)
def test_a_service_name_finds_its_rows_whatever_the_accents_and_capitals(
    superuser_client, rows, model, key_cap
):
    cafe = rows["Café Onthaal Sint-Amandsberg"][model]
    for term in ["cafe onthaal", "CAFÉ", '"Café Onthaal"', "sint-amandsberg"]:
        assert list(listed(superuser_client, model, term).result_list) == [cafe], term
    # Every word must be found, as in Django's own search.
    assert list(listed(superuser_client, model, "onthaal schuldhulp").result_list) == []


@pytest.mark.parametrize("model", [OpeningHours, ServiceAtLocation])
def test_a_place_name_finds_its_rows(superuser_client, rows, model, key_cap):
    dampoort = rows["Café Onthaal Sint-Amandsberg"][model]
    assert list(listed(superuser_client, model, "dampoort").result_list) == [dampoort]


def test_a_rows_own_fields_find_it(superuser_client, rows, key_cap):
    channel = rows["Schuldhulp Gent"][ContactChannel]
    assert list(listed(superuser_client, ContactChannel, "053 73").result_list) == [channel]
    closures = listed(superuser_client, Closure, "verlof").result_list
    assert len(closures) == 2
    places = listed(superuser_client, Location, "gent").result_list  # the city's name
    assert {place.name for place in places} == {"Wijkpunt Dampoort", "Huis van het Kind"}


@pytest.mark.parametrize("model", LINKED)
def test_a_search_reads_the_services_names_apart_and_no_column_the_list_hides(
    superuser_client, rows, model
):
    """At 100,000 services Django's search tested every row joined to its service's name
    (100-200 ms), and the list read every column of each service, its search columns too."""
    with CaptureQueriesContext(connection) as queries:
        listed(superuser_client, model, "schuldhulp")
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    assert 'UPPER("directory_service"."name"' not in sql
    assert '"directory_service"."search_document"' not in sql
    assert '"directory_service"."description"' not in sql


def test_a_search_counts_up_to_its_cap(superuser_client, make_service, monkeypatch):
    for number in range(5):
        make_service(f"Praatgroep {number}")
    monkeypatch.setattr(SearchResultsPaginator, "cap", 3)

    response = superuser_client.get(admin_url(ContactChannel, "changelist"), {"q": "praatgroep"})

    assert response.context["cl"].result_count == 3
    assert "meer dan 3 resultaten" in response.content.decode()
    unsearched = listed(superuser_client, ContactChannel)
    assert unsearched.result_count == 5


def test_a_city_editor_searches_only_the_rows_of_their_own_services(
    city_editor_client, make_service, city, other_city, key_cap
):
    aalst = make_service("Praatgroep Aalst", cities=[other_city])
    make_service("Praatgroep Gent", cities=[city])

    found = listed(city_editor_client, ContactChannel, "praatgroep").result_list

    assert list(found) == [aalst.contact_channels.get()]


def test_the_newest_rows_come_first(superuser_client, rows):
    channels = listed(superuser_client, ContactChannel).result_list
    assert [channel.pk for channel in channels] == sorted(
        (channel.pk for channel in channels), reverse=True
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
def test_a_contact_channels_own_texts_are_found_through_their_indexes(superuser_client, rows):
    """Migration 0027: at 100,000 services a search tested all 200,000 channels twice (77 ms
    each); the indexes must match the expression Django's icontains writes."""
    with CaptureQueriesContext(connection) as queries:
        listed(superuser_client, ContactChannel, "053 73")
    count = next(
        q for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*) FROM (")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small
        cursor.execute("EXPLAIN " + count["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "contact_channel_value_trgm_idx" in plan
    assert "contact_channel_label_trgm_idx" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
def test_a_places_own_texts_and_city_are_found_through_their_indexes(superuser_client, rows):
    """Migration 0028: the list of places tested each of 50,000 places for a term (75 ms at
    100,000 services for a word none holds); each of its ways must be one an index answers."""
    with CaptureQueriesContext(connection) as queries:
        listed(superuser_client, Location, "dampoort")
    count = next(
        q for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*) FROM (")
    )
    with connection.cursor() as cursor:
        # A test's tables are small: only bitmap scans left, which need an index for each way.
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute("EXPLAIN " + count["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for index in (
        "location_address_trgm_idx",
        "location_name_trgm_idx",
        "location_postcode_trgm_idx",
    ):
        assert index in plan, index
