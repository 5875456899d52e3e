"""The filter choices (cities, neighbourhoods, problem types, languages) are loaded once per
process and language, and loaded again as soon as the directory's data change."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.choices import DirectoryChoices
from directory.models import City, Language, ProblemTypeTranslation
from pagecache.edits import count_edit
from pagecache.pages import forget_local_copies

pytestmark = pytest.mark.django_db

CHOICE_TABLES = (
    '"directory_city"',
    '"directory_neighbourhood"',
    '"directory_problemtype"',
    '"directory_language"',
)


def tables_read(url):
    """The choice tables the page reads itself (the page cache is bypassed by a new URL)."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return {
        table
        for query in queries
        for table in CHOICE_TABLES
        if query["sql"].lstrip("(").startswith("SELECT") and f"FROM {table}" in query["sql"]
    }, response


@pytest.fixture
def directory(make_service, make_problem, city, make_neighbourhood, language):
    problem = make_problem("Eenzaamheid", slug="eenzaamheid")
    ProblemTypeTranslation.objects.create(problem_type=problem, language="fr", name="Solitude")
    make_service(problems=[problem], cities=[city], neighbourhoods=[make_neighbourhood(city)])
    return problem


def test_a_second_page_reuses_the_choices_of_the_first(directory, page_cache):
    first, _ = tables_read("/diensten/?stad=gent")
    second, response = tables_read("/diensten/?stad=gent&gratis=ja")

    assert first == set(CHOICE_TABLES)
    assert second == set()
    assert "Eenzaamheid" in response.text


def test_an_edit_shows_in_the_choices_of_the_next_page(
    directory, page_cache, city, make_neighbourhood
):
    tables_read("/diensten/")
    make_neighbourhood(city, "Muide")

    tables, response = tables_read("/diensten/?stad=gent")

    assert '"directory_neighbourhood"' in tables
    assert "Muide" in response.text


def test_each_language_has_its_own_choices(directory, page_cache):
    tables_read("/diensten/")

    tables, response = tables_read("/fr/diensten/")

    assert '"directory_problemtype"' in tables
    assert "Solitude" in response.text
    assert "Solitude" not in tables_read("/diensten/?stad=gent")[1].text


def test_without_the_page_cache_every_page_loads_its_own(directory, settings):
    settings.PAGE_CACHE_SECONDS = 0
    tables_read("/diensten/")

    assert tables_read("/diensten/?stad=gent")[0] == set(CHOICE_TABLES)


def test_an_unreachable_cache_still_gives_choices(directory, page_cache, unreachable_redis):
    forget_local_copies()  # as a second later, when the process checks the generation again
    tables, response = tables_read("/diensten/")

    assert tables == set(CHOICE_TABLES)
    assert "Eenzaamheid" in response.text
    # Shared under the edit counter in PostgreSQL, loaded again a second after an edit.
    choices = DirectoryChoices.current()
    forget_local_copies()
    assert DirectoryChoices.current() is choices
    count_edit()  # another process's edit
    forget_local_copies()
    assert DirectoryChoices.current() is not choices


def test_cities_and_languages_load_in_one_query_as_the_orm_gives_them(
    demo_data, django_assert_num_queries
):
    """A page that loads the choices stays within its 8 queries also when it counts what its
    choices leave before a search (issue 18, eleventh run)."""
    choices = DirectoryChoices()
    with django_assert_num_queries(1):
        cities, languages = choices.cities, choices.languages

    def fields(objects, *names):
        return [tuple(getattr(o, name) for name in names) for o in objects]

    assert fields(cities, "pk", "name", "slug") == fields(City.objects.all(), "pk", "name", "slug")
    assert fields(languages, "pk", "name", "code") == fields(
        Language.objects.all(), "pk", "name", "code"
    )
    assert len(languages) > 1 and not cities[0]._state.adding
