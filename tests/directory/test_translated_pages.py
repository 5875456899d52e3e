"""Resident pages in another language: translated content where there is some, the Dutch
fallback marked lang="nl", and no more queries than in Dutch."""

import pytest
from django.urls import reverse

from directory.models import ProblemTypeTranslation, ServiceTranslation
from glossary.models import GlossaryTerm

LIST_URL = reverse("directory:service_list")


def detail_url(service):
    return reverse("directory:service_detail", kwargs={"slug": service.slug})


def problem_url(slug):
    return reverse("directory:problem_detail", kwargs={"slug": slug})


def test_the_service_page_shows_the_french_texts_unmarked(get_in, translated_service):
    page = get_in("fr", detail_url(translated_service)).text
    assert '<p class="summary">Parlez de vos soucis avec un travailleur social.</p>' in page
    assert '<ol class="steps">' in page and "<li>Prenez rendez-vous.</li>" in page
    assert '">Violence</a>' in page


def test_the_service_page_marks_the_dutch_fallbacks(get_in, translated_service):
    page = get_in("fr", detail_url(translated_service)).text
    assert '<p lang="nl">Iedereen die in Gent woont.</p>' in page  # no French audience
    assert '<p lang="nl">Het CAW helpt bij relaties, geld en geweld.</p>' in page


def test_each_language_shows_its_own_content(get_in, translated_service):
    assert "Talk about your worries" in get_in("en", detail_url(translated_service)).text
    dutch = get_in("nl", detail_url(translated_service)).text
    assert '<p class="summary">Praat met een hulpverlener over wat je zorgen maakt.</p>' in dutch
    assert 'lang="nl"' not in dutch.split("<main", 1)[1]


def test_an_arabic_page_marks_dutch_fallbacks_left_to_right(get_in, translated_service):
    page = get_in("ar", detail_url(translated_service)).text
    assert '<p class="summary" lang="nl" dir="ltr">Praat met een hulpverlener' in page


def test_woordenboek_links_stay_in_dutch_texts(get_in, translated_service):
    GlossaryTerm.objects.create(
        term="CAW", slug="caw", explanation="Centrum Algemeen Welzijnswerk."
    )
    ServiceTranslation.objects.filter(service=translated_service, language="fr").update(
        description="Le CAW aide."
    )
    french = get_in("fr", detail_url(translated_service)).text
    dutch = get_in("nl", detail_url(translated_service)).text
    assert "<p>Le CAW aide.</p>" in french
    assert "/woordenboek/" in dutch.split("Meer uitleg", 1)[1]


def test_the_list_shows_the_french_summary_and_marks_the_others(
    get_in, translated_service, make_service
):
    make_service("Zonder vertaling", summary="Alleen in het Nederlands.")
    page = get_in("fr", LIST_URL).text
    assert "<p>Parlez de vos soucis avec un travailleur social.</p>" in page
    assert '<p lang="nl">Alleen in het Nederlands.</p>' in page


def test_the_problem_filter_offers_translated_names(get_in, translated_service, make_problem):
    make_problem("Schulden", slug="schulden")
    page = get_in("fr", LIST_URL).text
    assert '<option value="geweld">Violence</option>' in page
    assert '<option value="schulden" lang="nl">Schulden</option>' in page


def test_the_problem_chip_uses_the_translated_name(get_in, translated_service):
    page = get_in("fr", LIST_URL, {"probleem": "geweld"}).text
    assert "Violence" in page.split('id="resultaten"', 1)[1]


def test_the_problem_page_in_french(get_in, translated_service):
    page = get_in("fr", problem_url("geweld")).text
    assert "<h1>Violence</h1>" in page
    assert '<p class="summary">Quelqu’un me fait du mal</p>' in page


def test_the_home_page_offers_problems_in_french_and_marks_dutch_ones(
    get_in, translated_service, make_problem
):
    make_problem("Schulden", slug="schulden", resident_phrase="Ik heb schulden")
    page = get_in("fr", reverse("directory:home")).text
    assert ">Quelqu’un me fait du mal</a>" in page
    assert ' lang="nl">Ik heb schulden</a>' in page


@pytest.fixture
def translated_directory(many_services):
    for service in many_services:
        ServiceTranslation.objects.create(service=service, language="fr", summary="Aide.")
    for problem in many_services[0].problem_types.all():
        ProblemTypeTranslation.objects.create(
            problem_type=problem, language="fr", name=f"{problem.name} (fr)"
        )
    return many_services


def test_the_french_list_needs_no_more_queries_than_the_dutch_one(
    get_in, translated_directory, django_assert_max_num_queries
):
    query = {"probleem": "relaties", "stad": "gent", "tolk": "ja", "taal": "ar", "q": "dienst"}
    with django_assert_max_num_queries(8):
        response = get_in("fr", LIST_URL, query)
    assert response.text.count("<p>Aide.</p>") == 17


def test_the_french_service_page_needs_no_more_queries_than_the_dutch_one(
    get_in, translated_service, translated_directory, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = get_in("fr", detail_url(translated_service))
    assert "Parlez de vos soucis" in response.text


def test_the_french_problem_page_needs_no_more_queries_than_the_dutch_one(
    get_in, translated_directory, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = get_in("fr", problem_url("relaties"), {"stad": "gent"})
    assert "<h1>Relaties (fr)</h1>" in response.text


def test_the_french_home_page_needs_no_more_queries_than_the_dutch_one(
    get_in, translated_directory, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = get_in("fr", reverse("directory:home"), {"stad": "gent"})
    assert "Relaties (fr)" in response.text
