"""Service history with its inline rows (django-simple-history), revert, concurrent edits."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from directory.models import ContactChannel, Service
from tests.staff.conftest import admin_url, service_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(editor):
    user = User.objects.create_user("tweede", is_staff=True)
    user.groups.add(Group.objects.get(name="Beheer"))
    return user


def save(client, service, **changes):
    return client.post(admin_url(Service, "change", service.pk), service_form(service, **changes))


def test_saving_in_the_admin_records_who_changed_what(editor_client, editor, make_service):
    service = make_service("Oude naam")
    assert save(editor_client, service, name="Nieuwe naam").status_code == 302

    latest = service.history.order_by("-history_id").first()
    assert latest.history_user == editor
    changes = latest.diff_against(latest.prev_record).changes
    assert [(c.field, c.old, c.new) for c in changes] == [("name", "Oude naam", "Nieuwe naam")]

    page = editor_client.get(admin_url(Service, "history", service.pk)).content.decode()
    assert "Oude naam" in page and "Nieuwe naam" in page and "redacteur" in page


def test_changes_to_problem_types_are_recorded(editor_client, make_service, make_problem):
    service = make_service()
    problem = make_problem("Stress")
    save(editor_client, service, problem_types=[problem.pk])
    latest = service.history.order_by("-history_id").first()
    assert [row.problemtype_id for row in latest.problem_types.all()] == [problem.pk]


def test_inline_changes_are_recorded_and_shown_on_the_service_history(
    editor_client, editor, make_service
):
    service = make_service()
    channel = service.contact_channels.get()
    form = service_form(service)
    form |= {
        "contact_channels-TOTAL_FORMS": 1,
        "contact_channels-INITIAL_FORMS": 1,
        "contact_channels-0-id": channel.pk,
        "contact_channels-0-service": service.pk,
        "contact_channels-0-kind": "telefoon",
        "contact_channels-0-value": "09 266 11 11",
        "contact_channels-0-position": 0,
    }
    assert editor_client.post(admin_url(Service, "change", service.pk), form).status_code == 302

    record = ContactChannel.history.filter(id=channel.pk).order_by("-history_id").first()
    assert (record.history_user, record.value) == (editor, "09 266 11 11")
    page = editor_client.get(admin_url(Service, "history", service.pk)).content.decode()
    assert "Wijzigingen aan contactgegevens" in page and "09 266 11 11" in page


def test_a_deleted_contact_channel_stays_in_the_service_history(editor_client, make_service):
    service = make_service()
    service.contact_channels.get().delete()
    page = editor_client.get(admin_url(Service, "history", service.pk)).content.decode()
    assert "0800 13 500" in page


def test_reverting_to_an_older_version_restores_it(editor_client, make_service):
    service = make_service("Eerste naam", summary="Eerste samenvatting.")
    first = service.history.earliest("history_id")
    save(editor_client, service, name="Tweede naam", summary="Tweede samenvatting.")

    revert_url = reverse("admin:directory_service_simple_history", args=[service.pk, first.pk])
    form = editor_client.get(revert_url).context["adminform"].form
    assert form.initial["name"] == "Eerste naam"
    response = editor_client.post(
        revert_url,
        service_form(Service.objects.get(pk=service.pk))
        | {
            "name": form.initial["name"],
            "summary": form.initial["summary"],
        },
    )

    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.summary) == ("Eerste naam", "Eerste samenvatting.")
    assert service.history.count() == 3


def test_marking_as_verified_is_recorded(editor_client, editor, make_service):
    service = make_service(last_verified=None)
    editor_client.post(
        admin_url(Service, "changelist"),
        {
            "action": "mark_verified",
            "_selected_action": [service.pk],
            "bevestigd": "1",
            "gecontroleerd": [service.pk],
            "verified_by": "An Peeters",
            "verified_for": "Stad Gent",
        },
    )
    latest = service.history.order_by("-history_id").first()
    assert latest.history_user == editor and latest.last_verified is not None


def test_a_city_editor_cannot_read_the_history_of_another_city(
    city_editor_client, make_service, city
):
    gent = make_service(cities=[city])
    first = gent.history.earliest("history_id")
    revert_url = reverse("admin:directory_service_simple_history", args=[gent.pk, first.pk])
    assert city_editor_client.get(admin_url(Service, "history", gent.pk)).status_code == 403
    assert city_editor_client.get(revert_url).status_code == 403


def test_the_second_of_two_editors_saving_is_told_and_nothing_is_lost(
    client, editor, second_editor, make_service
):
    service = make_service("Dienst", summary="Origineel.")
    both_opened = service_form(service)  # both editors open the form now

    client.force_login(editor)
    first = client.post(
        admin_url(Service, "change", service.pk), both_opened | {"summary": "Van 1."}
    )
    assert first.status_code == 302

    client.force_login(second_editor)
    second = client.post(
        admin_url(Service, "change", service.pk), both_opened | {"summary": "Van 2."}
    )
    assert second.status_code == 200
    content = second.content.decode()
    assert "redacteur heeft deze dienst intussen opgeslagen" in content
    assert "Van 2." in content  # the second editor's text is still in the form
    service.refresh_from_db()
    assert service.summary == "Van 1."

    # Having seen the warning, saving the returned form again keeps the second version.
    again = second.context["adminform"].form.data.copy()
    assert client.post(admin_url(Service, "change", service.pk), again).status_code == 302
    service.refresh_from_db()
    assert service.summary == "Van 2."


def test_a_form_without_a_version_is_treated_as_stale(editor_client, make_service):
    service = make_service()
    form = service_form(service, summary="Nieuw.")
    form.pop("version")
    assert editor_client.post(admin_url(Service, "change", service.pk), form).status_code == 200


def test_a_change_from_the_other_side_of_a_relation_is_recorded_on_the_service(
    make_service, make_problem
):
    problem = make_problem("Stress")
    service = make_service(problems=[problem])
    before = service.history.count()

    problem.services.clear()

    assert service.history.count() == before + 1
    latest = service.history.order_by("-history_id").first()
    assert list(latest.problem_types.all()) == []
    problem.services.add(service)
    assert service.history.count() == before + 2
