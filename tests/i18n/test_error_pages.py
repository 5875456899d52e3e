"""The error pages in the language of the URL (404) or of the request that failed (500, 503)."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.i18n.test_switcher import _links

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_in_the_language_of_its_url(client, db):
    response = client.get("/fr/diensten/bestaat-niet/")

    content = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="fr" dir="ltr">' in content
    assert "Nous n’avons pas trouvé cette page" in content
    assert _links(content)["en"][0] == "/en/diensten/bestaat-niet/"
    assert _links(content)["nl"][0] == "/diensten/bestaat-niet/"


def test_a_missing_page_in_arabic_reads_right_to_left(client, db):
    content = client.get("/ar/bestaat-niet/").content.decode()

    assert '<html lang="ar" dir="rtl">' in content
    assert "لم نجد هذه الصفحة" in content


def test_the_500_page_follows_the_active_language():
    with translation.override("ar"):
        page = render_to_string("500.html")

    assert '<html lang="ar" dir="rtl">' in page
    assert "حدث خطأ" in page
    assert 'href="/ar/"' in page


def test_the_503_page_follows_the_active_language():
    with translation.override("tr"):
        page = render_to_string("503.html")

    assert '<html lang="tr" dir="ltr">' in page
    assert "Wegwijs’e şu an ulaşılamıyor" in page
