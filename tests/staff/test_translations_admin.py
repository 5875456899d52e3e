"""Translations are edited inline on the service and problem type forms, with history."""

import pytest

from directory.models import ProblemType, ProblemTypeTranslation, Service, ServiceTranslation
from tests.staff.conftest import admin_url, service_form

pytestmark = pytest.mark.django_db


def with_translation(service, **fields):
    form = service_form(service)
    form |= {"translations-TOTAL_FORMS": 1, "translations-INITIAL_FORMS": 0}
    form |= {f"translations-0-{name}": value for name, value in fields.items()}
    return form


def test_a_city_editor_adds_a_translation_to_a_service_of_their_city(
    city_editor_client, make_service, other_city
):
    service = make_service(cities=[other_city])
    form = with_translation(service, language="fr", summary="Aide gratuite.")
    response = city_editor_client.post(admin_url(Service, "change", service.pk), form)

    assert response.status_code == 302
    assert service.translations.get().summary == "Aide gratuite."


def test_a_translation_change_shows_on_the_service_history(
    city_editor_client, make_service, other_city
):
    service = make_service(cities=[other_city])
    form = with_translation(service, language="ar", summary="مساعدة مجانية")
    city_editor_client.post(admin_url(Service, "change", service.pk), form)

    record = ServiceTranslation.history.get(service_id=service.pk)
    assert record.history_user == city_editor_client.user
    page = city_editor_client.get(admin_url(Service, "history", service.pk)).content.decode()
    assert "Wijzigingen aan contactgegevens, locaties, openingsuren en vertalingen" in page
    assert f"Vertaling: {record.get_history_type_display().lower()}" in page
    assert f"{service.name} (العربية)" in page


def test_a_second_translation_in_the_same_language_is_refused(
    city_editor_client, make_service, other_city
):
    service = make_service(cities=[other_city])
    ServiceTranslation.objects.create(service=service, language="fr", summary="Aide.")
    form = with_translation(service, language="fr", summary="Encore.")
    form["translations-TOTAL_FORMS"] = 1
    response = city_editor_client.post(admin_url(Service, "change", service.pk), form)
    assert response.status_code == 200
    assert service.translations.count() == 1


def test_the_problem_type_form_has_the_translations_inline(editor_client, make_problem):
    problem = make_problem("Eenzaamheid")
    page = editor_client.get(admin_url(ProblemType, "change", problem.pk)).content.decode()
    assert "translations-TOTAL_FORMS" in page


def test_the_problem_type_list_finds_a_type_by_a_translated_synonym(editor_client, make_problem):
    problem = make_problem("Eenzaamheid")
    ProblemTypeTranslation.objects.create(
        problem_type=problem, language="en", name="Loneliness", synonyms="lonely"
    )
    page = editor_client.get(admin_url(ProblemType, "changelist"), {"q": "lonely"}).text
    assert "Eenzaamheid" in page
