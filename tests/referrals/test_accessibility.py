"""axe-core on the card pages in real Chromium: the editor, the house-style form (also with
errors), the private-link page and the print view."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from referrals.models import CardTemplate
from tests.browser_actions import click_and_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def assert_no_violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def card_page(page, live_server, make_service):
    for service in (make_service("CAW Oost-Vlaanderen, onthaal Aalst"), make_service()):
        page.goto(live_server.url + service.get_absolute_url())
        click_and_load(page, page.get_by_role("button", name=f"Zet op kaart ({service.name})"))
    return page


def test_the_card_editor_has_no_axe_violations(card_page, live_server):
    card_page.goto(live_server.url + "/doorverwijskaart/")
    assert_no_violations(card_page)


def test_the_card_editor_with_errors_has_no_axe_violations(card_page, live_server):
    card_page.goto(live_server.url + "/doorverwijskaart/")
    card_page.get_by_label("Afspraak (niet verplicht)").first.evaluate(
        "input => { input.removeAttribute('maxlength'); input.value = 'x'.repeat(200); }"
    )
    click_and_load(card_page, card_page.get_by_role("button", name="Keuzes bewaren"))
    expect(card_page.get_by_text("niet meer dan 120 tekens")).to_be_visible()
    assert_no_violations(card_page)


def test_the_house_style_form_with_errors_has_no_axe_violations(page, live_server):
    page.goto(live_server.url + "/doorverwijskaart/huisstijl/")
    assert_no_violations(page)
    page.get_by_label("Hoofdkleur").fill("#ffff00")
    click_and_load(page, page.get_by_role("button", name="Huisstijl bewaren"))
    expect(page.get_by_text("De hoofdkleur #ffff00 is te licht")).to_be_visible()
    assert_no_violations(page)


def test_the_private_link_page_has_no_axe_violations(page, live_server):
    template = CardTemplate.objects.create(name="Onthaal", organisation_name="OCMW Gent")
    page.goto(live_server.url + template.get_absolute_url())
    assert_no_violations(page)


@pytest.mark.parametrize("layout", ["A4, volledige pagina", "Kaartje, formaat bankkaart"])
def test_the_print_view_has_no_axe_violations(card_page, live_server, layout):
    card_page.goto(live_server.url + "/doorverwijskaart/")
    card_page.get_by_label(layout).check()
    click_and_load(card_page, card_page.get_by_role("button", name="Keuzes bewaren"))
    card_page.goto(live_server.url + "/doorverwijskaart/afdrukken/")
    assert_no_violations(card_page)
