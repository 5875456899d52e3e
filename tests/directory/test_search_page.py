"""The search page in residents' own words: crisis first, why each service was found, and no
dead ends (issue 13), through the real stack on PostgreSQL."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.relevance import load_queries

pytestmark = pytest.mark.usefixtures("demo_data")
LIST = reverse("directory:service_list")


def page(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode()


def first_service(html):
    return re.search(r'<h3><a href="/diensten/([^/]+)/">', html).group(1)


CRISIS = [q for q in load_queries() if q.get("crisis")]


def crisis_page_misses(client, query) -> str:
    """ "" when the page shows the crisis box above the results and the right help first."""
    html = page(client, q=query["q"])
    if 'class="crisis-box"' not in html:
        return "no crisis box"
    box = html[html.index('class="crisis-box"') : html.index("</section>")]
    links = ['href="tel:1813"', 'href="tel:112"', 'href="https://www.zelfmoord1813.be"']
    if not all(link in box for link in links):
        return "a link is missing"
    if html.index('class="crisis-box"') > html.index('id="resultaten"'):
        return "box below the results"
    if first_service(html) not in query["expect"]:
        return f"first: {first_service(html)}"
    return ""


def test_every_crisis_query_shows_the_crisis_box_and_the_right_help_first(client):
    """All crisis queries of the relevance set (>= 30, five languages, typos): no misses."""
    assert len(CRISIS) >= 30
    misses = {q["q"]: crisis_page_misses(client, q) for q in CRISIS}
    assert {q: why for q, why in misses.items() if why} == {}


def test_the_crisis_box_speaks_the_page_language(client):
    html = client.get("/en" + LIST, {"q": "I want to kill myself"}).content.decode()
    assert "Call the Suicide Line:" in html


def test_an_ordinary_query_shows_no_crisis_box(client):
    assert "crisis-box" not in page(client, q="schulden")


def test_each_card_says_why_it_was_found(client):
    html = page(client, q="eenzaamheid")
    cards = html.count('class="service-card"')
    assert cards > 1
    assert html.lower().count("gevonden via: eenzaamheid") == cards

    html = page(client, q="druglijn")
    assert "Gevonden via: de naam" in html


def test_a_typo_offers_the_corrected_words(client):
    html = page(client, q="depresief", stad="gent")
    assert "Bedoelde je:" in html
    assert re.search(
        r'<a href="\?[^"]*q=depressief[^"]*stad=gent|<a href="\?[^"]*stad=gent[^"]*q=depressief',
        html,
    )


def test_no_results_is_not_a_dead_end(client):
    html = page(client, q="fietsenmaker")

    assert "0 diensten gevonden" in html
    assert 'href="tel:080013500"' in html
    assert 'class="tiles"' in html
    assert "/problemen/eenzaamheid/" in html
    assert "Laat een keuze weg" not in html  # no filter was chosen


def test_a_filter_that_leaves_nothing_can_be_dropped_with_one_link(client):
    html = page(client, q="druglijn", probleem="schulden")
    assert "0 diensten gevonden" in html
    assert "Laat een keuze weg" in html
    assert re.search(r'href="\?[^"]*q=druglijn[^"]*">Zonder', html)


def test_few_results_offer_the_nearest_problem_types(client):
    html = page(client, q="zelmoord")
    assert "Hulp bij:" in html
    assert 'href="/problemen/zelfdoding/"' in html


BAD_QUERIES = [
    "a" * 10_000,
    "ik heb een de het",
    "😀😀😀",
    "zelf\x00moord",
    "'; DROP TABLE directory_service; --",
    "<script>alert(1)</script>",
    "%",
    "___",
    "&&& ||| !!!",
]


def test_any_query_gives_a_page(client):
    for query in BAD_QUERIES:
        html = page(client, q=query)
        assert "<script>alert(1)" not in html


def test_a_search_page_stays_within_8_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page(client, q="ik kan mijn huur niet meer betalen", stad="gent")
    with django_assert_max_num_queries(8):
        page(client, q="zelmoord")
    with django_assert_max_num_queries(8):
        page(client, q="fietsenmaker")


def test_a_search_reads_only_the_columns_its_cards_show(client):
    """A search carries its candidates' rows through its ranking: the long texts, sources and
    checks no card shows stay out of the page's queries (issue 18)."""
    unshown = [
        '"directory_service"."description"',
        '"directory_service"."source_url"',
        '"directory_service"."verified_by"',
        '"directory_service"."internal_note"',
        '"directory_organization"."website"',
    ]
    with CaptureQueriesContext(connection) as queries:
        html = page(client, q="schulden", stad="gent")
    assert 'class="service-card"' in html
    searched = [q["sql"] for q in queries if "search_document" in q["sql"]]
    assert searched
    for sql in searched:
        assert [column for column in unshown if column in sql] == []


def test_a_problem_page_puts_the_services_most_about_it_first(client):
    html = client.get(reverse("directory:problem_detail", args=["eenzaamheid"])).content.decode()
    order = re.findall(r'<h3><a href="/diensten/([^/]+)/">', html)
    assert order.index("tele-onthaal-106") < 3
    assert order.index("tele-onthaal-106") < order.index("awel-102")
