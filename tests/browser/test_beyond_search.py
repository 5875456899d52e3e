"""Open now, near me and the route link in a real browser: without JavaScript, axe clean."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from directory.models import Location

pytestmark = pytest.mark.browser


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_resident_sorts_help_by_postcode_and_only_open_services_without_javascript(
    live_server, phone_page, demo_data, artifacts_dir
):
    phone_page.goto(live_server.url + "/diensten/")
    phone_page.get_by_text("Meer keuzes").click()
    phone_page.get_by_label("Dichtbij eerst: je postcode").fill("9300")
    phone_page.get_by_role("button", name="Toon hulp").click()

    phone_page.wait_for_url("**dichtbij=9300**")
    first_card = phone_page.locator(".service-card").first
    assert "km" in first_card.locator(".distance").inner_text()
    phone_page.screenshot(path=f"{artifacts_dir}/near-me-320.png", full_page=True)

    phone_page.get_by_text("Meer keuzes").click()
    phone_page.get_by_label("Nu open").check()
    phone_page.get_by_role("button", name="Toon hulp").click()
    phone_page.wait_for_url("**open_nu=ja**")
    expect(phone_page.get_by_role("link", name="Nu open (weghalen)")).to_be_visible()


def test_the_list_with_new_choices_and_a_service_with_a_route_pass_axe(
    live_server, page, demo_data
):
    page.goto(live_server.url + "/diensten/?dichtbij=9000&open_nu=ja")
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/diensten/?dichtbij=1234")
    assert_no_axe_violations(page)

    location = Location.objects.filter(latitude__isnull=False).first()
    location.transit_stop = "Aalst Station (bus 1)"
    location.save()
    service = location.services.first()
    page.goto(live_server.url + service.get_absolute_url())
    route = page.get_by_role("link", name=f"Route op OpenStreetMap naar {location.name}")
    assert route.get_attribute("href").startswith("https://www.openstreetmap.org/directions?to=")
    expect(page.get_by_text("Halte: Aalst Station (bus 1)")).to_be_visible()
    assert_no_axe_violations(page)
