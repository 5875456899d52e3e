"""The QR codes open the service's page in the card's language: an Arabic card opens
/ar/diensten/…, a bilingual Dutch and Turkish card the Turkish page (the client's language)."""

import pytest

from referrals.card import build_card
from referrals.qr import qr_svg
from referrals.session import CardEntry, CardState

BASE = "https://wegwijs.example/"


def card_item(service, **fields):
    state = CardState(entries=[CardEntry(service.pk)], **fields)
    return build_card(state, base_url=BASE).services[0]


@pytest.mark.django_db
def test_a_dutch_card_links_to_the_dutch_page(make_service):
    service = make_service()
    assert card_item(service).detail_url == f"{BASE}diensten/{service.slug}/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en", "ar", "tr"])
def test_a_card_in_another_language_links_to_the_page_in_that_language(make_service, language):
    service = make_service()
    item = card_item(service, language=language)

    assert item.detail_url == f"{BASE}{language}/diensten/{service.slug}/"
    assert item.qr_svg == qr_svg(item.detail_url)
    assert item.qr_svg != qr_svg(f"{BASE}diensten/{service.slug}/")


@pytest.mark.django_db
def test_a_bilingual_card_links_to_the_page_in_the_clients_language(make_service):
    service = make_service()
    item = card_item(service, language="tr", bilingual=True)
    assert item.detail_url == f"{BASE}tr/diensten/{service.slug}/"


@pytest.mark.django_db
def test_the_printed_arabic_card_carries_the_qr_code_of_the_arabic_page(
    client, make_service, put_on_card
):
    service = make_service()
    put_on_card(service)

    page = client.post("/doorverwijskaart/afdrukken/", {"layout": "a4", "language": "ar"})

    assert page.status_code == 200
    arabic = qr_svg(f"http://testserver/ar/diensten/{service.slug}/")
    assert arabic in page.content.decode()
