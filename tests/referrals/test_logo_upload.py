"""Logo uploads: each bad file is refused with a Dutch message and the rest of the form is kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from referrals.models import CardTemplate
from tests.referrals.images import jpeg_bytes, png_bytes, png_claiming_size

URL = "/doorverwijskaart/huisstijl/"

SVG_WITH_SCRIPT = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
  <script>alert(document.cookie)</script><rect width="100" height="50"/>
</svg>"""
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def post_logo(client, name, content, content_type="image/png"):
    return client.post(
        URL,
        {
            "name": "Onthaal",
            "organisation_name": "Sociaal Huis Erembodegem",
            "contact_person": "Fatima El Amrani",
            "phone": "053 72 32 07",
            "primary_colour": "#0b4f9c",
            "accent_colour": "#ffd33d",
            "logo": SimpleUploadedFile(name, content, content_type),
        },
    )


def assert_refused(response, message):
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    # The rest of the form is kept.
    assert 'value="Sociaal Huis Erembodegem"' in content
    assert 'value="Fatima El Amrani"' in content
    assert not CardTemplate.objects.exists()


@pytest.mark.django_db
def test_a_png_logo_is_stored_re_encoded(client):
    original = png_bytes(pnginfo=None)
    post_logo(client, "logo.png", original)
    template = CardTemplate.objects.get()
    stored = template.logo.read()
    assert stored.startswith(b"\x89PNG")
    assert template.logo.name.startswith("sjablonen/logos/")
    assert "logo" not in template.logo.name.rsplit("/", 1)[1]  # the uploaded name is not used


@pytest.mark.django_db
def test_a_jpeg_logo_is_accepted_and_stored_as_png(client):
    post_logo(client, "logo.jpg", jpeg_bytes(), "image/jpeg")
    with Image.open(CardTemplate.objects.get().logo.path) as image:
        assert image.format == "PNG"
        assert image.size == (240, 120)


@pytest.mark.django_db
def test_a_large_logo_is_scaled_down(client):
    post_logo(client, "logo.png", png_bytes(size=(4000, 1000)))
    with Image.open(CardTemplate.objects.get().logo.path) as image:
        assert image.size == (1200, 300)


@pytest.mark.django_db
def test_metadata_is_stripped_when_re_encoding(client):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    post_logo(client, "logo.png", png_bytes(pnginfo=info))
    assert b"<script>" not in CardTemplate.objects.get().logo.read()


@pytest.mark.django_db
def test_an_svg_with_a_script_is_refused(client):
    response = post_logo(client, "logo.svg", SVG_WITH_SCRIPT, "image/svg+xml")
    assert_refused(response, "SVG-bestanden kunnen we niet gebruiken")


@pytest.mark.django_db
def test_an_svg_disguised_as_png_is_refused(client):
    response = post_logo(client, "logo.png", SVG_WITH_SCRIPT)
    assert_refused(response, "SVG-bestanden kunnen we niet gebruiken")


@pytest.mark.django_db
def test_a_png_that_is_really_html_is_refused(client):
    response = post_logo(client, "logo.png", HTML_PAGE)
    assert_refused(response, "Dit bestand is geen PNG- of JPEG-afbeelding")


@pytest.mark.django_db
def test_a_50_mb_file_is_cut_off_while_it_arrives_and_refused(client):
    content = png_bytes() + b"\x00" * (50 * 1024 * 1024)
    response = post_logo(client, "logo.png", content)
    assert_refused(response, "Dit bestand is te groot. Een logo mag maximaal 2,0\xa0MB zijn.")


@pytest.mark.django_db
def test_a_file_just_over_2_mb_is_refused_with_its_size_before_it_is_decoded(client):
    content = png_bytes() + b"\x00" * (2 * 1024 * 1024)
    response = post_logo(client, "logo.png", content)
    assert_refused(response, "Dit bestand is 2,0\xa0MB. Een logo mag maximaal 2,0\xa0MB zijn.")


@pytest.mark.django_db
def test_the_house_style_form_still_checks_csrf(make_service):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, {"name": "x"})
    assert response.status_code == 403


def test_the_upload_handler_skips_a_file_past_its_limit():
    from django.core.files.uploadhandler import SkipFile
    from django.test import RequestFactory

    from referrals.uploads import SizeLimitedUploadHandler

    request = RequestFactory().post("/")
    handler = SizeLimitedUploadHandler(request, limit=10)
    handler.new_file("logo", "logo.png", "image/png", 100)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"678901", 5)
    assert request.oversized_uploads == {"logo"}


@pytest.mark.django_db
def test_a_decompression_bomb_is_refused(client):
    response = post_logo(client, "logo.png", png_claiming_size(100_000, 100_000))
    assert_refused(response, "Dit logo heeft te veel pixels")


@pytest.mark.django_db
def test_an_image_with_too_many_pixels_for_a_logo_is_refused_before_decoding(client):
    response = post_logo(client, "logo.png", png_claiming_size(10_000, 5_000))
    assert_refused(response, "Dit logo is 10.000 × 5.000 pixels")


@pytest.mark.django_db
def test_a_truncated_image_is_refused(client):
    noisy = io.BytesIO()
    Image.effect_noise((400, 400), 64).save(noisy, format="PNG")
    response = post_logo(client, "logo.png", noisy.getvalue()[:2000])
    assert_refused(response, "Dit bestand is beschadigd of onvolledig")


@pytest.mark.django_db
def test_a_truncated_jpeg_is_refused(client):
    noisy = io.BytesIO()
    Image.effect_noise((400, 400), 64).convert("RGB").save(noisy, format="JPEG")
    response = post_logo(client, "logo.jpg", noisy.getvalue()[:3000], "image/jpeg")
    assert_refused(response, "Dit bestand is beschadigd of onvolledig")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["logo.gif", "logo.exe", "logo.php", "logo"])
def test_a_file_with_a_wrong_extension_is_refused(client, name):
    response = post_logo(client, name, png_bytes())
    assert_refused(response, "Kies een bestand dat eindigt op .png, .jpg of .jpeg")


@pytest.mark.django_db
def test_a_gif_named_png_is_refused(client):
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    response = post_logo(client, "logo.png", gif.getvalue())
    assert_refused(response, "Dit bestand is geen PNG- of JPEG-afbeelding")


@pytest.mark.django_db
def test_a_refused_logo_keeps_the_saved_logo(client):
    post_logo(client, "logo.png", png_bytes())
    saved = CardTemplate.objects.get().logo.name
    response = post_logo(client, "logo.png", HTML_PAGE)
    assert "Dit bestand is geen PNG- of JPEG-afbeelding" in response.content.decode()
    assert CardTemplate.objects.get().logo.name == saved
