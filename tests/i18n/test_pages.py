"""Every resident page in each of the five interface languages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from directory.models import Neighbourhood, ProblemType, Service
from selection.codes import encode

pytestmark = pytest.mark.django_db

# One interface string per language, written out: proves the compiled catalogue is used.
ALL_HELP = {
    "nl": "Alle hulp",
    "fr": "Toute l’aide",
    "en": "All help",
    "ar": "كل المساعدة",
    "tr": "Tüm yardımlar",
}
DIRECTION = {"nl": "ltr", "fr": "ltr", "en": "ltr", "ar": "rtl", "tr": "ltr"}


def _pages(client):
    """(name, path) of every resident page, in Dutch; the test adds the language prefix."""
    service = Service.objects.published().active().order_by("pk").first()
    problem = ProblemType.objects.order_by("pk").first()
    neighbourhood = Neighbourhood.objects.order_by("pk").first()
    client.post(reverse("referrals:add_service"), {"service": service.pk})
    with translation.override("nl"):
        return [
            ("home", reverse("directory:home")),
            ("list", reverse("directory:service_list") + "?stad=gent&gratis=1"),
            ("service", service.get_absolute_url()),
            ("problem", problem.get_absolute_url()),
            ("neighbourhood", neighbourhood.get_absolute_url()),
            ("glossary", reverse("glossary:index")),
            ("selection", reverse("selection:detail", args=[encode([service.pk])])),
            ("embed help", reverse("embed:help")),
            ("card", reverse("referrals:card_edit")),
            ("house style", reverse("referrals:house_style")),
            ("feedback", reverse("feedback:report", args=[service.slug])),
            ("feedback thanks", reverse("feedback:thanks", args=[service.slug])),
        ]


def _prefixed(path, language):
    return path if language == "nl" else f"/{language}{path}"


@pytest.mark.parametrize("language", ALL_HELP)
def test_every_page_renders_in_the_language_of_its_url(client, demo_data, language):
    for name, path in _pages(client):
        response = client.get(_prefixed(path, language))

        content = response.content.decode()
        assert response.status_code == 200, name
        assert f'<html lang="{language}" dir="{DIRECTION[language]}">' in content, name
        assert ALL_HELP[language] in content, name
        assert response["Content-Language"] == language


@pytest.mark.parametrize("language", ALL_HELP)
def test_the_embedded_list_renders_in_the_language_of_its_url(client, demo_data, language):
    with translation.override("nl"):
        path = reverse("embed:service_list") + "?stad=gent"
    response = client.get(_prefixed(path, language))

    content = response.content.decode()
    with translation.override(language):
        credit = translation.gettext("Meer hulp op Wegwijs")
    assert response.status_code == 200
    assert f'lang="{language}" dir="{DIRECTION[language]}"' in content
    assert credit in content
    assert language == "nl" or credit != "Meer hulp op Wegwijs"


def test_the_printed_card_keeps_its_own_language_and_the_toolbar_the_interface_language(
    client, demo_data
):
    service = Service.objects.published().active().order_by("pk").first()
    client.post(reverse("referrals:add_service"), {"service": service.pk})

    content = client.get("/ar" + reverse("referrals:card_print")).content.decode()

    assert '<html lang="nl" dir="ltr">' in content
    assert '<header class="print-toolbar" lang="ar" dir="rtl">' in content
    assert "الرجوع إلى البطاقة" in content


def test_an_unprefixed_url_is_dutch_whatever_the_browser_asks(client, demo_data):
    response = client.get(reverse("directory:service_list"), HTTP_ACCEPT_LANGUAGE="fr,en;q=0.8")

    assert '<html lang="nl" dir="ltr">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")


def test_a_language_cookie_does_not_change_an_unprefixed_url(client, demo_data):
    client.cookies["django_language"] = "ar"

    response = client.get(reverse("directory:home"))

    assert '<html lang="nl" dir="ltr">' in response.content.decode()


def test_the_admin_the_api_and_the_healthcheck_have_no_language_prefix(client, db):
    assert client.get("/fr/beheer/").status_code == 404
    assert client.get("/fr/api/hsds/services/").status_code == 404
    assert client.get("/fr/gezond/").status_code == 404
    assert client.get("/api/hsds/services/").status_code == 200
    assert client.get("/gezond/").status_code == 200


def test_the_admin_stays_dutch(client, editor):
    client.force_login(editor)

    response = client.get("/beheer/", HTTP_ACCEPT_LANGUAGE="fr")

    assert re.search(r'<html lang="nl"', response.content.decode())


def test_links_on_a_french_page_stay_french(client, demo_data):
    content = client.get("/fr/").content.decode()

    assert 'href="/fr/diensten/"' in content
    assert 'href="/fr/woordenboek/"' in content
