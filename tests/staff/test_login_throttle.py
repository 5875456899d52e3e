"""The admin login is slowed down per username over all addresses, never locked for good, and
the editor is told about failed attempts (staff/login.py)."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from staff import login

pytestmark = pytest.mark.django_db
URL = "/beheer/login/?next=/beheer/"
PASSWORD = "geheim-wachtwoord-123"


@pytest.fixture
def editor_account():
    cache.clear()
    user = User.objects.create_user("redacteur", password=PASSWORD, is_staff=True)
    yield user
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(login, "clock", lambda: now[0])
    return now


def attempt(password, address):
    client = Client(REMOTE_ADDR=address)
    response = client.post(URL, {"username": "redacteur", "password": password}, follow=True)
    return client, response.content.decode()


def test_failures_from_many_addresses_slow_the_username_down(editor_account, clock):
    for number in range(login.FREE_FAILURES):
        attempt("fout", f"203.0.113.{number}")
    _client, page = attempt(PASSWORD, "198.51.100.7")  # the right password, too soon
    assert "wacht je nu 2 seconden" in page
    assert "_auth_user_id" not in _client.session

    clock[0] += 2
    client, page = attempt(PASSWORD, "198.51.100.7")
    assert "_auth_user_id" in client.session
    assert "waren er 5 mislukte pogingen" in page


def test_the_wait_doubles_but_never_passes_a_minute(editor_account):
    assert [login.delay_after(n) for n in range(4, 12)] == [0, 2, 4, 8, 16, 32, 60, 60]


def test_thirty_failures_from_thirty_addresses_never_lock_the_editor_out(editor_account, clock):
    for number in range(30):
        attempt("fout", f"203.0.113.{number}")
        clock[0] += 1
    clock[0] += login.MAX_DELAY_SECONDS
    client, _page = attempt(PASSWORD, "198.51.100.7")
    assert "_auth_user_id" in client.session
