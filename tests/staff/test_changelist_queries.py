"""Every admin list stays within a fixed number of queries, however many rows it shows, and a
service's form however many neighbourhoods there are: a column that reads a relation per row
(a place's neighbourhood naming its city) made 124 queries for a page of places at 100,000
services."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import City, Neighbourhood, Service

MAX_QUERIES = 12


def test_each_admin_list_stays_within_a_fixed_number_of_queries(client, demo_data):
    call_command("generate_bulk", services=60, verbosity=0)  # rows of every kind, generated
    client.force_login(get_user_model().objects.create_superuser("beheerder", "", "x" * 20))
    counts = {}
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries.captured_queries)
    assert len(counts) > 20
    assert {url: n for url, n in counts.items() if n > MAX_QUERIES} == {}


def test_a_service_form_takes_the_same_queries_however_many_neighbourhoods(client, demo_data):
    """Each neighbourhood names its city: read apart, 26 neighbourhoods made 26 queries."""
    client.force_login(get_user_model().objects.create_superuser("beheerder", "", "x" * 20))
    service = Service.objects.get(slug="caw-onthaal-gent")
    urls = [reverse("admin:directory_service_add"), service_change_url(service)]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries.captured_queries))
        return found

    counts()  # what Django keeps per process (content types...) is read once
    before = counts()
    city = City.objects.first()
    for number in range(8):
        Neighbourhood.objects.create(city=city, name=f"Wijk {number}", slug=f"wijk-{number}")
    assert counts() == before


def service_change_url(service):
    return reverse("admin:directory_service_change", args=[service.pk])
