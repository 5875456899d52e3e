"""Choose services, then print or share them: without JavaScript, axe clean, one printed page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def pdf_pages(page) -> int:
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_a_resident_chooses_two_services_and_gets_a_link_without_javascript(
    live_server, phone_page, demo_data, artifacts_dir
):
    phone_page.goto(live_server.url + "/diensten/?stad=aalst")
    boxes = phone_page.get_by_role("checkbox", name=re.compile(r"^Kies "))
    first, second = boxes.nth(0), boxes.nth(1)
    names = [box.get_attribute("id") for box in (first, second)]
    first.check()
    second.check()
    phone_page.get_by_role("button", name="Druk af of deel je keuze").click()

    phone_page.wait_for_url(re.compile(r"/selectie/[0-9a-z-]+/$"))
    assert phone_page.locator(".selection-item").count() == 2
    assert phone_page.locator("#share-link").input_value() == phone_page.url
    expect(phone_page.locator(".js-print")).not_to_be_visible()  # needs JavaScript
    assert len(names) == 2
    phone_page.screenshot(path=f"{artifacts_dir}/selection-320.png", full_page=True)


def test_the_selection_page_passes_axe_and_prints_on_one_page(live_server, page, demo_data):
    page.goto(live_server.url + "/diensten/?stad=gent")
    boxes = page.get_by_role("checkbox", name=re.compile(r"^Kies "))
    for index in range(5):
        boxes.nth(index).check()
    page.get_by_role("button", name="Druk af of deel je keuze").click()
    page.wait_for_url(re.compile(r"/selectie/"))

    expect(page.locator(".js-print")).to_be_visible()  # shown by the script
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert pdf_pages(page) == 1


def test_a_service_page_prints_as_a_one_page_handout(live_server, page, demo_data):
    page.goto(live_server.url + "/diensten/caw-onthaal-aalst/")

    assert pdf_pages(page) == 1
