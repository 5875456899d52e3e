import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_earlier_login_failures():
    """Failed logins are also counted per username in the cache (staff/login.py): each test
    starts without the failures of the tests before it."""
    from django.core.cache import cache

    cache.clear()


def test_public_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("directory:home"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_each_response_gets_its_own_nonce(client):
    first = client.get(reverse("directory:home"))["Content-Security-Policy"]
    second = client.get(reverse("directory:home"))["Content-Security-Policy"]
    assert "'nonce-" in first
    assert first != second


def test_the_admin_keeps_strict_scripts_but_allows_django_admin_inline_styles(admin_client):
    policy = admin_client.get(reverse("admin:index"))["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self' 'nonce-" in policy


def test_responses_carry_the_other_security_headers(client):
    response = client.get(reverse("directory:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]


def test_admin_login_is_refused_after_five_wrong_passwords(client):
    User.objects.create_user("redacteur", password="het-juiste-wachtwoord", is_staff=True)
    login_url = reverse("admin:login")
    for _ in range(4):
        response = client.post(login_url, {"username": "redacteur", "password": "fout"})
        assert response.status_code == 200
    fifth = client.post(login_url, {"username": "redacteur", "password": "fout"})
    assert fifth.status_code == 429

    response = client.post(
        login_url, {"username": "redacteur", "password": "het-juiste-wachtwoord"}
    )

    assert response.status_code == 429
    assert "Te veel pogingen om aan te melden" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_still_logs_in(client):
    User.objects.create_user("redacteur", password="het-juiste-wachtwoord", is_staff=True)
    login_url = reverse("admin:login")
    for _ in range(3):
        client.post(login_url, {"username": "redacteur", "password": "fout"})

    response = client.post(
        login_url, {"username": "redacteur", "password": "het-juiste-wachtwoord"}
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
