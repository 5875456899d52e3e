"""The embedded list in a real browser: axe clean, follows a narrow width, no cookies."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_embedded_list_fits_a_narrow_frame_and_sets_no_cookies(
    live_server, phone_page, demo_data, artifacts_dir
):
    phone_page.goto(live_server.url + "/inbedden/diensten/?stad=gent")

    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    assert phone_page.context.cookies() == []
    phone_page.get_by_label("Zoek met je eigen woorden").fill("eenzaam")
    phone_page.get_by_role("button", name="Zoek").click()
    phone_page.wait_for_url("**q=eenzaam**")
    assert "stad=gent" in phone_page.url
    phone_page.screenshot(path=f"{artifacts_dir}/embed-320.png", full_page=True)


def test_the_embedded_list_and_its_help_page_pass_axe(live_server, page, demo_data):
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(live_server.url + "/inbedden/diensten/?stad=aalst")
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/inbedden/")
    assert_no_axe_violations(page)
    assert errors == []
