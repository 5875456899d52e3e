"""Search finds a service by the words residents use in every language of its problem types."""

import pytest

from directory.models import ProblemTypeTranslation, Service, ServiceTranslation
from directory.search import search_services


def found(query, vendor=None):
    return [service.name for service in search_services(Service.objects.all(), query, vendor)]


@pytest.fixture
def loneliness(make_service, make_problem):
    problem = make_problem("Eenzaamheid", slug="eenzaamheid", synonyms="ik voel me alleen")
    for language, name, synonyms in [
        ("en", "Loneliness", "lonely\nno friends"),
        ("fr", "Solitude", "je me sens seul"),
        ("tr", "Yalnızlık", "kendimi yalnız hissediyorum"),
        ("ar", "الوحدة", "وحدة\nأشعر بالوحدة"),
    ]:
        ProblemTypeTranslation.objects.create(
            problem_type=problem, language=language, name=name, synonyms=synonyms
        )
    make_service("Schuldbemiddeling", summary="Hulp bij schulden.")
    return make_service("Tele-Onthaal", summary="Praat anoniem.", problems=[problem])


@pytest.mark.parametrize(
    "query", ["loneliness", "lonely", "solitude", "yalnızlık", "Yalnızlık", "وحدة", "الوحدة"]
)
def test_it_finds_a_service_by_translated_problem_words(loneliness, query):
    assert found(query) == ["Tele-Onthaal"]


@pytest.mark.parametrize("query", ["loneliness", "solitude", "yalnızlık", "وحدة"])
def test_the_sqlite_fallback_finds_them_too(loneliness, query):
    assert found(query, vendor="sqlite") == ["Tele-Onthaal"]


def test_it_finds_a_service_by_its_translated_summary(loneliness):
    ServiceTranslation.objects.create(
        service=Service.objects.get(name="Schuldbemiddeling"),
        language="fr",
        summary="Aide pour les dettes.",
    )
    assert found("dettes") == ["Schuldbemiddeling"]
    assert found("dettes", vendor="sqlite") == ["Schuldbemiddeling"]


def test_a_new_problem_translation_is_searchable_at_once(loneliness):
    problem = loneliness.problem_types.get()
    ProblemTypeTranslation.objects.filter(problem_type=problem, language="en").delete()
    assert found("loneliness") == []

    ProblemTypeTranslation.objects.create(problem_type=problem, language="en", name="Isolation")
    assert found("isolation") == ["Tele-Onthaal"]


def test_a_changed_problem_translation_is_searchable_at_once(loneliness):
    translation = ProblemTypeTranslation.objects.get(language="fr")
    translation.synonyms = "isolement"
    translation.save()
    assert found("isolement") == ["Tele-Onthaal"]


def test_a_deleted_service_translation_is_no_longer_found(loneliness):
    translation = ServiceTranslation.objects.create(
        service=loneliness, language="en", summary="Talk anonymously."
    )
    assert found("anonymously") == ["Tele-Onthaal"]
    translation.delete()
    assert found("anonymously") == []
