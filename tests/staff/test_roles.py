"""Every role boundary: "Redactie Aalst" edits Aalst only; "Beheer" edits all."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command

from directory.models import (
    ContactChannel,
    Location,
    OpeningHours,
    Organization,
    ProblemType,
    Service,
    ServiceAtLocation,
)
from staff.models import EditorScope, Scope
from tests.staff.conftest import admin_url, service_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def aalst_service(make_service, other_city):
    return make_service("Zorgbalie Aalst", cities=[other_city])


@pytest.fixture
def gent_service(make_service, city):
    return make_service("Sociale dienst Gent", cities=[city])


@pytest.fixture
def gent_location(city):
    return Location.objects.create(name="WGC Gent", slug="wgc-gent", city=city)


def test_the_command_creates_beheer_and_a_redactie_group_per_city(city, other_city):
    call_command("create_editor_group", verbosity=0)
    assert EditorScope.objects.get(group__name="Beheer").everything
    for town in (city, other_city):
        scope = EditorScope.objects.get(group__name=f"Redactie {town.name}")
        assert list(scope.cities.all()) == [town] and not scope.everything


def test_running_the_command_twice_changes_nothing(city):
    call_command("create_editor_group", verbosity=0)
    before = sorted(Group.objects.values_list("name", "permissions"))
    call_command("create_editor_group", verbosity=0)
    assert sorted(Group.objects.values_list("name", "permissions")) == before
    assert EditorScope.objects.count() == 3  # Beheer, Redactie Gent, Beleid Gent


def test_a_city_editor_only_reads_the_shared_lookup_tables(city):
    call_command("create_editor_group", verbosity=0)
    codenames = set(
        Permission.objects.filter(group__name="Redactie Gent").values_list("codename", flat=True)
    )
    assert {"change_service", "delete_location", "add_contactchannel"} <= codenames
    assert {"view_problemtype", "add_organization", "change_organization"} <= codenames
    assert not codenames & {"change_problemtype", "delete_organization", "change_city"}
    assert not any(name.endswith(("_user", "_group")) for name in codenames)


def test_the_service_list_shows_only_their_city(city_editor_client, aalst_service, gent_service):
    response = city_editor_client.get(admin_url(Service, "changelist"))
    assert list(response.context["cl"].result_list) == [aalst_service]


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_opening_a_service_of_another_city_by_url_is_forbidden(
    city_editor_client, gent_service, view
):
    assert city_editor_client.get(admin_url(Service, view, gent_service.pk)).status_code == 403


def test_posting_a_change_to_a_service_of_another_city_is_forbidden(
    city_editor_client, gent_service
):
    url = admin_url(Service, "change", gent_service.pk)
    response = city_editor_client.post(url, service_form(gent_service, name="Gekaapt"))
    assert response.status_code == 403
    gent_service.refresh_from_db()
    assert gent_service.name == "Sociale dienst Gent"


def test_deleting_a_service_of_another_city_is_forbidden(city_editor_client, gent_service):
    url = admin_url(Service, "delete", gent_service.pk)
    assert city_editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Service.objects.filter(pk=gent_service.pk).exists()


def test_a_city_editor_edits_a_service_of_their_city(city_editor_client, aalst_service):
    url = admin_url(Service, "change", aalst_service.pk)
    response = city_editor_client.post(url, service_form(aalst_service, name="Zorgbalie"))
    assert response.status_code == 302
    aalst_service.refresh_from_db()
    assert aalst_service.name == "Zorgbalie"


def test_saving_a_shared_service_keeps_the_other_city(
    city_editor_client, make_service, city, other_city
):
    shared = make_service("Hulplijn", cities=[city, other_city])
    form = service_form(shared, serves_cities=[other_city.pk], summary="Nieuw.")
    response = city_editor_client.post(admin_url(Service, "change", shared.pk), form)
    assert response.status_code == 302
    assert set(shared.serves_cities.all()) == {city, other_city}


def test_the_form_offers_only_their_own_cities(city_editor_client, aalst_service, other_city):
    response = city_editor_client.get(admin_url(Service, "change", aalst_service.pk))
    form = response.context["adminform"].form
    assert list(form.fields["serves_cities"].queryset) == [other_city]


def test_a_city_editor_cannot_put_a_service_in_another_city(
    city_editor_client, aalst_service, city
):
    form = service_form(aalst_service, serves_cities=[city.pk])
    response = city_editor_client.post(admin_url(Service, "change", aalst_service.pk), form)
    assert response.status_code == 200
    assert "serves_cities" in response.context["adminform"].form.errors
    assert list(aalst_service.serves_cities.all()) != [city]


def test_a_new_service_needs_one_of_their_cities(city_editor_client, organization, other_city):
    base = {"name": "Nieuw", "slug": "nieuw", "organization": organization.pk, "summary": "x"}
    base |= {"kind": "andere", "cost": "gratis", "status": "actief"}
    for prefix in ("contact_channels", "service_locations", "opening_hours", "translations"):
        base |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = city_editor_client.post(admin_url(Service, "add"), base)
    assert response.status_code == 200
    assert "minstens één van je eigen steden" in response.content.decode()

    response = city_editor_client.post(
        admin_url(Service, "add"), {**base, "serves_cities": [other_city.pk]}
    )
    assert response.status_code == 302
    assert Service.objects.get(slug="nieuw").serves_cities.get() == other_city


def test_an_assigned_organisation_opens_its_services_in_any_city(
    city_editor_client, gent_service, organization
):
    scope = EditorScope.objects.get(group__name="Redactie Aalst")
    scope.organizations.add(organization)
    assert city_editor_client.get(admin_url(Service, "change", gent_service.pk)).status_code == 200
    assert city_editor_client.get(admin_url(Organization, "change", organization.pk)).context[
        "has_change_permission"
    ]


def test_organisations_are_visible_but_not_editable_unless_assigned(
    city_editor_client, organization
):
    response = city_editor_client.get(admin_url(Organization, "change", organization.pk))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    url = admin_url(Organization, "change", organization.pk)
    assert city_editor_client.post(url, {"name": "X", "slug": "x"}).status_code == 403


def test_locations_of_another_city_are_hidden_and_forbidden(
    city_editor_client, gent_location, other_city
):
    mine = Location.objects.create(name="Loket Aalst", slug="loket-aalst", city=other_city)
    listed = city_editor_client.get(admin_url(Location, "changelist")).context["cl"].result_list
    assert list(listed) == [mine]
    url = admin_url(Location, "change", gent_location.pk)
    assert city_editor_client.get(url).status_code == 403


def test_a_city_editor_cannot_move_a_location_to_another_city(city_editor_client, city, other_city):
    mine = Location.objects.create(name="Loket Aalst", slug="loket-aalst", city=other_city)
    data = {"name": mine.name, "slug": mine.slug, "city": city.pk}
    data |= {"opening_hours-TOTAL_FORMS": 0, "opening_hours-INITIAL_FORMS": 0}
    response = city_editor_client.post(admin_url(Location, "change", mine.pk), data)
    assert response.status_code == 200
    assert "Kies een van je eigen steden" in response.content.decode()
    mine.refresh_from_db()
    assert mine.city == other_city


def test_contact_channels_follow_their_service(city_editor_client, aalst_service, gent_service):
    gent_channel = gent_service.contact_channels.get()
    listed = city_editor_client.get(admin_url(ContactChannel, "changelist")).context["cl"]
    assert list(listed.result_list) == [aalst_service.contact_channels.get()]
    url = admin_url(ContactChannel, "change", gent_channel.pk)
    assert city_editor_client.get(url).status_code == 403


def test_a_new_contact_channel_cannot_hang_below_another_citys_service(
    city_editor_client, gent_service
):
    data = {"service": gent_service.pk, "kind": "telefoon", "value": "09 210 10 10", "position": 0}
    response = city_editor_client.post(admin_url(ContactChannel, "add"), data)
    assert response.status_code == 200
    assert "service" in response.context["adminform"].form.errors
    assert gent_service.contact_channels.count() == 1


def test_opening_hours_and_service_locations_follow_their_service(
    city_editor_client, gent_service, gent_location
):
    hours = OpeningHours.objects.create(
        service=gent_service, weekday=1, opens_at="09:00", closes_at="12:00"
    )
    link = ServiceAtLocation.objects.create(service=gent_service, location=gent_location)
    for model, row in ((OpeningHours, hours), (ServiceAtLocation, link)):
        assert city_editor_client.get(admin_url(model, "change", row.pk)).status_code == 403
        listed = city_editor_client.get(admin_url(model, "changelist")).context["cl"]
        assert list(listed.result_list) == []


def test_a_city_editor_cannot_change_problem_types(city_editor_client, make_problem):
    problem = make_problem()
    url = admin_url(ProblemType, "change", problem.pk)
    assert not city_editor_client.get(url).context["has_change_permission"]


def test_the_preview_of_another_citys_draft_is_not_found(city_editor_client, make_service, city):
    draft = make_service(cities=[city], is_published=False)
    url = admin_url(Service, "preview", draft.pk)
    assert city_editor_client.get(url).status_code == 404


def test_beheer_edits_services_of_every_city(client, editor, aalst_service, gent_service):
    client.force_login(editor)
    listed = client.get(admin_url(Service, "changelist")).context["cl"].result_list
    assert set(listed) == {aalst_service, gent_service}
    url = admin_url(Service, "change", gent_service.pk)
    response = client.post(url, service_form(gent_service, name="Hernoemd"))
    assert response.status_code == 302


def test_a_staff_user_in_no_scoped_group_sees_nothing(aalst_service):
    user = User.objects.create_user("los", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_service"))
    assert Scope.for_user(user) == Scope()
    assert not Scope().services(Service.objects.all()).exists()


def test_the_scope_costs_a_fixed_number_of_queries(
    city_editor_client, make_service, other_city, django_assert_max_num_queries
):
    make_service(cities=[other_city])
    with django_assert_max_num_queries(14):
        city_editor_client.get(admin_url(Service, "changelist"))
    for _ in range(30):
        make_service(cities=[other_city])
    with django_assert_max_num_queries(14):
        response = city_editor_client.get(admin_url(Service, "changelist"))
    assert response.context["cl"].result_count == 31


def test_only_superusers_manage_the_scopes_of_groups(client, editor):
    client.force_login(editor)
    assert client.get(admin_url(EditorScope, "changelist")).status_code == 403
    boss = User.objects.create_superuser("baas", password="x")
    client.force_login(boss)
    response = client.get(admin_url(EditorScope, "changelist"))
    assert response.status_code == 200
    assert "Beheer" in response.content.decode()


def link_form(service, *rows):
    """The service form with its location links: rows of (link id or "", location id)."""
    data = service_form(service)
    data |= {"service_locations-TOTAL_FORMS": len(rows)}
    data |= {"service_locations-INITIAL_FORMS": sum(1 for link, _ in rows if link)}
    for index, (link, location) in enumerate(rows):
        data |= {
            f"service_locations-{index}-id": link,
            f"service_locations-{index}-service": service.pk,
            f"service_locations-{index}-location": location,
        }
    return data


def test_a_city_editor_cannot_link_a_location_of_another_city(
    city_editor_client, aalst_service, gent_location
):
    url = admin_url(Service, "change", aalst_service.pk)
    response = city_editor_client.post(url, link_form(aalst_service, ("", gent_location.pk)))

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][1].formset.errors
    assert errors[0]["location"]
    assert not aalst_service.service_locations.exists()


def test_a_city_editor_links_a_location_of_their_city(
    city_editor_client, aalst_service, other_city
):
    mine = Location.objects.create(name="Loket Aalst", slug="loket-aalst", city=other_city)
    url = admin_url(Service, "change", aalst_service.pk)
    response = city_editor_client.post(url, link_form(aalst_service, ("", mine.pk)))

    assert response.status_code == 302
    assert list(aalst_service.service_locations.values_list("location", flat=True)) == [mine.pk]


def test_an_existing_link_to_another_citys_location_does_not_block_saving(
    city_editor_client, make_service, city, other_city, gent_location
):
    shared = make_service("CAW onthaal", cities=[city, other_city])
    link = ServiceAtLocation.objects.create(service=shared, location=gent_location)
    data = link_form(shared, (link.pk, gent_location.pk))
    data |= {"name": "CAW Onthaal", "serves_cities": [other_city.pk]}

    response = city_editor_client.post(admin_url(Service, "change", shared.pk), data)

    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.name == "CAW Onthaal"
    assert list(shared.service_locations.all()) == [link]
