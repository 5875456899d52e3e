"""The card's fixed texts follow the chosen card language; service data and the screen-only
toolbar stay as they are."""

import io

import pytest
from pypdf import PdfReader

from referrals.card import build_card
from referrals.layouts import CARD_LANGUAGES
from referrals.pdf import render_card_pdf
from referrals.session import CardEntry, CardState

PRINT_URL = "/doorverwijskaart/afdrukken/"


def test_dutch_is_the_first_card_language():
    assert CARD_LANGUAGES[0][0] == "nl"


@pytest.mark.django_db
def test_an_english_card_has_english_labels_and_dutch_service_data(
    client, make_service, put_on_card
):
    service = make_service("CAW Oost-Vlaanderen, onthaal Aalst")
    put_on_card(service)
    response = client.post(
        PRINT_URL,
        {
            "layout": "a4",
            "language": "en",
            f"kanalen_{service.pk}": [c.pk for c in service.contact_channels.all()],
            f"afspraak_{service.pk}": "Tuesday 10am",
        },
    )
    content = response.content.decode()
    assert '<html lang="en" dir="ltr">' in content
    assert "Referral card" in content
    assert "Free number" in content
    assert "Appointment:" in content
    assert "CAW Oost-Vlaanderen, onthaal Aalst" in content
    assert "Gratis hulp bij persoonlijke en relationele problemen." in content
    assert "Terug naar de kaart" in content  # the toolbar is for the intermediary: Dutch


@pytest.mark.django_db
def test_a_french_card_pdf_has_french_labels(make_service):
    service = make_service()
    state = CardState(entries=[CardEntry(service.pk)], language="fr")
    card = build_card(state, base_url="https://wegwijs.example/", client_name="Amina")
    text = PdfReader(io.BytesIO(render_card_pdf(card).content)).pages[0].extract_text()
    assert "Carte d’orientation" in text
    assert "Pour Amina" in text
    assert "Adresse" in text
    assert "0800 32 123" in text


@pytest.mark.django_db
def test_the_language_choice_is_kept_for_the_next_card(client, make_service, put_on_card):
    put_on_card(make_service())
    client.post("/doorverwijskaart/", {"layout": "a4", "language": "fr", "actie": "opslaan"})
    assert 'value="fr" selected' in client.get("/doorverwijskaart/").content.decode()


@pytest.mark.django_db
def test_an_unknown_card_language_is_refused(client, make_service, put_on_card, card_state):
    put_on_card(make_service())
    client.post("/doorverwijskaart/", {"layout": "a4", "language": "xx", "actie": "opslaan"})
    assert card_state().language == "nl"
