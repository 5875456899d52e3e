"""Friendly Dutch error pages."""

import pytest
from django.template.loader import render_to_string
from django.test import Client


def test_the_404_page_is_friendly_and_offers_a_way_back(client, db):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert "Deze pagina vonden we niet" in response.text
    assert 'href="/"' in response.text
    assert 'href="tel:112"' in response.text


def test_the_500_page_renders_without_a_request_or_database():
    page = render_to_string("500.html")

    assert "Er ging iets mis" in page
    assert 'href="tel:112"' in page
    assert 'href="tel:+3280013500"' in page


@pytest.mark.django_db
def test_an_unexpected_error_shows_the_500_page(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("directory.views.DirectoryChoices.__init__", broken)

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
    assert "Er ging iets mis" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "message",
    [
        "the database system is starting up",
        "the database system is shutting down",
        "terminating connection due to administrator command",
    ],
)
def test_every_database_unavailable_error_is_a_503_even_if_the_next_probe_succeeds(
    monkeypatch, message
):
    """PostgreSQL refusing while it starts: by the time the error page probes, it may answer."""
    from django.db import OperationalError

    def refused(*args, **kwargs):
        raise OperationalError(message)

    monkeypatch.setattr("directory.views.DirectoryChoices.__init__", refused)

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Wegwijs is even niet bereikbaar" in response.text
