import pytest
from playwright.sync_api import expect

from tests.browser_actions import click_and_load

pytestmark = pytest.mark.browser


def test_a_resident_reaches_a_problem_page_from_the_home_page_without_javascript(
    live_server, phone_page, demo_data, artifacts_dir
):
    phone_page.goto(live_server.url + "/")
    assert phone_page.locator("h1").inner_text() == "Waarmee kunnen we je helpen?"

    click_and_load(phone_page, phone_page.get_by_role("link", name="Ik voel me eenzaam"))

    assert phone_page.url.endswith("/problemen/eenzaamheid/")
    expect(phone_page.get_by_role("link", name="Tele-Onthaal 106", exact=True)).to_be_visible()
    for box in (phone_page.locator(s).bounding_box() for s in ("h1", "main")):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    phone_page.screenshot(path=f"{artifacts_dir}/smoke-problem-320.png", full_page=True)
