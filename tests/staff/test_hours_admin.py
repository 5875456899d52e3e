"""Opening hours save with a new service or location, and overlapping periods are refused."""

import pytest

from directory.models import Location, OpeningHours, Service
from tests.staff.conftest import admin_url

pytestmark = pytest.mark.django_db

EMPTY_INLINES = {
    f"{prefix}-{name}": 0
    for prefix in ("contact_channels", "service_locations", "opening_hours", "translations")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def hours_rows(prefix, *periods):
    data = {f"{prefix}-TOTAL_FORMS": len(periods), f"{prefix}-INITIAL_FORMS": 0}
    for index, (weekday, opens, closes) in enumerate(periods):
        data |= {
            f"{prefix}-{index}-weekday": weekday,
            f"{prefix}-{index}-opens_at": opens,
            f"{prefix}-{index}-closes_at": closes,
        }
    return data


def new_service(organization, city, **extra):
    return {
        "name": "Nieuwe dienst",
        "slug": "nieuwe-dienst",
        "organization": organization.pk,
        "kind": "andere",
        "summary": "Hulp bij je vragen.",
        "cost": "gratis",
        "status": "actief",
        "serves_cities": [city.pk],
        **EMPTY_INLINES,
        **extra,
    }


def test_a_new_service_saves_with_its_opening_hours(editor_client, organization, city):
    data = new_service(organization, city, **hours_rows("opening_hours", (4, "09:00", "12:00")))
    response = editor_client.post(admin_url(Service, "add"), data)

    assert response.status_code == 302, response.context["errors"]
    service = Service.objects.get(slug="nieuwe-dienst")
    assert [str(hours) for hours in service.opening_hours.all()] == ["donderdag 09:00–12:00"]


def test_a_new_location_saves_with_its_opening_hours_also_in_the_popup(editor_client, city):
    data = {
        "name": "Onthaal Zuid",
        "slug": "onthaal-zuid",
        "address": "Zuidstraat 1",
        "postcode": "9000",
        "city": city.pk,
        **hours_rows("opening_hours", (1, "09:00", "12:00"), (1, "13:00", "16:00")),
    }
    url = admin_url(Location, "add") + "?_to_field=id&_popup=1"
    response = editor_client.post(url, data | {"_popup": "1", "_to_field": "id"})

    assert response.status_code == 200  # the popup closes itself with the new location
    location = Location.objects.get(slug="onthaal-zuid")
    assert location.opening_hours.count() == 2


def test_overlapping_hours_on_the_same_day_are_refused_in_dutch(editor_client, organization, city):
    data = new_service(
        organization,
        city,
        **hours_rows("opening_hours", (4, "09:00", "13:00"), (4, "12:00", "16:00")),
    )
    response = editor_client.post(admin_url(Service, "add"), data)

    assert response.status_code == 200
    assert "Donderdag 12:00–16:00 overlapt met 09:00–13:00" in response.content.decode()
    assert not Service.objects.filter(slug="nieuwe-dienst").exists()


def test_hours_on_different_days_or_touching_are_fine(editor_client, organization, city):
    periods = [(4, "09:00", "12:00"), (4, "12:00", "16:00"), (5, "09:00", "13:00")]
    data = new_service(organization, city, **hours_rows("opening_hours", *periods))
    assert editor_client.post(admin_url(Service, "add"), data).status_code == 302
    assert OpeningHours.objects.count() == 3


def test_a_single_period_overlapping_saved_hours_is_refused(editor_client, make_service):
    service = make_service()
    OpeningHours.objects.create(service=service, weekday=4, opens_at="09:00", closes_at="13:00")
    data = {"service": service.pk, "weekday": 4, "opens_at": "12:00", "closes_at": "16:00"}
    response = editor_client.post(admin_url(OpeningHours, "add"), data)

    assert response.status_code == 200
    assert "overlapt met 09:00–13:00" in response.content.decode()
    assert OpeningHours.objects.count() == 1
