"""Shared fixtures: small factories for directory rows and a real headless Chromium."""

import itertools
import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connections
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from django.urls import translate_url
from django.utils import translation

from directory.models import City, ContactChannel, Neighbourhood, Organization, ProblemType, Service
from directory.search import search_refreshes_deferred
from glossary.linking import forget_terms
from pagecache.pages import forget_local_copies
from pagecache.shared import forget_shared_values
from tests.demo import DemoSnapshot

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def dutch_to_start_with():
    """Every test starts in Dutch. LocaleMiddleware leaves the language of a request active in
    the thread, so a /fr/ request would otherwise make later reverse() calls give /fr/ paths."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_shared_values():
    """Values and pages kept by earlier tests' requests may hold rows rolled back since (the
    rollback sends no signal): the woordenboek's terms too, or a term of the demo would still
    be linked in the next test's pages."""
    forget_shared_values()
    forget_local_copies()
    forget_terms()


@pytest.fixture
def city(db):
    return City.objects.create(name="Gent", slug="gent")


@pytest.fixture
def other_city(db):
    return City.objects.create(name="Aalst", slug="aalst")


@pytest.fixture
def make_neighbourhood(db):
    def make(city, name=None):
        name = name or f"Wijk {next(_sequence)}"
        return Neighbourhood.objects.create(
            city=city, name=name, slug=f"{city.slug}-{name}".lower().replace(" ", "-")
        )

    return make


@pytest.fixture
def make_problem(db):
    def make(name=None, parent=None, **fields):
        name = name or f"Probleem {next(_sequence)}"
        slug = fields.pop("slug", name.lower().replace(" ", "-"))
        return ProblemType.objects.create(name=name, slug=slug, parent=parent, **fields)

    return make


@pytest.fixture
def organization(db):
    return Organization.objects.create(name="CAW Oost-Vlaanderen", slug="caw-oost-vlaanderen")


@pytest.fixture
def make_service(organization):
    """A published, active service; keyword arguments override fields, lists set relations."""

    def make(name=None, *, problems=(), cities=(), neighbourhoods=(), channels=True, **fields):
        number = next(_sequence)
        name = name or f"Dienst {number}"
        fields.setdefault("slug", f"dienst-{number}")
        fields.setdefault("summary", "Gratis hulp bij je vragen.")
        fields.setdefault("is_published", True)
        # Known answers by default; the model's default is None ("onbekend", issue 14).
        for flag in ("referral_required", "interpreter_available", "home_visits"):
            fields.setdefault(flag, False)
        if fields.get("last_verified"):  # a check always names who checked (issue 14)
            fields.setdefault("verified_by", "An Redacteur")
            fields.setdefault("verified_for", "Stad Gent")
        # Its search columns computed once, not after each of the writes below.
        with search_refreshes_deferred():
            service = Service.objects.create(organization=organization, name=name, **fields)
            service.problem_types.set(problems)
            service.serves_cities.set(cities)
            service.serves_neighbourhoods.set(neighbourhoods)
            if channels:
                ContactChannel.objects.create(
                    service=service, kind=ContactChannel.Kind.FREE_NUMBER, value="0800 13 500"
                )
        return service

    return make


# Rows the flush's post_migrate signal would write again exactly as they were.
KEPT_BY_FLUSH = {"django_content_type", "auth_permission"}
# Tables of more than one page (the demo's, or bloated by rows rolled back) are truncated: the
# test server may run without autovacuum, and DELETE would leave dead rows to slow later tests.
TRUNCATE_FROM_BYTES = 8192


def _sql_flush_by_delete(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """TRUNCATE only the large tables, DELETE in the others: a TRUNCATE of every table makes new
    files for each table and index (1-2 s per flush). The content types and permissions stay,
    instead of being written again by post_migrate."""
    if reset_sequences or allow_cascade:
        return _truncate(self, style, tables, reset_sequences=reset_sequences,
                         allow_cascade=allow_cascade)  # fmt: skip
    tables = [table for table in tables if table not in KEPT_BY_FLUSH]
    with self.connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND pg_table_is_visible(oid) "
            "AND pg_relation_size(oid) > %s",
            [tables, TRUNCATE_FROM_BYTES],
        )
        large = {name for (name,) in cursor.fetchall()}
    # The foreign keys are deferrable: checked at the flush's commit, when all rows are gone.
    # CASCADE: the tables referring to a large one are truncated with it (they are emptied anyway).
    statements = ["SET CONSTRAINTS ALL DEFERRED"]
    if large:
        quoted = ", ".join(self.quote_name(table) for table in sorted(large))
        statements.append(f"TRUNCATE {quoted} CASCADE")
    return statements + [
        f"DELETE FROM {self.quote_name(table)}" for table in tables if table not in large
    ]


_truncate = PostgresOperations.sql_flush


@pytest.fixture(scope="session", autouse=True)
def flush_by_delete():
    """Transactional tests (live server, browser) end with a flush of every table: by DELETE."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PostgresOperations, "sql_flush", _sql_flush_by_delete)
        yield


@pytest.fixture(scope="session", autouse=True)
def no_connection_left_open(django_db_setup, django_db_blocker):
    """At the end of the session no other connection may still use this worker's test database:
    PostgreSQL then refuses to drop it, and a later run starts from a stale one."""
    yield
    if connections["default"].vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT pid, state, left(query, 80) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
        others = cursor.fetchall()
    assert not others, f"connections left open to the test database: {others}"


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo, loaded once per session and kept aside in its own schema (see tests/demo.py)."""
    with django_db_blocker.unblock():
        return DemoSnapshot.take()


@pytest.fixture
def demo_data(db, demo_snapshot):
    """The demo directory, as `load_demo` leaves it: copied back from the session's snapshot in
    milliseconds instead of loaded again (about 5 s of CPU each time)."""
    demo_snapshot.restore()


@pytest.fixture
def editor(db):
    """A central editor (group "Beheer"), as created by create_editor_group."""
    call_command("create_editor_group", verbosity=0)
    user = User.objects.create_user("redacteur", password="geheim-wachtwoord-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Beheer"))
    return user


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skipped where no Chromium is installed, except in
    CI (WEGWIJS_REQUIRE_BROWSER=1), where a missing browser is a failure."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("WEGWIJS_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # While Playwright's event loop runs in this thread, Django keeps the thread's database
        # connections apart from the others (asgiref's Local follows the loop's context): close
        # them while it still runs, or one stays open and the test database cannot be dropped.
        connections.close_all()


def _new_page(browser, *, width, javascript):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=javascript, locale="nl-BE"
    )
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A desktop-width page with JavaScript on."""
    context, new_page = _new_page(browser, width=1280, javascript=True)
    yield new_page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A 320 px wide page with JavaScript off: a cheap phone in the worst case."""
    context, new_page = _new_page(browser, width=320, javascript=False)
    yield new_page
    context.close()


@pytest.fixture
def artifacts_dir():
    """Where browser tests leave screenshots for people to look at (gitignored)."""
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture
def get_in(client):
    """GET a page in a language: ``get_in("fr", "/diensten/")`` requests ``/fr/diensten/``."""

    def get(language, url, data=None):
        return client.get(translate_url(url, language), data)

    return get
