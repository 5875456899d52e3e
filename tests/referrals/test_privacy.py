"""Privacy by design: a client's first name and appointment lines are printed, never stored.

After rendering the print view and the PDF, the text is in no database row (any model, the
session table included) and in no log record, SQL logging included.
"""

import logging

import pytest
from django.apps import apps
from django.db import connection

from referrals.models import CardTemplate

FIRST_NAME = "Zeynep-q7Xk"
APPOINTMENT = "woensdag 9u30 bij Lotte, kamer 4-q7Xk"
MARKER = "q7Xk"


def rows_containing(marker: str) -> list[str]:
    found = []
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            if marker in repr(row):
                found.append(f"{model._meta.label}: {row}")
    return found


def raw_session_rows() -> list[str]:
    from django.contrib.sessions.models import Session

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT session_key, session_data FROM {Session._meta.db_table}")
        rows = cursor.fetchall()
    return [f"{key} {data} {Session.objects.get(pk=key).get_decoded()}" for key, data in rows]


@pytest.fixture
def card_with_style(client, make_service, put_on_card):
    CardTemplate.objects.create(name="Sjabloon", organisation_name="WGC Nieuw Gent")
    client.post(CardTemplate.objects.get().get_absolute_url())
    service = make_service()
    put_on_card(service)
    return service


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    connection.force_debug_cursor = True  # log every SQL statement, as DEBUG=True would
    yield caplog
    connection.force_debug_cursor = False


def client_data(service):
    return {
        "layout": "a4",
        "language": "nl",
        "client_name": FIRST_NAME,
        f"afspraak_{service.pk}": APPOINTMENT,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/doorverwijskaart/afdrukken/", "/doorverwijskaart/pdf/"])
def test_client_data_is_printed_but_stored_nowhere(client, card_with_style, all_logs, url):
    response = client.post(url, client_data(card_with_style))
    assert response.status_code == 200
    if url.endswith("afdrukken/"):
        assert APPOINTMENT in response.content.decode()
    else:
        assert response.content.startswith(b"%PDF")

    assert rows_containing(MARKER) == []
    sessions = raw_session_rows()
    assert sessions, "the card's choices are in the session"
    assert not any(MARKER in row for row in sessions)
    assert any(r.name == "django.db.backends" for r in all_logs.records), "SQL was logged"
    assert not any(MARKER in record.getMessage() for record in all_logs.records)
    assert MARKER not in all_logs.text


@pytest.mark.django_db
def test_client_data_is_not_stored_when_saving_the_card_choices(client, card_with_style, all_logs):
    data = client_data(card_with_style) | {"actie": "opslaan"}
    client.post("/doorverwijskaart/", data)
    assert rows_containing(MARKER) == []
    assert not any(MARKER in row for row in raw_session_rows())
    assert MARKER not in all_logs.text


@pytest.mark.django_db
def test_client_data_is_not_stored_or_logged_when_the_form_is_refused(
    client, card_with_style, all_logs
):
    data = client_data(card_with_style) | {"layout": "onbestaand"}
    response = client.post("/doorverwijskaart/pdf/", data)
    assert response.status_code == 400
    assert any(r.name == "django.request" for r in all_logs.records), "the 400 was logged"
    assert rows_containing(MARKER) == []
    assert not any(MARKER in row for row in raw_session_rows())
    assert MARKER not in all_logs.text


@pytest.mark.django_db
def test_no_model_has_a_field_for_client_data():
    field_names = {
        field.name
        for model in apps.get_app_config("referrals").get_models()
        for field in model._meta.get_fields()
    }
    assert not field_names & {"client_name", "first_name", "appointment", "afspraak", "voornaam"}


@pytest.mark.django_db
def test_the_card_repr_never_shows_client_data(make_service):
    from referrals.card import build_card
    from referrals.session import CardEntry, CardState

    service = make_service()
    card = build_card(
        CardState(entries=[CardEntry(service.pk)]),
        base_url="https://wegwijs.example/",
        appointments={service.pk: APPOINTMENT},
        client_name=FIRST_NAME,
    )
    assert card.services[0].appointment == APPOINTMENT
    assert MARKER not in repr(card)
