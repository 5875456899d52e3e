"""A house style's private link is read-only: using a template is not editing it. Only the
browser that made it, or whoever holds its separate edit link, changes it; others get a copy.
Changes are kept in a history. Anonymous visitors are limited per address."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from referrals import views
from referrals.models import CardTemplate
from tests.referrals.images import png_bytes
from tests.referrals.test_house_style import URL, style_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(client):
    """A template made in ``client`` (its creator's browser)."""
    client.post(URL, style_data(phone="09 210 10 10"))
    return CardTemplate.objects.get()


def use(colleague, template):
    colleague.post(template.get_absolute_url())


def test_a_colleague_using_the_private_link_cannot_change_the_template(template):
    colleague = Client()
    use(colleague, template)
    response = colleague.get(URL)
    assert "bewaren we een kopie" in response.content.decode()
    assert template.edit_token not in response.content.decode()

    response = colleague.post(URL, style_data(phone="0470 12 34 56"))

    assert response.status_code == 302
    template.refresh_from_db()
    assert template.phone == "09 210 10 10"
    copy = CardTemplate.objects.exclude(pk=template.pk).get()
    assert copy.phone == "0470 12 34 56" and copy.token != template.token
    assert copy.edit_token != template.edit_token


def test_the_copy_keeps_the_logo_and_the_original_keeps_its_file(client):
    client.post(URL, {**style_data(), "logo": SimpleUploadedFile("logo.png", png_bytes())})
    original = CardTemplate.objects.get()
    colleague = Client()
    use(colleague, original)
    colleague.post(URL, style_data(name="Kopie"))
    copy = CardTemplate.objects.exclude(pk=original.pk).get()
    assert copy.logo.name == original.logo.name
    colleague.post(URL, {**style_data(), "logo": SimpleUploadedFile("b.png", png_bytes((50, 50)))})
    original.refresh_from_db()
    assert original.logo.storage.exists(original.logo.name)


def test_the_creator_edits_in_place(client, template):
    client.post(URL, style_data(contact_person="Jan De Smet"))
    assert CardTemplate.objects.get().contact_person == "Jan De Smet"


def test_the_edit_link_lets_another_browser_edit(template):
    other = Client()
    assert other.get(template.get_edit_url()).status_code == 302
    other.post(URL, style_data(contact_person="Jan De Smet"))
    assert CardTemplate.objects.get().contact_person == "Jan De Smet"


def test_a_wrong_edit_secret_is_not_found(template):
    url = template.get_edit_url().replace(template.edit_token, "x" * len(template.edit_token))
    assert Client().get(url).status_code == 404


def test_template_changes_have_a_history_that_shows_the_old_number(client, template):
    client.post(URL, style_data(phone="0470 12 34 56"))
    phones = list(template.history.order_by("history_id").values_list("phone", flat=True))
    assert phones == ["09 210 10 10", "0470 12 34 56"]


def test_new_templates_are_limited_per_address(client, monkeypatch):
    monkeypatch.setattr(views, "TEMPLATES_PER_HOUR", 2)
    for number in range(2):
        assert client.post(URL + "?nieuw=1", style_data(name=f"T{number}")).status_code == 302
    response = client.post(URL + "?nieuw=1", style_data(name="Te veel"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Probeer het over een uur opnieuw" in response.content.decode()
    assert CardTemplate.objects.count() == 2


def test_a_logo_over_four_megapixels_is_refused_before_decoding(client):
    huge = png_bytes((2100, 2000))  # one colour: a small file, 4.2 megapixels
    response = client.post(URL, {**style_data(), "logo": SimpleUploadedFile("logo.png", huge)})
    assert response.status_code == 200
    assert "Dat is te groot" in response.content.decode()
    assert not CardTemplate.objects.exists()


def test_pdfs_are_limited_per_address(client, make_service, monkeypatch):
    monkeypatch.setattr(views, "PDFS_PER_HOUR", 0)
    client.post("/doorverwijskaart/toevoegen/", {"service": make_service().pk})
    response = client.get("/doorverwijskaart/pdf/")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "Je kaart blijft bewaard" in response.content.decode()
