"""Free-text search: the PostgreSQL path (stemming, accents, typos, ranking) and the portable
fallback used on SQLite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from directory.models import Service
from directory.search import clean_query, search_services


@pytest.fixture
def loneliness(make_service, make_problem):
    problem = make_problem(
        "Eenzaamheid",
        slug="eenzaamheid",
        resident_phrase="Ik voel me eenzaam",
        synonyms="ik voel me alleen\nniemand om mee te praten",
    )
    return make_service(
        "Tele-Onthaal", summary="Een luisterend oor, dag en nacht.", problems=[problem]
    )


@pytest.fixture
def debts(make_service, make_problem):
    problem = make_problem("Geldzorgen", slug="geldzorgen", synonyms="schulden\nfacturen")
    return make_service(
        "Schuldbemiddeling",
        summary="Hulp als je je rekeningen niet kan betalen.",
        problems=[problem],
    )


@pytest.fixture
def psychologists(make_service):
    return make_service(
        "Eerstelijnspsychologen",
        summary="Praten met een psycholoog voor 11 euro.",
        description="Korte begeleiding bij angst, somberheid en crisis.",
    )


def found(query, vendor=None):
    return [service.name for service in search_services(Service.objects.all(), query, vendor)]


@pytest.mark.usefixtures("loneliness", "debts", "psychologists")
class TestPostgreSQL:
    def test_it_finds_services_by_the_name_of_their_problem_type(self):
        assert found("eenzaamheid") == ["Tele-Onthaal"]

    def test_it_finds_services_by_a_synonym_residents_use(self):
        assert found("ik voel me alleen") == ["Tele-Onthaal"]
        assert found("schulden") == ["Schuldbemiddeling"]

    def test_it_finds_other_forms_of_a_word_through_dutch_stemming(self):
        assert found("psychologen") == ["Eerstelijnspsychologen"]
        assert found("rekening") == ["Schuldbemiddeling"]

    def test_it_ignores_accents(self):
        assert found("crísis") == ["Eerstelijnspsychologen"]

    def test_it_still_finds_words_with_a_typo(self):
        assert found("eenzaamhied") == ["Tele-Onthaal"]
        assert found("shulden") == ["Schuldbemiddeling"]

    def test_it_still_finds_a_service_name_with_a_typo(self):
        assert found("schuldbemidelling") == ["Schuldbemiddeling"]

    def test_it_searches_the_description(self):
        assert found("somberheid") == ["Eerstelijnspsychologen"]

    def test_it_finds_nothing_for_unrelated_words(self):
        assert found("fietsenmaker") == []

    def test_it_ranks_a_match_in_the_name_above_one_in_the_description(self, make_service):
        make_service("Angst en paniek", summary="Hulp bij angst.")

        assert found("angst") == ["Angst en paniek", "Eerstelijnspsychologen"]

    def test_it_returns_everything_for_an_empty_query(self):
        assert len(found("   ")) == 3

    def test_a_misspelt_name_is_looked_up_only_for_words_in_no_vocabulary(self, make_service):
        make_service("Tolkendienst", summary="Tolken voor gesprekken.")

        assert found("tolkendiest") == ["Tolkendienst"]
        assert found("eenzaamhied") == ["Tele-Onthaal"]

    def test_it_is_the_vocabulary_and_one_query(self, django_assert_num_queries):
        """The vocabulary is one query (shared by a process's requests while the data stay the
        same; the tests switch that sharing off), the search itself one more."""
        with django_assert_num_queries(2):
            found("psycholoog")
        with django_assert_num_queries(2):
            found("eenzaamhied")


@pytest.mark.usefixtures("loneliness", "debts", "psychologists")
class TestPortableFallback:
    def test_it_finds_services_by_name_summary_and_description(self):
        assert found("onthaal", vendor="sqlite") == ["Tele-Onthaal"]
        assert found("rekeningen", vendor="sqlite") == ["Schuldbemiddeling"]
        assert found("somberheid", vendor="sqlite") == ["Eerstelijnspsychologen"]

    def test_it_finds_services_by_problem_type_and_synonym(self):
        assert found("eenzaamheid", vendor="sqlite") == ["Tele-Onthaal"]
        assert found("schulden", vendor="sqlite") == ["Schuldbemiddeling"]

    def test_any_word_may_match_and_words_without_meaning_are_left_out(self):
        assert found("ik voel me alleen", vendor="sqlite") == ["Tele-Onthaal"]
        assert set(found("eenzaamheid en schulden", vendor="sqlite")) == {
            "Tele-Onthaal",
            "Schuldbemiddeling",
        }
        assert found("ik heb een", vendor="sqlite") == []


def test_it_cleans_control_characters_spaces_and_length_from_the_query():
    assert clean_query("  stress\x00\tthuis \n") == "stress thuis"
    assert len(clean_query("a" * 10_000)) == 200


def test_the_fallback_runs_on_a_real_sqlite_database(tmp_path):
    """Migrations (with their PostgreSQL-only steps) and the search on an actual SQLite file."""
    root = Path(__file__).resolve().parents[2]
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from directory.models import Organization, ProblemType, Service\n"
        "org = Organization.objects.create(name='CAW', slug='caw')\n"
        "p = ProblemType.objects.create(name='Geldzorgen', slug='geld', synonyms='schulden')\n"
        "s = Service.objects.create(organization=org, name='Schuldhulp', slug='s', summary='x')\n"
        "s.problem_types.add(p)\n"
        "print([x.name for x in Service.objects.search('schulden')])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['Schuldhulp']"
