"""The card in the client's language: translated summaries, Arabic right to left, and a
bilingual card with Dutch and the client's language."""

import io

import pytest
from pypdf import PdfReader

from directory.models import ServiceTranslation
from referrals.card import build_card
from referrals.pdf import render_card_pdf
from referrals.session import SESSION_KEY, CardEntry, CardState

PRINT_URL = "/doorverwijskaart/afdrukken/"
EDIT_URL = "/doorverwijskaart/"
ARABIC_SUMMARY = "مساعدة مجانية في المشاكل الشخصية"


@pytest.fixture
def service(make_service):
    service = make_service("CAW onthaal Aalst", summary="Gratis hulp bij je vragen.")
    ServiceTranslation.objects.create(
        service=service, language="fr", summary="Aide gratuite pour vos questions."
    )
    ServiceTranslation.objects.create(service=service, language="ar", summary=ARABIC_SUMMARY)
    return service


def print_card(client, service, language, bilingual=False, **extra):
    data = {"layout": "a4", "language": language, **extra}
    if bilingual:
        data["bilingual"] = "on"
    return client.post(PRINT_URL, data).content.decode()


@pytest.mark.django_db
def test_a_french_card_prints_the_french_summary_and_labels(client, service, put_on_card):
    put_on_card(service)
    page = print_card(client, service, "fr")
    assert '<html lang="fr" dir="ltr">' in page
    assert '<p class="service-summary">Aide gratuite pour vos questions.</p>' in page
    assert "Carte d’orientation" in page
    assert "Gratis hulp bij je vragen." not in page


@pytest.mark.django_db
def test_an_untranslated_summary_prints_in_dutch_marked_as_dutch(client, make_service, put_on_card):
    put_on_card(make_service("Zonder vertaling", summary="Alleen Nederlands."))
    page = print_card(client, None, "fr")
    assert '<p class="service-summary" lang="nl">Alleen Nederlands.</p>' in page


@pytest.mark.django_db
def test_an_arabic_card_reads_right_to_left_with_dutch_names_left_to_right(
    client, service, put_on_card
):
    put_on_card(service)
    page = print_card(client, service, "ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert f'<p class="service-summary">{ARABIC_SUMMARY}</p>' in page
    assert '<span lang="nl" dir="ltr">CAW onthaal Aalst</span>' in page
    assert '<header class="print-toolbar" lang="nl" dir="ltr">' in page


@pytest.mark.django_db
def test_a_turkish_card_can_be_chosen(client, service, put_on_card, card_state):
    put_on_card(service)
    client.post(EDIT_URL, {"layout": "a4", "language": "tr", "actie": "opslaan"})
    assert card_state().language == "tr"
    assert '<html lang="tr" dir="ltr">' in client.get(PRINT_URL).content.decode()


@pytest.mark.django_db
def test_a_bilingual_card_prints_each_fixed_text_in_dutch_and_french(client, service, put_on_card):
    put_on_card(service)
    page = print_card(client, service, "fr", bilingual=True, client_name="Amina")
    assert '<html lang="nl" dir="ltr">' in page
    assert (
        '<h1>Doorverwijskaart<span class="second-language" lang="fr">Carte d’orientation</span>'
        "</h1>" in page
    )
    assert 'Voor Amina<span class="second-language" lang="fr">Pour Amina</span>' in page
    assert '<p class="service-summary">Gratis hulp bij je vragen.</p>' in page
    assert '<p class="service-summary" lang="fr">Aide gratuite pour vos questions.</p>' in page


@pytest.mark.django_db
def test_a_bilingual_arabic_card_marks_the_arabic_right_to_left(client, service, put_on_card):
    put_on_card(service)
    page = print_card(client, service, "ar", bilingual=True)
    assert '<html lang="nl" dir="ltr">' in page
    assert page.count('class="second-language" lang="ar" dir="rtl"') >= 5
    assert f'<p class="service-summary" lang="ar" dir="rtl">{ARABIC_SUMMARY}</p>' in page


@pytest.mark.django_db
def test_a_dutch_card_is_never_bilingual(client, service, put_on_card, card_state):
    put_on_card(service)
    page = print_card(client, service, "nl", bilingual=True)
    assert "second-language" not in page
    assert card_state().bilingual is False


@pytest.mark.django_db
def test_the_session_keeps_the_bilingual_choice_and_no_client_data(
    client, service, put_on_card, card_state
):
    put_on_card(service)
    print_card(client, service, "ar", bilingual=True, client_name="Amina")
    assert card_state().bilingual is True
    assert "Amina" not in repr(dict(client.session.items()))
    assert set(client.session[SESSION_KEY]) == {
        "entries",
        "layout",
        "language",
        "bilingual",
        "template",
    }


@pytest.mark.django_db
def test_changing_the_language_while_printing_prints_the_new_summary(client, service, put_on_card):
    put_on_card(service)
    client.post(EDIT_URL, {"layout": "a4", "language": "fr", "actie": "opslaan"})
    page = print_card(client, service, "ar")
    assert ARABIC_SUMMARY in page and "Aide gratuite" not in page


@pytest.mark.django_db
def test_a_bilingual_card_prints_in_a_fixed_number_of_queries(
    client, make_service, put_on_card, django_assert_max_num_queries
):
    services = [make_service() for _ in range(12)]
    for service in services:
        ServiceTranslation.objects.create(service=service, language="fr", summary="Aide.")
    put_on_card(*services)
    client.post(EDIT_URL, {"layout": "a4", "language": "fr", "actie": "opslaan"})
    with django_assert_max_num_queries(9):
        page = print_card(client, None, "fr", bilingual=True)
    assert page.count('lang="fr">Aide.</p>') == 12


def pdf_text(card) -> str:
    return PdfReader(io.BytesIO(render_card_pdf(card).content)).pages[0].extract_text()


@pytest.mark.django_db
def test_an_arabic_card_pdf_holds_the_arabic_text_in_reading_order(service):
    state = CardState(entries=[CardEntry(service.pk)], language="ar")
    card = build_card(state, base_url="https://wegwijs.example/")
    text = pdf_text(card)
    # Shaped by HarfBuzz with DejaVu Sans, mapped back to the letters in logical order.
    assert ARABIC_SUMMARY in text
    assert "CAW onthaal Aalst" in text


@pytest.mark.django_db
def test_a_bilingual_french_card_pdf_holds_both_languages(service):
    state = CardState(entries=[CardEntry(service.pk)], language="fr", bilingual=True)
    card = build_card(state, base_url="https://wegwijs.example/", client_name="Amina")
    text = pdf_text(card)
    assert "Doorverwijskaart" in text and "Carte d’orientation" in text
    assert "Voor Amina" in text and "Pour Amina" in text
    assert "Aide gratuite pour vos questions." in text
