"""Done when: from the home page to the phone number of the right service in three taps, in a
real browser, 320 px wide, without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser_actions import click_and_load

pytestmark = pytest.mark.browser


def tap(page, role, name):
    target = page.get_by_role(role, name=name, exact=True)
    box = target.bounding_box()
    assert box["height"] >= 44 or box["width"] >= 44, f"{name!r} is a small target: {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, f"{name!r} is off screen: {box}"
    click_and_load(page, target)


def test_a_resident_reaches_a_phone_number_in_three_taps_without_javascript(
    live_server, phone_page, demo_data, artifacts_dir
):
    phone_page.goto(live_server.url + "/")

    tap(phone_page, "link", "Aalst")
    tap(phone_page, "link", "Ik voel me eenzaam")
    phone_page.screenshot(path=f"{artifacts_dir}/three-taps-2-problem-320.png", full_page=True)

    assert phone_page.url.endswith("/problemen/eenzaamheid/?stad=aalst")
    call = phone_page.get_by_role(
        "link", name="Bel 053 76 21 48 (Mobiele geestelijke gezondheidswerker Aalst)"
    )
    assert call.get_attribute("href") == "tel:+3253762148"
    assert call.bounding_box()["height"] >= 44


def test_a_resident_reaches_the_service_page_and_its_phone_link_in_three_taps(
    live_server, phone_page, demo_data, artifacts_dir
):
    phone_page.goto(live_server.url + "/")
    phone_page.screenshot(path=f"{artifacts_dir}/three-taps-0-home-320.png", full_page=True)

    tap(phone_page, "link", "Ik voel me eenzaam")
    tap(phone_page, "link", "Tele-Onthaal 106")
    phone_page.screenshot(path=f"{artifacts_dir}/three-taps-3-service-320.png", full_page=True)

    # The service page's phone buttons say 'Bel <nummer>' since the contact block was reordered.
    phone = phone_page.get_by_role("link", name="Bel 106", exact=True)
    assert phone.get_attribute("href") == "tel:106"
    assert phone.bounding_box()["height"] >= 44


def test_the_filters_work_without_javascript(live_server, phone_page, demo_data, artifacts_dir):
    phone_page.goto(live_server.url + "/diensten/")

    phone_page.get_by_text("Meer keuzes").click()
    phone_page.get_by_label("Stad", exact=True).select_option("gent")
    phone_page.get_by_label("Gratis", exact=True).check()
    click_and_load(phone_page, phone_page.get_by_role("button", name="Toon hulp"))
    phone_page.screenshot(path=f"{artifacts_dir}/filters-320.png", full_page=True)

    assert "stad=gent" in phone_page.url and "gratis=ja" in phone_page.url
    expect(phone_page.get_by_role("link", name="Stad: Gent (weghalen)")).to_be_visible()
    click_and_load(phone_page, phone_page.get_by_role("link", name="Stad: Gent (weghalen)"))
    assert "stad=" not in phone_page.url and "gratis=ja" in phone_page.url
