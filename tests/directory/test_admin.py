import pytest
from django.apps import apps
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from directory.models import ContactChannel, Service

pytestmark = pytest.mark.django_db
DIRECTORY_MODELS = list(apps.get_app_config("directory").get_models())


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m.__name__)
def test_an_editor_can_open_the_list_and_add_pages_of_every_directory_model(editor_client, model):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    assert editor_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m.__name__)
def test_every_directory_list_can_be_searched_or_filtered(editor_client, model, demo_data):
    response = editor_client.get(admin_url(model, "changelist"), {"q": "Gent"})
    assert response.status_code == 200


def test_an_editor_can_open_a_demo_service_with_its_inlines(editor_client, demo_data):
    service = Service.objects.get(slug="caw-onthaal-aalst")
    response = editor_client.get(admin_url(Service, "change", service.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "onthaal.aalst@cawoostvlaanderen.be" in content
    assert "Verastenstraat" in content


def test_the_service_list_shows_when_each_entry_was_last_verified(editor_client, demo_data):
    response = editor_client.get(admin_url(Service, "changelist"))
    assert "column-last_verified" in response.content.decode()


@pytest.mark.parametrize("name", ["user", "group"])
def test_an_editor_cannot_manage_users_or_groups(editor_client, name):
    for view in ("changelist", "add"):
        response = editor_client.get(reverse(f"admin:auth_{name}_{view}"))
        assert response.status_code == 403


def test_the_central_group_holds_the_directory_woordenboek_and_feedback_permissions(editor):
    granted = set(
        Permission.objects.filter(group__name="Beheer").values_list(
            "content_type__app_label", "codename"
        )
    )
    expected = {
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in [*DIRECTORY_MODELS, *apps.get_app_config("glossary").get_models()]
        for action in ("add", "change", "delete", "view")
    } | {("feedback", "view_feedback"), ("feedback", "change_feedback")}
    expected |= {("insights", "view_signals")}  # Signalen of every city
    assert granted == expected


def test_an_editor_saving_a_phone_number_gets_it_normalised(editor_client, make_service):
    service = make_service(channels=False)
    data = {
        "service": service.pk,
        "kind": "telefoon",
        "value": "+32 53 72 32 07",
        "label": "",
        "hours": "",
        "position": 0,
    }
    response = editor_client.post(admin_url(ContactChannel, "add"), data)
    assert response.status_code == 302
    assert ContactChannel.objects.get(service=service).value == "053 72 32 07"


def test_an_editor_sees_a_dutch_error_for_a_bad_email(editor_client, make_service):
    service = make_service(channels=False)
    data = {"service": service.pk, "kind": "email", "value": "geen-mail", "position": 0}
    response = editor_client.post(admin_url(ContactChannel, "add"), data)
    assert response.status_code == 200
    assert "Geef een geldig e-mailadres" in response.content.decode()
    assert not ContactChannel.objects.filter(service=service).exists()


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(admin_url(Service, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_staff_member_without_group_sees_no_directory(client, db):
    user = User.objects.create_user("nieuw", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(admin_url(Service, "changelist")).status_code == 403
