"""Translated texts: the active language's row joined in, Dutch when there is none."""

import pytest
from django.db import IntegrityError
from django.template import Context, Template
from django.utils import translation

from directory.models import ProblemType, ProblemTypeTranslation, Service, ServiceTranslation
from directory.translations import LocalizedText, translation_language


@pytest.fixture
def service(make_service):
    service = make_service(
        "CAW onthaal",
        summary="Praat met een hulpverlener.",
        audience="Iedereen.",
        steps="Bel ons.\nKom langs.",
    )
    ServiceTranslation.objects.create(
        service=service,
        language="fr",
        summary="Parlez avec un travailleur social.",
        steps="Appelez-nous.\nPassez nous voir.",
    )
    return service


def test_a_translated_text_is_in_the_asked_language(service):
    found = Service.objects.translated("fr").get(pk=service.pk)
    assert found.localized("summary") == "Parlez avec un travailleur social."
    assert found.localized("summary").lang == "fr"


def test_an_untranslated_field_falls_back_to_dutch(service):
    found = Service.objects.translated("fr").get(pk=service.pk)
    assert found.localized("audience") == "Iedereen."
    assert found.localized("audience").lang == "nl"


def test_a_language_without_a_translation_falls_back_to_dutch(service):
    found = Service.objects.translated("ar").get(pk=service.pk)
    assert (found.localized("summary"), found.localized("summary").lang) == (
        "Praat met een hulpverlener.",
        "nl",
    )


def test_dutch_and_unknown_languages_read_the_dutch_fields_without_a_join(service):
    assert str(Service.objects.translated("nl").query) == str(Service.objects.all().query)
    assert translation_language("de") is None
    assert translation_language("fr-be") == "fr"


def test_without_translated_the_texts_are_dutch(service):
    assert Service.objects.get(pk=service.pk).localized("summary").lang == "nl"


def test_translated_follows_the_active_language(service):
    with translation.override("fr"):
        found = Service.objects.translated().get(pk=service.pk)
    assert found.localized("summary").lang == "fr"


def test_the_steps_come_in_the_language_of_their_text(service):
    steps = Service.objects.translated("fr").get(pk=service.pk).step_list
    assert steps == ["Appelez-nous.", "Passez nous voir."]
    assert {step.lang for step in steps} == {"fr"}


def test_translated_needs_no_extra_query(service, django_assert_num_queries):
    with django_assert_num_queries(1):
        services = list(Service.objects.translated("fr"))
    assert services[0].localized("summary").lang == "fr"


def test_a_service_has_one_translation_per_language(service):
    with pytest.raises(IntegrityError):
        ServiceTranslation.objects.create(service=service, language="fr", summary="Encore")


def test_a_problem_type_offers_a_translated_name_before_dutch_words(make_problem):
    problem = make_problem("Eenzaamheid", resident_phrase="Ik voel me alleen")
    ProblemTypeTranslation.objects.create(problem_type=problem, language="en", name="Loneliness")
    found = ProblemType.objects.translated("en").get(pk=problem.pk)
    assert (found.tile_label, found.tile_label.lang) == ("Loneliness", "en")
    found = ProblemType.objects.translated("fr").get(pk=problem.pk)
    assert (found.tile_label, found.tile_label.lang) == ("Ik voel me alleen", "nl")


def render_lang_attrs(text, language):
    with translation.override(language):
        return Template("{% load localized %}<p{{ text|lang_attrs }}>").render(
            Context({"text": text})
        )


def test_a_dutch_fallback_on_a_french_page_is_marked_dutch():
    assert render_lang_attrs(LocalizedText("Hallo", "nl"), "fr") == '<p lang="nl">'


def test_a_dutch_fallback_on_an_arabic_page_is_also_marked_left_to_right():
    assert render_lang_attrs(LocalizedText("Hallo", "nl"), "ar") == '<p lang="nl" dir="ltr">'


def test_text_in_the_page_language_is_not_marked():
    assert render_lang_attrs(LocalizedText("Bonjour", "fr"), "fr") == "<p>"
    assert render_lang_attrs("plain text", "fr") == "<p>"
