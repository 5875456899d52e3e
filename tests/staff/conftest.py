import pytest
from django.urls import reverse


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def city_editor_client(client, city, other_city, db):
    """Logged in as an editor of Aalst ("Redactie Aalst"); `city` is Gent, `other_city` Aalst."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    call_command("create_editor_group", verbosity=0)
    user = User.objects.create_user("aalst", is_staff=True)
    user.groups.add(Group.objects.get(name="Redactie Aalst"))
    client.force_login(user)
    client.user = user
    return client
