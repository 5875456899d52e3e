import pytest

pytestmark = pytest.mark.browser


def test_a_resident_reaches_a_problem_page_from_the_home_page_without_javascript(
    live_server, phone_page, demo_data, artifacts_dir
):
    phone_page.goto(live_server.url + "/")
    assert phone_page.locator("h1").inner_text() == "Waarmee kunnen we je helpen?"

    phone_page.get_by_role("link", name="Ik voel me eenzaam").click()

    assert phone_page.url.endswith("/problemen/eenzaamheid/")
    assert phone_page.get_by_role("link", name="Tele-Onthaal 106", exact=True).is_visible()
    for box in (phone_page.locator(s).bounding_box() for s in ("h1", "main")):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    phone_page.screenshot(path=f"{artifacts_dir}/smoke-problem-320.png", full_page=True)
