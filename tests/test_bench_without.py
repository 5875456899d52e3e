"""bench/without.py: the site with the cards' rendering or the SQL taken away, as bench/ceiling.py
measures it. Each test takes a part away for its own duration only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import without
from config.jinja2 import TranslatingTemplate
from directory import compiled_sql, service_page

LIST = "/diensten/?q=ruzie"


@pytest.fixture
def services(make_service):
    """More services about quarrels than a list page shows."""
    return [make_service(f"Hulp bij ruzie {number}") for number in range(25)]


@pytest.fixture
def taken_away(monkeypatch):
    """Take parts away (bench.without's functions) until the end of the test."""
    monkeypatch.setattr(TranslatingTemplate, "render", TranslatingTemplate.render)
    monkeypatch.setattr(compiled_sql._Shape, "rows", compiled_sql._Shape.rows)
    monkeypatch.setattr(compiled_sql._Shape, "count", compiled_sql._Shape.count)
    monkeypatch.setattr(service_page, "_read", service_page._read)
    return {"cards": without.without_cards, "sql": without.without_sql}


def test_the_parts_are_named_with_commas_and_an_unknown_one_is_refused():
    assert without.parts_taken_away("") == set()
    assert without.parts_taken_away(" cards, sql ") == {"cards", "sql"}
    with pytest.raises(ValueError, match="kaarten"):
        without.parts_taken_away("cards,kaarten")


def test_without_cards_a_list_shows_a_stand_in_of_a_cards_length_for_each(
    services, client, taken_away
):
    shown = client.get(LIST).content.decode()
    taken_away["cards"]()
    stand_ins = client.get(LIST).content.decode()

    cards = shown.count('class="service-card"')
    assert cards == 20
    assert 'class="service-card"' not in stand_ins
    assert stand_ins.count("x" * without.CARD_LENGTH) == cards
    assert 'name="q"' in stand_ins  # the rest of the page is rendered as ever


def test_without_sql_a_page_asked_again_reads_none_of_its_rows(services, client, taken_away):
    taken_away["sql"]()
    for path in (LIST, services[0].get_absolute_url()):
        first = client.get(path)
        with CaptureQueriesContext(connection) as again:
            second = client.get(path)

        assert first.status_code == second.status_code == 200
        assert second.content.count(b"service-card") == first.content.count(b"service-card")
        assert not any('FROM "directory_service"' in query["sql"] for query in again)
