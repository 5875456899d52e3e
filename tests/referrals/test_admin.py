import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from referrals.models import CardTemplate
from tests.referrals.images import png_bytes

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "Onthaal",
        "organisation_name": "OCMW Gent",
        "contact_person": "",
        "phone": "",
        "primary_colour": "#0b4f9c",
        "accent_colour": "#ffd33d",
    }
    data.update(overrides)
    return data


def test_staff_can_list_and_search_templates(admin_client):
    CardTemplate.objects.create(name="Onthaal", organisation_name="OCMW Gent")
    response = admin_client.get(reverse("admin:referrals_cardtemplate_changelist"), {"q": "OCMW"})
    assert response.status_code == 200
    assert "OCMW Gent" in response.content.decode()


def test_staff_can_add_a_template_with_a_logo(admin_client):
    response = admin_client.post(
        reverse("admin:referrals_cardtemplate_add"),
        form_data(logo=SimpleUploadedFile("logo.jpg", png_bytes())),
    )
    assert response.status_code == 302
    template = CardTemplate.objects.get()
    assert template.logo.read().startswith(b"\x89PNG")


def test_the_admin_refuses_unreadable_colours_too(admin_client):
    response = admin_client.post(
        reverse("admin:referrals_cardtemplate_add"), form_data(primary_colour="#eeeeee")
    )
    assert response.status_code == 200
    assert "De hoofdkleur #eeeeee is te licht" in response.content.decode()
    assert not CardTemplate.objects.exists()


def test_the_admin_shows_the_private_link(admin_client):
    template = CardTemplate.objects.create(name="Onthaal", organisation_name="OCMW Gent")
    response = admin_client.get(reverse("admin:referrals_cardtemplate_change", args=[template.pk]))
    assert template.get_absolute_url() in response.content.decode()


def test_the_model_refuses_low_contrast_colours_on_full_clean():
    from django.core.exceptions import ValidationError

    template = CardTemplate(name="x", organisation_name="y", accent_colour="#333333")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "accent_colour" in error.value.message_dict
