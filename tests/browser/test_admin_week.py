"""A city editor's week in the admin, in Chromium against a live server (no test transaction
around the requests: the live server commits like production does)."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from directory.models import City, ContactChannel, Organization, Service
from insights.models import DemandCount, record
from tests.browser_actions import click_and_load

pytestmark = pytest.mark.browser
PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def staff_groups(transactional_db):
    gent = City.objects.get_or_create(name="Gent", slug="gent")[0]
    aalst = City.objects.get_or_create(name="Aalst", slug="aalst")[0]
    call_command("create_editor_group", verbosity=0)
    return gent, aalst


def member(group, username):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, live_server, username):
    page.goto(live_server.url + "/beheer/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/beheer/")


def a_service(city, name="Onthaal Gent", phone="053 73 23 46"):
    organization = Organization.objects.get_or_create(name="CAW Oost-Vlaanderen", slug="caw")[0]
    service = Service.objects.create(
        organization=organization,
        name=name,
        slug=name.lower().replace(" ", "-"),
        summary="Hulp bij je vragen.",
        is_published=True,
    )
    service.serves_cities.set([city])
    ContactChannel.objects.create(service=service, kind="telefoon", value=phone)
    return service


def test_a_new_service_saves_with_its_opening_hours_in_one_go(live_server, page, staff_groups):
    gent, _ = staff_groups
    organization = Organization.objects.create(name="CAW Oost-Vlaanderen", slug="caw")
    member("Redactie Gent", "els")
    log_in(page, live_server, "els")

    page.goto(f"{live_server.url}/beheer/directory/service/add/?organization={organization.pk}")
    page.locator("#id_name").fill("Praatcafé Brugse Poort")
    page.get_by_label("Korte samenvatting").fill("Elke donderdag koffie en een babbel.")
    page.get_by_label("Gent").check()
    page.locator("#opening_hours-group summary").click()
    page.locator("#opening_hours-group .add-row a").click()
    page.locator("#id_opening_hours-0-weekday").select_option("4")
    page.locator("#id_opening_hours-0-opens_at").fill("09:00")
    page.locator("#id_opening_hours-0-closes_at").fill("12:00")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url("**/beheer/directory/service/")

    service = Service.objects.get(name="Praatcafé Brugse Poort")
    assert service.slug == "praatcafe-brugse-poort"
    assert [str(hours) for hours in service.opening_hours.all()] == ["donderdag 09:00–12:00"]


def test_reverting_a_changed_phone_number_brings_it_back(live_server, page, staff_groups):
    gent, _ = staff_groups
    service = a_service(gent, phone="09 210 10 10")
    member("Beheer", "an")
    log_in(page, live_server, "an")

    page.goto(f"{live_server.url}/beheer/directory/service/{service.pk}/change/")
    page.locator("#id_contact_channels-0-value").fill("09 266 11 11")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url("**/beheer/directory/service/")
    assert service.contact_channels.get().value == "09 266 11 11"

    page.goto(f"{live_server.url}/beheer/directory/service/{service.pk}/history/")
    changes = page.locator("#inline-history").inner_text()
    assert "09 210 10 10" in changes and "09 266 11 11" in changes
    # The version just before the edit: the second row (the newest is the edit itself).
    click_and_load(page, page.locator("#change-history tbody tr").nth(1).locator("a").first)
    response_text = page.locator("#content").inner_text()
    assert "terugzetten" in response_text.lower()
    click_and_load(page, page.get_by_role("button", name="Terugzetten"))

    assert page.locator(".messagelist .error, .errornote").count() == 0
    assert service.contact_channels.get().value == "09 210 10 10"


def test_a_policy_officer_opens_signalen_of_their_city(live_server, page, staff_groups):
    record(DemandCount.Event.PROBLEM_VIEW, "schulden", city="aalst", amount=4)
    record(DemandCount.Event.PROBLEM_VIEW, "eenzaamheid", city="gent", amount=7)
    member("Beleid Aalst", "wim")
    log_in(page, live_server, "wim")

    page.locator('#content-main a[href$="/insights/demandcount/"]').first.click()
    page.wait_for_url("**/insights/demandcount/")
    page.get_by_role("link", name="Grafieken per maand").click()
    page.wait_for_url("**/insights/demandcount/dashboard/")
    content = page.locator("#content").inner_text()
    assert "Signalen voor het beleid" in page.content()
    assert "schulden" in content and "eenzaamheid" not in content


def test_a_refused_page_is_in_dutch_with_the_reason_and_a_way_back(live_server, page, staff_groups):
    gent, _ = staff_groups
    service = a_service(gent)
    member("Redactie Aalst", "jan")
    log_in(page, live_server, "jan")

    response = page.goto(f"{live_server.url}/beheer/directory/service/{service.pk}/change/")
    assert response.status == 403
    text = page.locator("#content").inner_text()
    assert "Dienst “Onthaal Gent” hoort bij Gent; jij beheert Aalst." in text
    assert "Forbidden" not in page.content()
    page.get_by_role("link", name="Naar de startpagina van het beheer").click()
    page.wait_for_url("**/beheer/")


def test_admin_search_by_phone_number(live_server, page, staff_groups):
    gent, _ = staff_groups
    a_service(gent, "Onthaal Gent", phone="053 73 23 46")
    a_service(gent, "Andere dienst", phone="09 210 10 10")
    member("Redactie Gent", "lies")
    log_in(page, live_server, "lies")

    page.goto(f"{live_server.url}/beheer/directory/service/")
    page.locator("#searchbar").fill("+32 (0)53 73 23 46")
    page.locator("#searchbar").press("Enter")
    page.wait_for_url("**q=*")
    results = page.locator("#result_list").inner_text()
    assert "Onthaal Gent" in results and "Andere dienst" not in results


@pytest.mark.parametrize("width", [1280, 820])
def test_the_service_form_and_list_fit_the_screen(
    live_server, browser, demo_data, artifacts_dir, width
):
    call_command("create_editor_group", verbosity=0)
    member("Beheer", f"scherm{width}")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-BE")
    page = context.new_page()
    try:
        log_in(page, live_server, f"scherm{width}")
        service = Service.objects.get(slug="zorgbalie-aalst")
        page.goto(f"{live_server.url}/beheer/directory/service/{service.pk}/change/")
        page.screenshot(path=f"{artifacts_dir}/admin-service-form-{width}.png", full_page=True)
        fits = "document.documentElement.scrollWidth <= window.innerWidth"
        assert page.evaluate(fits), "the service form scrolls sideways"

        page.goto(f"{live_server.url}/beheer/directory/service/")
        page.screenshot(path=f"{artifacts_dir}/admin-service-list-{width}.png", full_page=True)
        header = page.locator("#result_list thead")
        for column in ["naam", "steden", "status", "acties"]:
            expect(header.get_by_text(column, exact=False).first, column).to_be_visible()
        actions = header.locator(".column-row_actions").bounding_box()
        assert actions["x"] + actions["width"] <= width, "the actions column is cut off"
        organization_column = header.locator(".column-organization")
        if width == 1280:
            expect(organization_column).to_be_visible()
        else:
            expect(organization_column).to_be_hidden()
        assert page.evaluate(fits), "the service list scrolls sideways"
    finally:
        context.close()
