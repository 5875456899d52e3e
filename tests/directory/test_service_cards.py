"""The result cards of the lists, rendered by Jinja2 (config/jinja2.py,
templates-jinja2/directory/_service_cards.html) inside the Django template of the page: they
must say what the Django templates said, in the page's language, escaped, with the language
marks and the visitor's own referral card."""

import re
from pathlib import Path

import pytest
from django.template import TemplateDoesNotExist, engines
from django.urls import reverse
from django.utils import translation

URL = reverse("directory:service_list")


def card_of(html: str, name: str) -> str:
    """The card (its <article>) whose heading links ``name``."""
    for card in re.findall(r'<article class="service-card">.*?</article>', html, re.S):
        if f">{name}</a></h3>" in card:
            return card
    raise AssertionError(f"no card for {name!r}")


@pytest.fixture
def paid(make_service):
    return make_service(
        "Praktijk De Brug",
        cost="per_sessie",
        cost_per_session="12.50",
        referral_required=True,
        interpreter_available=True,
        home_visits=True,
    )


def test_a_card_states_the_facts_in_plain_dutch(client, paid):
    card = card_of(client.get(URL).text, "Praktijk De Brug")

    assert "<li>€ 12,50 per gesprek</li>" in card
    assert "<li>Doorverwijzing nodig</li>" in card
    assert "<li>Tolk mogelijk</li>" in card
    assert "<li>Huisbezoek mogelijk</li>" in card
    assert "Uren onbekend" in card
    assert 'Bel <bdi dir="ltr">0800 13 500</bdi>' in card
    assert "Zet op kaart" in card and "Kies om te delen of af te drukken" in card
    assert 'class="distance"' not in card  # no distance without a place to measure from


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Orientation nécessaire", "12,50"]),
        ("en", ["€ 12.50 per session"]),
        ("ar", ["الإحالة ضرورية"]),
    ],
)
def test_a_card_speaks_the_language_of_the_page(client, paid, language, expected):
    card = card_of(client.get(f"/{language}{URL}").text, "Praktijk De Brug")

    for text in expected:
        assert text in card
    assert "Doorverwijzing nodig" not in card
    # The name stays Dutch, marked so for screen readers.
    assert 'lang="nl"' in card


def test_on_an_arabic_page_names_are_dutch_and_numbers_run_left_to_right(client, paid):
    card = card_of(client.get(f"/ar{URL}").text, "Praktijk De Brug")

    dutch = 'lang="nl" dir="ltr"'
    assert re.search(rf'<a href="/ar/diensten/[^"]+/" {dutch}>Praktijk De Brug</a>', card)
    assert '<bdi dir="ltr">0800 13 500</bdi>' in card
    assert f'<span class="visually-hidden"> (<span {dutch}>Praktijk De Brug</span>)' in card


def test_what_a_card_shows_is_escaped(client, make_service):
    make_service("Hulp <script>alert(1)</script> & co", summary='Zeg "ja" <b>nu</b>')

    html = client.get(URL).text

    assert "<script>alert(1)</script>" not in html
    assert "Hulp &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "Zeg &#34;ja&#34; &lt;b&gt;nu&lt;/b&gt;" in html


def test_a_search_says_where_it_found_each_service(client, make_service, make_problem):
    loneliness = make_problem("Eenzaamheid")
    make_service("Babbelpunt", problems=[loneliness])

    card = card_of(client.get(URL, {"q": "eenzaamheid"}).text, "Babbelpunt")

    assert '<p class="found-via">Gevonden via: Eenzaamheid</p>' in card


def test_the_card_form_of_a_listed_service_shows_the_visitors_own_card(client, paid, make_service):
    other = make_service("Buurtwerk")
    client.post("/doorverwijskaart/toevoegen/", {"service": paid.pk})

    html = client.get(URL).text

    assert '<p class="on-card">' in card_of(html, "Praktijk De Brug")
    assert '<form class="add-to-card"' in card_of(html, "Buurtwerk")
    assert f'name="service" value="{other.pk}"' in card_of(html, "Buurtwerk")


def test_each_language_keeps_its_own_texts_in_one_process(client, paid):
    """The cards' texts are looked up once per language and process (config/jinja2.py): a
    French page after a Dutch one, and a Dutch one after that, each in their own language."""
    dutch = card_of(client.get(URL).text, "Praktijk De Brug")
    french = card_of(client.get(f"/fr{URL}").text, "Praktijk De Brug")
    dutch_again = card_of(client.get(URL).text, "Praktijk De Brug")

    assert "Doorverwijzing nodig" in dutch and "Doorverwijzing nodig" in dutch_again
    assert "Orientation nécessaire" in french and "Doorverwijzing nodig" not in french


def test_a_render_looks_the_language_up_once_for_all_its_texts(monkeypatch):
    """``_`` is bound per render (config/jinja2.TranslatingTemplate), also in included
    templates; a value named ``_`` given by the caller is kept."""
    from config import jinja2 as jinja2_config

    looked_up = []
    get_language = jinja2_config.get_language
    monkeypatch.setattr(
        jinja2_config, "get_language", lambda: looked_up.append(1) or get_language()
    )
    env = engines["jinja2"].env
    page = env.from_string(
        '{{ _("Gratis") }} {{ _("Bel") }} {% include "directory/_provenance.html" %}'
    )
    provenance = {"state": "voorbeeld", "label": "x"}

    with translation.override("fr"):
        html = page.render(provenance=provenance)
    assert html.startswith("Gratuit Appeler ") and "provenance-voorbeeld" in html
    assert len(looked_up) == 1
    assert page.render(_=str.upper, provenance=provenance).startswith("GRATIS BEL")


def test_a_missing_jinja2_template_is_reported_as_djangos_own_are():
    page = engines["django"].from_string('{% load jinja %}{% jinja "directory/_geen.html" %}')

    with pytest.raises(TemplateDoesNotExist):
        page.render({})


def test_a_jinja2_part_gets_the_values_and_escapes_them():
    page = engines["django"].from_string(
        '{% load jinja %}{% jinja "directory/_provenance.html" provenance=provenance %}'
    )

    html = page.render({"provenance": {"state": "voorbeeld", "label": "<b>Voorbeeld</b>"}})

    assert html == '<p class="provenance provenance-voorbeeld">&lt;b&gt;Voorbeeld&lt;/b&gt;</p>'


def test_every_jinja2_template_compiles():
    """A broken template a test does not render would otherwise wait for a visitor."""
    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates-jinja2"
    names = sorted(str(path.relative_to(root)) for path in root.rglob("*.html"))

    assert len(names) >= 15
    for name in names:
        engines["jinja2"].get_template(name)
