"""A refused admin page says why, in Dutch, inside the admin, with a way back."""

import pytest
from django.contrib.auth.models import User

from directory.models import Service
from tests.staff.conftest import admin_url

pytestmark = pytest.mark.django_db


def test_a_service_of_another_city_is_refused_with_the_reason(
    city_editor_client, make_service, city
):
    gent = make_service("Hulp in Gent", cities=[city])
    response = city_editor_client.get(
        admin_url(Service, "change", gent.pk), HTTP_REFERER="http://testserver/beheer/"
    )
    content = response.content.decode()

    assert response.status_code == 403
    assert "Dienst “Hulp in Gent” hoort bij Gent; jij beheert Aalst." in content
    assert 'href="/beheer/"' in content and "Terug naar de vorige pagina" in content
    assert "Wegwijs – beheer" in content and "Forbidden" not in content


def test_staff_in_no_group_are_told_to_ask_for_one(client, make_service, city):
    service = make_service(cities=[city])
    client.force_login(User.objects.create_user("nieuw", is_staff=True))
    response = client.get(admin_url(Service, "history", service.pk))
    assert response.status_code == 403
    assert "Vraag de centrale beheerders" in response.content.decode()


def test_a_foreign_referer_is_not_offered_as_the_way_back(city_editor_client, make_service, city):
    gent = make_service(cities=[city])
    response = city_editor_client.get(
        admin_url(Service, "change", gent.pk), HTTP_REFERER="https://evil.example/"
    )
    assert "evil.example" not in response.content.decode()


def test_outside_the_admin_the_public_403_stays(client):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from staff.views import permission_denied

    request = RequestFactory().get("/diensten/")
    request.user = User()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403 and b"beheer" not in response.content
