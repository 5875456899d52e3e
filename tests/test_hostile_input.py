"""The five server errors found by fuzzing (issue 16), and the one way each class of input is
now read: integers in ASCII digits, redirect targets as paths, NUL bytes refused, phones parsed
by libphonenumber."""

import pytest
from django.urls import reverse

from config.inputs import parse_int, redirect_path
from referrals.models import CardTemplate
from referrals.session import CardState


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), ("0", 0), ("007", 7), ("²", None), ("١٢", None), (" 12", None), ("1_000", None),
     ("+3", None), ("-3", None), ("", None), (None, None), ("9" * 19, None), ("12\x00", None)],
)  # fmt: skip
def test_parse_int_reads_ascii_digits_only(raw, expected):
    assert parse_int(raw) == expected


def test_parse_int_keeps_to_its_bounds():
    assert parse_int("0", minimum=1) is None
    assert parse_int("21", maximum=20) is None
    assert parse_int("20", minimum=1, maximum=20) == 20


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("/diensten/?q=eenzaam", "/diensten/?q=eenzaam"), ("/fr/diensten/", "/fr/diensten/"),
     ("x", "/f/"), ("referrals:card_edit", "/f/"), ("//evil.example/", "/f/"),
     ("/\\evil.example", "/f/"), ("https://evil.example/", "/f/"), ("javascript:alert(1)", "/f/"),
     ("/a\x00b", "/f/"), ("/a b", "/f/"), ("/é", "/f/"), ("", "/f/"), (None, "/f/")],
)  # fmt: skip
def test_redirect_path_takes_paths_on_this_site_only(raw, expected):
    assert redirect_path(raw, "/f/") == expected


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["x", "card_edit", "https://evil.example/", "//evil.example"])
def test_adding_to_the_card_with_a_strange_next_goes_back_to_the_card(client, target):
    response = client.post(reverse("referrals:add_service"), {"service": "1", "next": target})
    assert response.status_code == 302
    assert response.url == reverse("referrals:card_edit")


def test_adding_to_the_card_with_a_path_as_next_goes_back_there(client, make_service):
    service = make_service()
    response = client.post(
        reverse("referrals:add_service"), {"service": str(service.pk), "next": "/diensten/?q=x"}
    )
    assert response.status_code == 302
    assert response.url == f"/diensten/?q=x#kaart-{service.pk}"


@pytest.mark.django_db
def test_adding_a_strange_digit_to_the_card_says_so_in_the_card_editor(client):
    response = client.post(
        reverse("referrals:add_service"), {"service": "²", "next": "/diensten/?q=x"}
    )
    assert response.status_code == 302
    assert response.url == reverse("referrals:card_edit")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["%C2%B2", "%D9%A1", "1%00", "99999999999999999999999"])
def test_choosing_services_with_strange_digits_is_no_error(client, value):
    response = client.get(f"/selectie/?kies={value}")
    assert response.status_code == 302
    assert response.url == reverse("directory:service_list")


@pytest.mark.django_db
def test_a_card_action_with_strange_digits_changes_nothing(client, make_service):
    service = make_service()
    state = CardState.load(client.session)
    state.add(service.pk)
    session = client.session
    state.save(session)
    session.save()
    response = client.post(reverse("referrals:card_edit"), {"actie": "verwijder:²"})
    assert response.status_code in (200, 302)
    assert [entry.service_id for entry in CardState.load(client.session).entries] == [service.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["0", "+32", "+", "²"])
def test_the_house_style_form_refuses_a_broken_phone_in_dutch(client, phone):
    response = client.post(
        reverse("referrals:house_style"),
        {"name": "Team Noord", "organisation_name": "WGC De Sleep", "phone": phone},
    )
    assert response.status_code == 200
    assert "Een telefoonnummer mag alleen cijfers bevatten" in response.content.decode()
    assert not CardTemplate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/doorverwijskaart/sjabloon/%00/", "/fr/diensten/a%00b/", "/selectie/%00/"]
)
def test_a_nul_byte_in_the_path_gets_a_clear_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "Deze link klopt niet" in response.content.decode() or path.startswith("/fr/")


@pytest.mark.django_db
def test_the_400_page_speaks_the_language_of_the_url(client):
    response = client.get("/fr/diensten/a%00b/")
    assert response.status_code == 400
    assert 'lang="fr"' in response.content.decode()
