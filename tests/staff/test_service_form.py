"""The service form fits the work: folded, problem types from their tree, slugs made for staff,
web addresses and phone numbers as staff type them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import ContactChannel, Service
from tests.staff.conftest import admin_url, service_form

pytestmark = pytest.mark.django_db


def test_the_essentials_are_open_and_the_rest_folded(editor_client, make_service):
    service = make_service()
    content = editor_client.get(admin_url(Service, "change", service.pk)).content.decode()

    essentials, rest = content.split('id="contact_channels-group"', 1)
    for field in ["id_name", "id_summary", "id_steps"]:
        assert field in essentials and "<details>" not in essentials.split(field)[0]
    assert rest.count("<details>") >= 8  # six folded sections and three folded inlines
    assert "selectfilter" not in essentials


def test_problem_types_are_grouped_under_their_parent(editor_client, make_service, make_problem):
    money = make_problem("Geld en armoede")
    make_problem("Schulden", parent=money)
    make_problem("Eenzaamheid")
    service = make_service()
    content = editor_client.get(admin_url(Service, "change", service.pk)).content.decode()
    group = content.split("Geld en armoede, in het algemeen")[0].rsplit("<li>", 1)[1]
    assert "Geld en armoede" in group  # the group's heading
    assert content.index("Geld en armoede, in het algemeen") < content.index("Schulden")
    assert "Andere" in content.split("Schulden")[1]


def test_an_empty_slug_is_made_from_the_name(editor_client, make_service):
    service = make_service("Bestaande")
    data = service_form(service, slug="", name="Praatgroep Aalst & Gent")
    assert editor_client.post(admin_url(Service, "change", service.pk), data).status_code == 302
    service.refresh_from_db()
    assert service.slug == "praatgroep-aalst-gent"


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("website", "www.aalst.be", "https://www.aalst.be"),
        ("website", "https://www.gent.be/hulp", "https://www.gent.be/hulp"),
        ("telefoon", "+32 (0)53 73 23 46", "053 73 23 46"),
    ],
)
def test_contact_details_are_accepted_as_staff_type_them(
    editor_client, make_service, kind, typed, stored
):
    service = make_service(channels=False)
    data = service_form(service) | {
        "contact_channels-TOTAL_FORMS": 1,
        "contact_channels-0-kind": kind,
        "contact_channels-0-value": typed,
        "contact_channels-0-position": 0,
    }
    response = editor_client.post(admin_url(Service, "change", service.pk), data)
    assert response.status_code == 302
    assert ContactChannel.objects.get(service=service).value == stored


def test_the_kinds_the_sources_name_can_be_chosen(editor_client, make_service):
    service = make_service()
    for kind in ["straathoekwerk", "wijknetwerker", "aanloophuis", "groepsaanbod"]:
        response = editor_client.post(
            admin_url(Service, "change", service.pk), service_form(service, kind=kind)
        )
        assert response.status_code == 302, kind
        service.refresh_from_db()
        assert service.kind == kind


def test_the_service_list_costs_the_same_queries_for_many_services(
    editor_client, make_service, city, make_neighbourhood
):
    for _ in range(3):
        make_service(cities=[city], neighbourhoods=[make_neighbourhood(city)])
    url = admin_url(Service, "changelist")
    editor_client.get(url)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    for _ in range(7):
        make_service(cities=[city], neighbourhoods=[make_neighbourhood(city)])
    with CaptureQueriesContext(connection) as many:
        editor_client.get(url)
    assert len(many) == len(few)
