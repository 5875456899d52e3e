import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from referrals.models import CardTemplate
from tests.referrals.images import png_bytes

URL = "/doorverwijskaart/huisstijl/"


def style_data(**overrides):
    data = {
        "name": "WGC De Sleep – onthaal",
        "organisation_name": "Wijkgezondheidscentrum De Sleep",
        "contact_person": "Sarah Peeters",
        "phone": "09/210.10.10",
        "primary_colour": "#0b4f9c",
        "accent_colour": "#ffd33d",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_house_style_page_shows_an_empty_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="organisation_name"' in response.content.decode()


@pytest.mark.django_db
def test_saving_a_house_style_creates_a_template_with_a_private_token(client, card_state):
    response = client.post(URL, style_data())
    assert response.status_code == 302
    template = CardTemplate.objects.get()
    assert template.phone == "09 210 10 10"
    assert len(template.token) >= 32
    assert card_state().template_id == template.pk


@pytest.mark.django_db
def test_the_card_page_shows_the_private_link_after_saving(client):
    client.post(URL, style_data())
    response = client.get("/doorverwijskaart/")
    assert CardTemplate.objects.get().get_absolute_url() in response.content.decode()


@pytest.mark.django_db
def test_saving_again_updates_the_same_template(client):
    client.post(URL, style_data())
    client.post(URL, style_data(contact_person="Jan De Smet"))
    assert CardTemplate.objects.get().contact_person == "Jan De Smet"


@pytest.mark.django_db
def test_a_new_house_style_can_be_started_beside_the_current_one(client):
    client.post(URL, style_data())
    client.post(URL + "?nieuw=1", style_data(name="Tweede"))
    assert CardTemplate.objects.count() == 2


@pytest.mark.django_db
def test_tokens_are_unique_per_template(client):
    first = CardTemplate.objects.create(name="a", organisation_name="A")
    second = CardTemplate.objects.create(name="b", organisation_name="B")
    assert first.token != second.token


@pytest.mark.django_db
def test_a_primary_colour_too_light_for_white_text_is_refused_with_an_explanation(client):
    response = client.post(URL, style_data(primary_colour="#ffd33d"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "De hoofdkleur #ffd33d is te licht" in content
    assert "4,5:1" in content
    assert not CardTemplate.objects.exists()


@pytest.mark.django_db
def test_an_accent_colour_too_dark_for_black_text_is_refused_with_an_explanation(client):
    response = client.post(URL, style_data(accent_colour="#0b4f9c"))
    assert "De accentkleur #0b4f9c is te donker" in response.content.decode()
    assert not CardTemplate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "colour", ["blauw", "#12345", "#000;}body{display:none}", "", "rgb(0,0,0)"]
)
def test_colours_that_are_not_colours_are_refused(client, colour):
    response = client.post(URL, style_data(primary_colour=colour))
    assert response.status_code == 200
    assert not CardTemplate.objects.exists()
    assert "Wijkgezondheidscentrum De Sleep" in response.content.decode()  # the rest is kept


@pytest.mark.django_db
def test_an_invalid_phone_number_is_refused_in_dutch(client):
    response = client.post(URL, style_data(phone="12345"))
    assert "Geef een Belgisch nummer" in response.content.decode()
    assert not CardTemplate.objects.exists()


@pytest.mark.django_db
def test_the_private_link_shows_the_house_style_without_changing_the_card(client, card_state):
    template = CardTemplate.objects.create(name="Sjabloon", organisation_name="CAW Aalst")
    response = client.get(template.get_absolute_url())
    assert response.status_code == 200
    assert "CAW Aalst" in response.content.decode()
    assert "noindex" in response.content.decode()
    assert card_state().template_id is None


@pytest.mark.django_db
def test_using_the_private_link_puts_the_house_style_on_the_card(client, card_state):
    template = CardTemplate.objects.create(name="Sjabloon", organisation_name="CAW Aalst")
    response = client.post(template.get_absolute_url())
    assert response.status_code == 302
    assert card_state().template_id == template.pk


@pytest.mark.django_db
def test_an_unknown_token_is_not_found(client):
    CardTemplate.objects.create(name="Sjabloon", organisation_name="CAW Aalst")
    assert client.get("/doorverwijskaart/sjabloon/geraden-sleutel/").status_code == 404


@pytest.mark.django_db
def test_replacing_the_logo_deletes_the_old_file(client):
    client.post(URL, style_data(logo=SimpleUploadedFile("a.png", png_bytes(), "image/png")))
    old = CardTemplate.objects.get().logo
    old_name, storage = old.name, old.storage
    client.post(URL, style_data(logo=SimpleUploadedFile("b.png", png_bytes(colour=(0, 0, 0)))))
    new = CardTemplate.objects.get().logo
    assert new.name != old_name
    assert not storage.exists(old_name)
    with Image.open(new.path) as image:
        assert image.format == "PNG"


@pytest.mark.django_db
def test_the_logo_can_be_removed(client):
    client.post(URL, style_data(logo=SimpleUploadedFile("a.png", png_bytes(), "image/png")))
    old = CardTemplate.objects.get().logo
    old_name, storage = old.name, old.storage
    client.post(URL, style_data(**{"logo-clear": "on"}))
    assert not CardTemplate.objects.get().logo
    assert not storage.exists(old_name)
