"""The HSDS API from the page cache: a repeated request costs no query, an edit to the directory
shows on the next one, and a hit is the same open JSON answer as a miss."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import OpeningHours

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_urls(detailed_services):
    service = detailed_services[1]
    return {
        "list": reverse("opendata:service_list") + "?per_page=3",
        "detail": reverse("opendata:service_detail", args=[service.uuid]),
        "organizations": reverse("opendata:organization_list"),
        "taxonomy terms": reverse("opendata:taxonomy_term_list"),
    }


@pytest.mark.parametrize("endpoint", ["list", "detail", "organizations", "taxonomy terms"])
def test_a_repeated_api_request_is_served_from_the_cache_without_queries(
    endpoint, api_urls, page_cache, django_assert_num_queries
):
    url = api_urls[endpoint]
    with CaptureQueriesContext(connection) as miss_queries:
        miss = Client().get(url)
    assert len(miss_queries) > 0
    with django_assert_num_queries(0):
        hit = Client().get(url)
    assert hit.status_code == miss.status_code == 200
    assert hit.content == miss.content
    assert hit["Content-Type"] == miss["Content-Type"] == "application/json"
    assert hit["Access-Control-Allow-Origin"] == "*"


def test_a_cached_api_answer_reads_no_session_and_sets_no_cookie(
    full_service, api_urls, page_cache, django_assert_num_queries
):
    intermediary = Client()
    intermediary.post("/doorverwijskaart/toevoegen/", {"service": full_service.pk})
    assert intermediary.cookies.get("sessionid")
    intermediary.get(api_urls["list"])
    with django_assert_num_queries(0):
        hit = intermediary.get(api_urls["list"])
    assert "Cookie" not in hit.get("Vary", "")
    assert not hit.cookies


def test_staff_get_the_same_cached_api_answer(api_urls, page_cache, admin_client):
    anonymous = Client().get(api_urls["detail"])
    with CaptureQueriesContext(connection) as queries:
        staff = admin_client.get(api_urls["detail"])
    assert len(queries) == 0
    assert staff.content == anonymous.content


def test_an_edit_to_a_service_shows_in_the_next_list_and_detail(
    detailed_services, api_urls, page_cache
):
    service = detailed_services[1]
    for url in (api_urls["list"], api_urls["detail"]):
        assert service.name in Client().get(url).content.decode()
    service.name = "Dienst met een nieuwe naam"
    service.save()
    for url in (api_urls["list"], api_urls["detail"]):
        assert "Dienst met een nieuwe naam" in Client().get(url).content.decode()


def test_new_opening_hours_of_a_location_show_in_the_next_answer(
    detailed_services, api_urls, page_cache
):
    def saturday_schedules():
        item = Client().get(api_urls["detail"]).json()
        [link] = item["service_at_locations"]
        return [s for s in link["location"]["schedules"] if s["byday"] == "SA"]

    assert saturday_schedules() == []
    place = detailed_services[1].locations.get()
    OpeningHours.objects.create(
        location=place, weekday=6, opens_at=datetime.time(9), closes_at=datetime.time(12)
    )
    assert [s["opens_at"] for s in saturday_schedules()] == ["09:00"]


def test_errors_are_answered_every_time_not_from_the_cache(api_urls, page_cache):
    missing = reverse("opendata:service_detail", args=[uuid.uuid4()])
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(missing)
        assert response.status_code == 404 and len(queries) == 1
        assert response["Access-Control-Allow-Origin"] == "*"
    for _ in range(2):
        response = Client().get(reverse("opendata:service_list"), {"page": "nul"})
        assert response.status_code == 400 and response.json()["error"].startswith("page")


def test_on_redis_the_api_is_shared_and_forgotten_after_an_edit(
    detailed_services, api_urls, redis_cache, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    first = Client().get(api_urls["list"])
    with django_assert_num_queries(0):
        hit = Client().get(api_urls["list"])
    assert hit.json() == first.json()
    assert hit["Access-Control-Allow-Origin"] == "*"
    service = detailed_services[1]
    service.summary = "Een nieuwe samenvatting."
    service.save()
    assert "Een nieuwe samenvatting." in Client().get(api_urls["list"]).content.decode()
