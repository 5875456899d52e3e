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


def service_form(service, **changes):
    """The POST data of the service change form, as the admin would send it unchanged."""
    data = {
        "name": service.name,
        "slug": service.slug,
        "organization": service.organization_id,
        "kind": service.kind,
        "summary": service.summary,
        "cost": service.cost,
        "status": service.status,
        "is_published": "on" if service.is_published else "",
        "serves_cities": [c.pk for c in service.serves_cities.all()],
        "serves_neighbourhoods": [n.pk for n in service.serves_neighbourhoods.all()],
        "version": service.history.order_by("-history_id").values_list("history_id", flat=True)[0],
    }
    for prefix in ("contact_channels", "service_locations", "opening_hours", "translations"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}
