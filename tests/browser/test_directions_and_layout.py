"""Real Chromium, what axe cannot see: the digits of a phone number run left to right on Arabic
pages, "Zet op kaart" brings the visitor back to the same service with the focus there, every id
that aria-describedby, aria-labelledby, aria-controls and for point to exists, nothing scrolls
sideways, and screenshots of the main pages at 320 and 1280 px in Dutch and Arabic land in
test-artifacts/ for people to review."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_actions import click_and_load

pytestmark = pytest.mark.browser

# For every element with a text node holding `number`: where the first and the last group of
# digits are drawn. Left to right means the first group starts left of the last one.
DIGIT_ORDER_SCRIPT = """
(number) => {
  const groups = number.split(" ");
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const start = node.data.indexOf(number);
    if (start < 0) continue;
    const box = (offset, length) => {
      const range = document.createRange();
      range.setStart(node, offset);
      range.setEnd(node, offset + length);
      return range.getBoundingClientRect();
    };
    const first = box(start, groups[0].length);
    const lastGroup = groups[groups.length - 1];
    const last = box(start + number.length - lastGroup.length, lastGroup.length);
    if (first.width === 0) continue;  // hidden
    found.push({first: first.left, last: last.left, sameLine: Math.abs(first.top - last.top) < 2});
  }
  return found;
}
"""

MISSING_IDS_SCRIPT = """
() => {
  const missing = [];
  for (const attribute of ["aria-describedby", "aria-labelledby", "aria-controls", "for"]) {
    for (const el of document.querySelectorAll(`[${attribute}]`)) {
      for (const id of el.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) missing.push(`${el.tagName} ${attribute}="${id}"`);
      }
    }
  }
  return missing;
}
"""

PUBLIC_PAGES = {
    "home": "/",
    "list": "/diensten/",
    "list-filtered": "/diensten/?probleem=eenzaamheid&stad=gent&gratis=ja",
    "list-empty": "/diensten/?q=fietsenmaker",
    "detail": "/diensten/caw-onthaal-aalst/",
    "detail-ended": "/diensten/relancepsychologen-gent/",
    "problem": "/problemen/eenzaamheid/?stad=aalst",
    "neighbourhood": "/wijken/aalst-centrum/",
    "glossary": "/woordenboek/",
    "embed": "/inbedden/diensten/?stad=gent",
    "embed-help": "/inbedden/",
    "feedback": "/diensten/caw-onthaal-aalst/melding/",
    "not-found": "/bestaat-niet/",
}
CARD_PAGES = {
    "card-editor": "/doorverwijskaart/",
    "house-style": "/doorverwijskaart/huisstijl/",
    "print-view": "/doorverwijskaart/afdrukken/",
}
SCREENSHOT_PAGES = ["home", "list", "detail", "card-editor", "print-view"]


def in_language(url: str, language: str) -> str:
    return url if language == "nl" else f"/{language}{url}"


def digit_runs(page, number):
    runs = page.evaluate(DIGIT_ORDER_SCRIPT, number)
    assert runs, f"{number} not on {page.url}"
    return runs


def put_on_card(page, live_server, slug, language="nl"):
    page.goto(live_server.url + in_language(f"/diensten/{slug}/", language))
    click_and_load(page, page.locator(".add-to-card button"))


def assert_ids_exist(page):
    missing = page.evaluate(MISSING_IDS_SCRIPT)
    assert not missing, f"{page.url}: {missing}"


def assert_no_sideways_scrolling(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide"


@pytest.mark.parametrize(
    ("url", "number"),
    [
        ("/ar/diensten/dienst-samenleving-aalst/", "053 72 32 07"),
        ("/ar/diensten/caw-onthaal-aalst/", "0800 13 500"),
        ("/ar/diensten/?stad=aalst", "0800 13 500"),
        ("/ar/diensten/eerstelijnspsychologen-gent-volwassenen/", "09 210 10 10"),
    ],
)
def test_the_digits_of_a_phone_number_run_left_to_right_on_an_arabic_page(
    live_server, page, demo_data, url, number
):
    page.goto(live_server.url + url)

    assert page.evaluate("document.documentElement.dir") == "rtl"
    for run in digit_runs(page, number):
        assert run["sameLine"]
        assert run["first"] < run["last"], f"{number} drawn right to left on {url}"


def test_postcodes_and_opening_times_run_left_to_right_on_an_arabic_page(
    live_server, page, demo_data
):
    page.goto(live_server.url + "/ar/diensten/caw-onthaal-aalst/")

    for text in page.locator("bdi[dir=ltr]").all_inner_texts():
        assert text.strip()
    assert "9300" in page.locator("address").first.inner_text()
    for run in digit_runs(page, "9300"):
        assert run["first"] <= run["last"]


def test_dutch_names_on_an_arabic_page_are_marked_dutch_left_to_right(live_server, page, demo_data):
    page.goto(live_server.url + "/ar/diensten/hulplijn-1712/")

    heading = page.locator("h1")
    assert heading.get_attribute("lang") == "nl"
    assert heading.get_attribute("dir") == "ltr"
    label = page.locator(".contact-kind [lang=nl]").first
    assert label.get_attribute("dir") == "ltr"


def test_after_zet_op_kaart_the_visitor_is_back_at_the_service_with_focus_on_the_message(
    live_server, phone_page, demo_data, artifacts_dir
):
    """Without JavaScript, at 320 px: the list reloads at the same card, not at the top."""
    phone_page.goto(live_server.url + "/diensten/?stad=gent")
    card = phone_page.locator(".service-card").nth(4)
    name = card.locator("h3").inner_text()
    click_and_load(phone_page, card.locator(".add-to-card button"))

    assert re.search(r"/diensten/\?stad=gent#kaart-\d+$", phone_page.url)
    focused = phone_page.evaluate("document.activeElement.id")
    assert focused == phone_page.url.rsplit("#", 1)[1]
    status = phone_page.locator(f"#{focused} [role=status]")
    assert f"“{name}” staat op je kaart (1 van 15)." in status.inner_text()
    box = status.bounding_box()
    assert 0 <= box["y"] < 640, "the message is in view"
    assert phone_page.get_by_text("staat op je kaart (").count() == 1
    phone_page.screenshot(path=f"{artifacts_dir}/ux-320-nl-list-after-zet-op-kaart.png")

    phone_page.goto(live_server.url + "/doorverwijskaart/")
    assert phone_page.get_by_text("staat op je kaart (").count() == 0  # shown once


def test_on_a_service_page_the_call_button_comes_first_and_the_card_tool_last(
    live_server, phone_page, demo_data
):
    phone_page.set_viewport_size({"width": 320, "height": 640})
    phone_page.goto(live_server.url + "/diensten/caw-onthaal-aalst/")

    call = phone_page.get_by_role("link", name="Bel 0800 13 500")
    box = call.bounding_box()
    assert box["y"] + box["height"] <= 640, "the call button is in the first screen"
    tool = phone_page.locator(".add-to-card button").bounding_box()
    assert tool["y"] > box["y"]
    assert phone_page.locator("#voor-hulpverleners").inner_text() == "Voor hulpverleners"


def test_the_home_page_shows_the_question_and_the_search_in_the_first_screen_of_a_phone(
    live_server, phone_page, demo_data
):
    phone_page.set_viewport_size({"width": 320, "height": 640})
    phone_page.goto(live_server.url + "/")

    search = phone_page.locator("#id_q").bounding_box()
    assert phone_page.locator("h1").bounding_box()["y"] < search["y"]
    assert search["y"] + search["height"] <= 640


def test_a_desktop_screen_shows_four_services_with_their_call_buttons(live_server, page, demo_data):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/diensten/?stad=gent")
    cards = page.locator(".service-card")
    tops = [cards.nth(i).bounding_box()["y"] for i in range(5)]
    fourth = cards.nth(3).bounding_box()

    assert fourth["y"] + fourth["height"] - tops[0] <= 900
    for i in range(4):
        calls = cards.nth(i).locator("a.call")
        if calls.count():
            expect(calls.first).to_be_visible()


def test_checkboxes_are_real_controls_with_a_large_label(live_server, page, demo_data):
    page.goto(live_server.url + "/diensten/")
    box = page.locator(".choose input[type=checkbox]").first.bounding_box()
    label = page.locator(".choose label").first.bounding_box()

    assert 20 <= box["width"] <= 28 and 20 <= box["height"] <= 28
    assert label["height"] >= 44


@pytest.mark.parametrize("language", ["nl", "ar"])
@pytest.mark.parametrize("width", [320, 1280])
def test_main_pages_fit_the_screen_and_are_saved_as_screenshots(
    browser, live_server, demo_data, artifacts_dir, language, width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-BE")
    page = context.new_page()
    try:
        for slug in ("caw-onthaal-aalst", "dienst-samenleving-aalst"):
            put_on_card(page, live_server, slug, language)
        if language != "nl":
            page.goto(live_server.url + in_language("/doorverwijskaart/", language))
            page.locator("select[name=language]").select_option(language)
            click_and_load(page, page.locator("button[value=opslaan]"))
        for name in SCREENSHOT_PAGES:
            url = {**PUBLIC_PAGES, **CARD_PAGES}[name]
            page.goto(live_server.url + in_language(url, language))
            page.screenshot(
                path=f"{artifacts_dir}/ux-{width}-{language}-{name}.png", full_page=True
            )
            assert_no_sideways_scrolling(page, width)
    finally:
        context.close()


def test_every_id_that_aria_and_labels_point_to_exists_on_every_page(
    browser, live_server, demo_data
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    page = context.new_page()
    try:
        for url in PUBLIC_PAGES.values():
            for language in ("nl", "ar"):
                page.goto(live_server.url + in_language(url, language))
                assert_ids_exist(page)
        put_on_card(page, live_server, "caw-onthaal-aalst")
        assert_ids_exist(page)
        for url in CARD_PAGES.values():
            page.goto(live_server.url + url)
            assert_ids_exist(page)
        page.goto(live_server.url + "/diensten/?stad=gent")
        page.locator(".choose input").first.check()
        page.get_by_role("button", name="Druk af of deel je keuze").click()
        page.wait_for_url(re.compile(r"/selectie/"))
        assert_ids_exist(page)
    finally:
        context.close()
