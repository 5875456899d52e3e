"""config.database: PostgreSQL prepares the queries a connection repeats, but no search."""

import re

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from config.database import (
    PREPARE_THRESHOLD,
    _value_planned,
    plan_for_values,
    planned_for_values,
    prepared_statement_options,
)
from directory.models import Service

pytestmark = pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="prepared statements are PostgreSQL's",
)


def prepared_statements() -> list[str]:
    """The statements this connection's PostgreSQL session has prepared."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_repeated_query_is_prepared_with_the_same_answers(make_service):
    services = [make_service() for _ in range(PREPARE_THRESHOLD + 2)]
    found = [Service.objects.filter(slug=service.slug).first() for service in services]
    assert found == services
    by_slug = [s for s in prepared_statements() if '"directory_service"."slug" = $1' in s]
    assert len(by_slug) == 1


def test_a_search_is_planned_for_its_words_every_time(make_service, make_problem):
    debts = make_problem("Schulden")
    make_service(name="Schuldbemiddeling", problems=[debts])
    make_service(name="Budgetbeheer", problems=[debts])
    answers = [
        list(Service.objects.search(word).values_list("name", flat=True))
        for word in ["schulden"] * (PREPARE_THRESHOLD + 3)
    ]
    assert answers[0] and all(answer == answers[0] for answer in answers)
    assert not [s for s in prepared_statements() if "search_" in s]


def without_tokens(page: bytes) -> bytes:
    """The page without what changes per request (CSRF token, CSP nonce)."""
    return re.sub(rb'(name="csrfmiddlewaretoken" value="|nonce=")[^"]+', rb"\1", page)


def test_pages_prepare_their_fixed_queries_and_keep_giving_the_same_page(demo_data, settings):
    client = Client()
    path = "/diensten/caw-onthaal-gent/"
    settings.PAGE_CACHE_SECONDS = 0
    first = without_tokens(client.get(path).content)
    assert b"CAW" in first
    for _ in range(PREPARE_THRESHOLD + 1):
        assert without_tokens(client.get(path).content) == first
    assert any("directory_contactchannel" in s for s in prepared_statements())
    service = Service.objects.get(slug="caw-onthaal-gent")
    service.name = "CAW Onthaal Gent, nieuwe naam"
    service.save()
    assert b"CAW Onthaal Gent, nieuwe naam" in client.get(path).content


def test_a_query_with_more_values_than_the_protocol_carries_still_runs(make_service):
    """As refreshing the search columns of 100,000 services does (load_demo after generate_bulk)."""
    kept = make_service(name="Schuldbemiddeling")
    ids = [kept.pk, *range(-70_000, 0)]
    assert Service.objects.filter(pk__in=ids).count() == 1
    assert Service.objects.filter(pk__in=ids).update(summary="Hulp bij 100% van je schulden") == 1
    kept.refresh_from_db()
    assert kept.summary == "Hulp bij 100% van je schulden"


@pytest.mark.parametrize(
    ("sql", "value_planned"),
    [
        ('SELECT "directory_service"."search_text" FROM "directory_service" WHERE id = $1', False),
        ('SELECT id FROM "directory_service" WHERE "search_text" LIKE $1', True),
        ('SELECT id FROM "directory_service" ORDER BY "u0"."search_problem_ids" && $1', True),
        ('SELECT "search_document"', False),
    ],
)
def test_only_conditions_on_the_search_columns_keep_a_query_unprepared(sql, value_planned):
    assert planned_for_values(sql) is value_planned


def test_a_fragment_registered_later_applies_to_a_query_already_checked():
    sql = 'SELECT id FROM "directory_service" WHERE "wegwijs_test_column" = $1'
    assert planned_for_values(sql) is False
    plan_for_values('"wegwijs_test_column"')
    try:
        assert planned_for_values(sql) is True
    finally:
        _value_planned.discard('"wegwijs_test_column"')
        planned_for_values.cache_clear()


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    assert prepared_statement_options(False) == {}
    assert prepared_statement_options(True)["prepare_threshold"] == PREPARE_THRESHOLD
