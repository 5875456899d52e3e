"""axe-core (WCAG 2.1 A and AA rules plus best practices) in real Chromium on every page type,
at desktop width and at 320 px; keyboard order and visible focus on the home page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
PAGES = {
    "home": "/",
    "home-city": "/?stad=gent",
    "list": "/diensten/",
    "list-filtered": "/diensten/?probleem=eenzaamheid&stad=gent&gratis=ja",
    "list-search": "/diensten/?q=eenzaamhied",
    "list-errors": "/diensten/?stad=xyz&gratis=banana&leeftijd=oud",
    "list-empty": "/diensten/?q=fietsenmaker",
    "service": "/diensten/caw-onthaal-aalst/",
    "service-ended": "/diensten/relancepsychologen-gent/",
    "problem": "/problemen/eenzaamheid/?stad=aalst",
    "neighbourhood": "/wijken/aalst-centrum/",
    "not-found": "/bestaat-niet/",
}


def assert_no_violations(page, url):
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_every_page_type_has_no_axe_violations_at_desktop_width(live_server, page, demo_data, url):
    page.goto(live_server.url + url)

    assert_no_violations(page, url)


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_every_page_type_has_no_axe_violations_and_no_sideways_scrolling_at_320_px(
    live_server, narrow_page, demo_data, artifacts_dir, url
):
    narrow_page.goto(live_server.url + url)
    narrow_page.locator("details").evaluate_all("nodes => nodes.forEach(n => n.open = true)")

    assert_no_violations(narrow_page, url)
    assert narrow_page.evaluate("document.documentElement.scrollWidth") <= 320
    name = url.strip("/").replace("/", "-").replace("?", "-").replace("&", "-") or "home"
    narrow_page.screenshot(path=f"{artifacts_dir}/a11y-320-{name}.png", full_page=True)
    narrow_page.screenshot(path=f"{artifacts_dir}/a11y-320-{name}-top.png")


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                text: (el.getAttribute('name') || el.innerText || '').trim(),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            };
        }"""
    )


def test_the_home_page_is_usable_with_the_keyboard_in_a_sensible_order(
    live_server, page, demo_data
):
    page.goto(live_server.url + "/")

    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        current = focused(page)
        assert current["outline"], f"no visible focus on {current['text']!r}"
        seen.append(current["text"])

    assert seen[:14] == [
        "Ga naar de inhoud",
        "Bel 112",
        "Bel 1813",
        "chat",
        "Chat met het CAW",
        "Wegwijs",
        "Alle hulp",
        "Woordenboek",
        "Nederlands",
        "Français",
        "English",
        "العربية",
        "Türkçe",
        "q",
    ]
    # The search comes right after the question, then the city and the problem tiles.
    assert seen[14:19] == [
        "Zoek",
        "Aalst",
        "Gent",
        "Alle steden",
        "Ik voel me niet goed in mijn vel",
    ]


def test_the_skip_link_moves_focus_to_the_main_content(live_server, page, demo_data):
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_every_control_of_the_filtered_list_shows_where_the_focus_is(live_server, page, demo_data):
    page.goto(live_server.url + "/diensten/?stad=gent&gratis=ja")
    page.locator("details").evaluate("details => details.open = true")  # keeps focus at the top
    focusable = page.locator(
        "a[href]:visible, button:visible, input:visible, select:visible, summary"
    ).count()

    seen = set()
    for _ in range(focusable):
        page.keyboard.press("Tab")
        current = focused(page)
        assert current["outline"], f"no visible focus on {current['text']!r}"
        seen.add(current["text"])

    assert {"Meer keuzes", "q", "stad", "gratis", "Toon hulp"} <= seen
    assert any(text.startswith("Stad: Gent") for text in seen)
