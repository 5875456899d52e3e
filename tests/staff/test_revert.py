"""Revert outside a test transaction: the service and the rows it owns come back."""

import pytest
from django.urls import reverse

from directory.models import ContactChannel, OpeningHours, Service, ServiceTranslation
from tests.staff.conftest import admin_url, service_form

pytestmark = pytest.mark.django_db(transaction=True)


def channel_form(service, channel, value):
    return service_form(service) | {
        "contact_channels-TOTAL_FORMS": 1,
        "contact_channels-INITIAL_FORMS": 1,
        "contact_channels-0-id": channel.pk,
        "contact_channels-0-service": service.pk,
        "contact_channels-0-kind": "telefoon",
        "contact_channels-0-value": value,
        "contact_channels-0-position": 0,
    }


def revert(client, service, version):
    url = reverse("admin:directory_service_simple_history", args=[service.pk, version.pk])
    initial = client.get(url).context["adminform"].form.initial
    current = Service.objects.get(pk=service.pk)
    return client.post(url, service_form(current) | {"name": initial["name"]})


def test_revert_restores_a_changed_phone_number_and_the_history_shows_both(
    editor_client, make_service
):
    service = make_service("Eerste naam")
    channel = service.contact_channels.get()
    first = service.history.earliest("history_id")
    response = editor_client.post(
        admin_url(Service, "change", service.pk),
        channel_form(service, channel, "09 266 11 11") | {"name": "Tweede naam"},
    )
    assert response.status_code == 302

    page = editor_client.get(admin_url(Service, "history", service.pk)).content.decode()
    assert "0800 13 500" in page and "09 266 11 11" in page  # the old number and the new one

    response = revert(editor_client, service, first)

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Eerste naam"
    assert list(service.contact_channels.values_list("value", flat=True)) == ["0800 13 500"]


def test_revert_brings_back_deleted_rows_and_removes_added_ones(editor_client, make_service):
    service = make_service()
    ServiceTranslation.objects.create(service=service, language="fr", summary="Aide gratuite.")
    first = service.history.earliest("history_id")
    # A later save of the service deletes the translation and adds opening hours.
    data = service_form(service) | {
        "translations-TOTAL_FORMS": 1,
        "translations-INITIAL_FORMS": 1,
        "translations-0-id": service.translations.get().pk,
        "translations-0-service": service.pk,
        "translations-0-language": "fr",
        "translations-0-summary": "Aide gratuite.",
        "translations-0-DELETE": "on",
        "opening_hours-TOTAL_FORMS": 1,
        "opening_hours-0-weekday": 4,
        "opening_hours-0-opens_at": "09:00",
        "opening_hours-0-closes_at": "12:00",
    }
    assert editor_client.post(admin_url(Service, "change", service.pk), data).status_code == 302
    assert not service.translations.exists() and service.opening_hours.count() == 1

    assert revert(editor_client, service, first).status_code == 302

    assert list(service.translations.values_list("summary", flat=True)) == ["Aide gratuite."]
    assert not OpeningHours.objects.filter(service=service).exists()
    assert ContactChannel.objects.filter(service=service).count() == 1
