"""The whole admin speaks Dutch: the pick-list boxes and the history and revert pages too."""

import pytest
from django.urls import reverse

from directory.models import Service
from tests.staff.conftest import admin_url

pytestmark = pytest.mark.django_db


def test_the_pick_list_boxes_speak_dutch(editor_client):
    catalogue = editor_client.get(reverse("admin:jsi18n")).content.decode()
    for dutch in ["Alle %s kiezen", "Alle %s weghalen", "Aangeduide %s kiezen"]:
        assert dutch in catalogue


def test_the_history_and_revert_pages_speak_dutch(editor_client, make_service):
    service = make_service()
    history = editor_client.get(admin_url(Service, "history", service.pk)).content.decode()
    assert "Gewijzigd door" in history and "Reden" in history
    assert "Changed by" not in history and "Change reason" not in history

    first = service.history.earliest("history_id")
    url = reverse("admin:directory_service_simple_history", args=[service.pk, first.pk])
    revert = editor_client.get(url).content.decode()
    assert "terugzetten" in revert and "Terugzetten" in revert
    assert "Revert" not in revert
