"""The interface in five languages in real Chromium: Arabic mirrors, the switcher keeps filters."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser

WIDTH = 1280


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_arabic_reads_right_to_left_and_the_layout_mirrors(
    live_server, page, demo_data, artifacts_dir
):
    page.goto(live_server.url + "/ar/diensten/?stad=gent")

    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    name, switcher, heading = (_box(page, s) for s in (".site-name", ".language-switcher", "h1"))
    main = _box(page, "main")
    assert name["x"] + name["width"] > WIDTH / 2, "the site name starts on the right"
    assert switcher["x"] < name["x"], "the switcher sits to the left of the site name"
    assert heading["x"] + heading["width"] == pytest.approx(main["x"] + main["width"] - 16, abs=2)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.screenshot(path=f"{artifacts_dir}/i18n-ar-service-list.png", full_page=True)


def test_dutch_reads_left_to_right(live_server, page, demo_data):
    page.goto(live_server.url + "/diensten/?stad=gent")

    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    name, switcher = _box(page, ".site-name"), _box(page, ".language-switcher")
    assert name["x"] < WIDTH / 2
    assert switcher["x"] > name["x"]


def test_a_service_page_in_arabic_mirrors_its_locations(
    live_server, page, demo_data, artifacts_dir
):
    page.goto(live_server.url + "/ar/diensten/caw-onthaal-aalst/")

    location = page.locator(".location").first
    border = location.evaluate("el => getComputedStyle(el).borderRightWidth")
    assert border != "0px", "the location's side line is on the right in Arabic"
    page.screenshot(path=f"{artifacts_dir}/i18n-ar-service.png", full_page=True)


def test_the_switcher_keeps_the_filters_and_works_with_the_keyboard(live_server, page, demo_data):
    page.goto(live_server.url + "/diensten/?stad=gent&gratis=ja")

    page.get_by_role("navigation", name="Taal van de website").get_by_role(
        "link", name="Français"
    ).focus()
    page.keyboard.press("Enter")
    # The page cache normalises the query (known parameters sorted): the order is not asserted.
    page.wait_for_url(
        lambda url: (
            urlsplit(url).path == "/fr/diensten/"
            and parse_qs(urlsplit(url).query) == {"stad": ["gent"], "gratis": ["ja"]}
        )
    )

    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("link", name="Toute l’aide")).to_be_visible()
    assert page.locator("#id_stad").input_value() == "gent"


def test_the_arabic_page_fits_320_px_and_has_no_axe_violations(
    live_server, narrow_page, demo_data, artifacts_dir
):
    narrow_page.goto(live_server.url + "/ar/diensten/?stad=gent")

    assert_no_violations(narrow_page, "/ar/diensten/?stad=gent")
    assert narrow_page.evaluate("document.documentElement.scrollWidth") <= 320
    narrow_page.screenshot(path=f"{artifacts_dir}/i18n-ar-320.png", full_page=True)
