"""Project-level checks: migrations, the `make run` SQLite path, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def _environment_without_test_flags():
    """The browser fixture allows async-unsafe calls in this process; production must not."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **_environment_without_test_flags(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_sqlite_path_of_make_run_migrates_and_loads_the_demo(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    for args in (["migrate", "--noinput"], ["load_demo"], ["load_demo"], ["create_editor_group"]):
        result = run_manage(*args, env=env)
        assert result.returncode == 0, result.stderr
    count = run_manage(
        "shell",
        "-c",
        "from directory.models import Service; print(Service.objects.count())",
        env=env,
    )
    assert count.returncode == 0, count.stderr
    assert int(count.stdout.strip().splitlines()[-1]) >= 25
    # The resident pages on SQLite, service pages included (their SQL is compiled once per
    # process there too): no feature of PostgreSQL's only (a page of a listing with
    # a group first is read in one query of several parts there, not on SQLite).
    pages = run_manage("shell", "-c", SQLITE_PAGES, env=env)
    assert pages.returncode == 0, pages.stderr
    assert pages.stdout.strip().splitlines()[-1].split() == ["200"] * 10


SQLITE_PAGES = """
from django.test import Client
from directory.models import Neighbourhood, ProblemType, Service
client = Client(HTTP_HOST="localhost")
wijk = Neighbourhood.objects.first().slug
problem = ProblemType.objects.first().slug
service = Service.objects.published().first().slug
paths = ["/", "/diensten/", "/diensten/?taal=ar&page=2", "/diensten/?stad=gent&q=eenzaam",
         "/diensten/?taal=ar&q=schulden", "/diensten/?dichtbij=9000&taal=ar",
         f"/wijken/{wijk}/?page=2", f"/problemen/{problem}/?stad=gent",
         f"/diensten/{service}/", f"/ar/diensten/{service}/"]
print("".join(f"{client.get(path).status_code} " for path in paths))
"""


def test_production_settings_pass_the_deploy_check():
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "test-only-" + "x7Qp2LmZ9rT4vW8yB3nK6cF1hJ5sD0gA" * 2,
        "ALLOWED_HOSTS": "wegwijs.example",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {"DEBUG": "false", "SECRET_KEY": "", "ALLOWED_HOSTS": "wegwijs.example"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_postgresql_connections_do_not_jit_compile_the_short_directory_queries():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_browser_tests_wait_for_what_they_assert():
    """``locator.is_visible()`` answers at once, before a page opened by a click has loaded; a
    CI run failed on it. Browser tests assert with ``expect(...)``, which waits."""
    needle = ".is_visible" + "()"
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "tests").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if needle in line and not line.lstrip().startswith(('"', "#"))
    ]
    assert offenders == []


LOCK_FILES = ("requirements/main.txt", "requirements/test.txt")


@pytest.mark.parametrize("lock_file", LOCK_FILES)
def test_the_lock_files_hold_what_the_oldest_accepted_python_needs(lock_file):
    """pip-compile pins what the Python it runs on needs: on 3.11.7 it left out redis's
    async-timeout, which Python before 3.11.3 (Debian 12's python3) needs, and `make test` failed
    there. Every pinned package's own requirements, for the oldest Python that pyproject.toml
    accepts on this platform, must be pinned too."""
    import tomllib
    from importlib import metadata

    from packaging.markers import default_environment
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    oldest = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    version = oldest.removeprefix(">=")
    environment = {
        **default_environment(),
        "python_version": ".".join(version.split(".")[:2]),
        "python_full_version": version if version.count(".") == 2 else f"{version}.0",
        "extra": "",
    }
    text = (ROOT / lock_file).read_text()
    pinned = {
        canonicalize_name(line.split("==", 1)[0])
        for line in text.splitlines()
        if "==" in line and not line.startswith((" ", "#"))
    }
    missing = set()
    for name in pinned - {"wegwijs"}:
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:  # pinned for another Python than this one
            continue
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                if canonicalize_name(requirement.name) not in pinned:
                    missing.add(f"{requirement.name} (for {name})")
    assert sorted(missing) == []
