"""A web process cancels an SQL statement after DATABASE_STATEMENT_TIMEOUT seconds (10, set by
config/wsgi.py): the visitor gets the "try again" page instead of a worker waiting until
gunicorn kills it. Commands (migrate, imports) run unbounded. Runs gunicorn with production
settings on the test database."""

import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings

from tests.web_process import (
    ROOT,
    answers,
    database_url,
    fetch,
    free_port,
    production_env,
    start_gunicorn,
    wait_for,
)

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="statement timeouts are PostgreSQL's",
)

SHOW_TIMEOUT = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SHOW statement_timeout')\n"
    "    print(cursor.fetchone()[0])\n"
)


def _timeout_in(env: dict, setup: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", setup + SHOW_TIMEOUT],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return result.stdout.strip()


@pytest.mark.django_db
def test_web_processes_bound_a_statement_and_commands_do_not(tmp_path):
    env = production_env(database_url(), tmp_path)
    env.pop("DATABASE_STATEMENT_TIMEOUT", None)
    assert _timeout_in(env, "import config.wsgi\n") == "10s"
    assert _timeout_in(env, "import django\ndjango.setup()\n") == "0"
    assert _timeout_in(env | {"DATABASE_STATEMENT_TIMEOUT": "3"}, "import config.wsgi\n") == "3s"


@pytest.fixture
def bounded_site(transactional_db, tmp_path):
    """gunicorn on the test database, cancelling statements after one second."""
    static = tmp_path / "static"
    env = production_env(database_url(), static, DATABASE_STATEMENT_TIMEOUT="1")
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    port = free_port()
    server = start_gunicorn(env, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(url + "/"))
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_search_held_up_past_the_bound_answers_try_again_and_the_next_is_served(
    bounded_site, demo_data
):
    search = bounded_site + "/diensten/?q=huur"
    status, _, body = fetch(search)
    assert status == 200, body

    # A migration or a long admin action holds the services table.
    with psycopg.connect(database_url()) as holder:
        holder.execute("LOCK TABLE directory_service IN ACCESS EXCLUSIVE MODE")
        began = time.monotonic()
        status, headers, body = fetch(search + "&nog=1")
        waited = time.monotonic() - began
        holder.rollback()

    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Probeer het over een paar minuten opnieuw" in body
    assert "QueryCanceled" not in body and "Traceback" not in body
    assert waited < 5, f"the page waited {waited:.1f} s"

    status, _, body = fetch(search)
    assert status == 200
    assert "CAW" in body
