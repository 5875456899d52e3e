"""Policy officers ("Beleid <stad>") open Signalen and see their own city's counts only."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from directory.models import City
from insights.models import DemandCount, record

pytestmark = pytest.mark.django_db
Event = DemandCount.Event


@pytest.fixture
def signals():
    City.objects.create(name="Aalst", slug="aalst")
    City.objects.create(name="Gent", slug="gent")
    call_command("create_editor_group", verbosity=0)
    record(Event.PROBLEM_VIEW, "schulden", city="aalst", amount=4)
    record(Event.PROBLEM_VIEW, "eenzaamheid", city="gent", amount=7)


def member_of(client, group):
    user = User.objects.create_user(group.lower().replace(" ", "-"), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def test_a_policy_officer_sees_the_signals_of_their_own_city(client, signals):
    member_of(client, "Beleid Aalst")
    response = client.get(reverse("admin:insights_demandcount_dashboard"))
    content = response.content.decode()

    assert response.status_code == 200
    assert "schulden" in content and "eenzaamheid" not in content
    export = client.get(reverse("admin:insights_demandcount_export"))
    export = b"".join(export.streaming_content).decode()
    assert "schulden" in export and "eenzaamheid" not in export
    listing = client.get(reverse("admin:insights_demandcount_changelist")).content.decode()
    assert "schulden" in listing and "eenzaamheid" not in listing


def test_beheer_sees_every_city(client, signals):
    member_of(client, "Beheer")
    content = client.get(reverse("admin:insights_demandcount_dashboard")).content.decode()
    assert "schulden" in content and "eenzaamheid" in content


def test_a_city_editor_is_not_given_signals(client, signals):
    member_of(client, "Redactie Aalst")
    assert client.get(reverse("admin:insights_demandcount_dashboard")).status_code == 403


def test_a_policy_officer_reads_the_directory_but_edits_nothing(client, signals):
    permissions = Group.objects.get(name="Beleid Aalst").permissions.values_list(
        "codename", flat=True
    )
    assert "view_signals" in permissions and "view_service" in permissions
    assert not [name for name in permissions if not name.startswith("view_")]
