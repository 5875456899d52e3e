import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from directory.models import OpeningHours, Service
from tests.staff.conftest import admin_url

pytestmark = pytest.mark.django_db


def preview_url(service):
    return reverse("admin:directory_service_preview", args=[service.pk])


def test_the_public_does_not_see_a_draft(client, make_service):
    draft = make_service(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_with_a_banner(editor_client, make_service):
    draft = make_service("Nieuwe dienst", is_published=False)
    response = editor_client.get(preview_url(draft))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nieuwe dienst" in content
    assert "nog niet gepubliceerd" in content
    assert 'name="robots" content="noindex"' in content


def test_an_anonymous_visitor_is_sent_to_the_login_instead(client, make_service):
    response = client.get(preview_url(make_service(is_published=False)))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_outside_every_editor_group_find_no_draft_to_preview(client, make_service):
    client.force_login(User.objects.create_user("nieuw", is_staff=True))
    assert client.get(preview_url(make_service(is_published=False))).status_code == 404


def test_view_on_site_opens_the_preview_for_a_draft_and_the_page_when_published(
    editor_client, make_service
):
    draft = make_service(is_published=False)
    published = make_service()
    draft_page = editor_client.get(admin_url(Service, "change", draft.pk)).content.decode()
    published_page = editor_client.get(admin_url(Service, "change", published.pk))
    assert preview_url(draft) in draft_page
    assert published.get_absolute_url() in published_page.content.decode()


def test_an_unknown_service_is_a_404(editor_client, db):
    assert (
        editor_client.get(reverse("admin:directory_service_preview", args=[999])).status_code == 404
    )


def test_the_preview_shows_a_drafts_hours_and_opening_status(editor_client, make_service):
    """The preview reads the service through the admin, not the public page's query: it
    attaches the hours and the status itself (staff.views.ServicePreviewView.read_service)."""
    draft = make_service("Nieuwe dienst", is_published=False)
    OpeningHours.objects.create(
        service=draft, weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(12)
    )

    content = editor_client.get(preview_url(draft)).content.decode()

    assert "Wanneer bereikbaar?" in content
    assert "Uren: bel eerst" not in content
    assert 'class="opening-status' in content
