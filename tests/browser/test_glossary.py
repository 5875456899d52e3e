import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from directory.models import Service

pytestmark = pytest.mark.browser


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_woordenboek_works_with_keyboard_and_without_javascript(
    live_server, phone_page, demo_data, artifacts_dir
):
    phone_page.goto(live_server.url + "/woordenboek/")
    assert phone_page.locator("h1").inner_text() == "Woordenboek"

    search = phone_page.get_by_label("Zoek een woord")
    search.focus()
    search.fill("dossier")
    search.press("Enter")

    phone_page.wait_for_url("**/woordenboek/?q=dossier")
    assert phone_page.locator(".glossary dt").all_inner_texts() == ["dossierbeheerder"]
    phone_page.screenshot(path=f"{artifacts_dir}/glossary-search-320.png", full_page=True)


def test_the_woordenboek_and_a_service_page_with_linked_terms_pass_axe(
    live_server, page, demo_data, artifacts_dir
):
    page.goto(live_server.url + "/woordenboek/")
    assert_no_axe_violations(page)

    service = Service.objects.get(slug="caw-onthaal-aalst")
    page.goto(live_server.url + service.get_absolute_url())
    link = page.locator("a.glossary-link").first
    assert link.count() == 1
    assert_no_axe_violations(page)

    link.focus()
    link.press("Enter")
    page.wait_for_url("**/woordenboek/#woord-*")
    target = page.url.split("#", 1)[1]
    expect(page.locator(f"#{target}")).to_be_visible()
    page.screenshot(path=f"{artifacts_dir}/glossary-linked-term.png")
