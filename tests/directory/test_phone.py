import pytest
from django.core.exceptions import ValidationError

from directory.phone import normalize_international_phone, normalize_phone, phone_uri


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("053762148", "053 76 21 48"),
        ("053/76.21.48", "053 76 21 48"),
        ("+32 53 76 21 48", "053 76 21 48"),
        ("0032 9 210 10 10", "09 210 10 10"),
        ("09-210-10-10", "09 210 10 10"),
        ("0492133008", "0492 13 30 08"),
        ("+32 492 13 30 08", "0492 13 30 08"),
        ("080013500", "0800 13 500"),
        ("078 15 10 20", "078 15 10 20"),
        ("1813", "1813"),
        ("106", "106"),
        ("112", "112"),
        ("+32 (0)53 73 23 46", "053 73 23 46"),
        ("+32 (0)492 13 30 08", "0492 13 30 08"),
    ],
)
def test_it_writes_numbers_in_belgian_format(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "bel mij",
        "0123",
        "05376214",
        "04921330081",
        "+31 20 123 45 67",
        "0049 30 1234567",
        "12",
        "0",
        "+32",
        "+",
        "00",
        "+32 0",
        "²",
        "٠٥٣٧٦٢١٤٨",
        "053\x0076 21 48",
        "9" * 300,
    ],  # fmt: skip
)
def test_it_rejects_what_is_not_a_belgian_number(raw):
    with pytest.raises(ValidationError) as error:
        normalize_phone(raw)
    assert error.value.code == "invalid_phone"


def test_it_makes_international_tel_links_for_full_numbers():
    assert phone_uri("053 76 21 48") == "tel:+3253762148"
    assert phone_uri("0800 13 500") == "tel:+3280013500"


def test_it_keeps_short_numbers_as_they_are_in_tel_links():
    assert phone_uri("1813") == "tel:1813"


def test_foreign_numbers_are_valid_for_imports_in_international_format():
    assert normalize_international_phone("+31 20 123 45 67") == "+31 20 123 4567"
    assert normalize_international_phone("0049 30 1234567") == "+49 30 1234567"
    assert normalize_international_phone("+32 (0)53 73 23 46") == "053 73 23 46"
    assert normalize_international_phone("1813") == "1813"
    assert phone_uri("+31 20 123 4567") == "tel:+31201234567"


@pytest.mark.parametrize("raw", ["+31 20", "0", "+32", "x", "+999 123"])
def test_imports_still_reject_what_is_no_phone_number(raw):
    with pytest.raises(ValidationError) as error:
        normalize_international_phone(raw)
    assert error.value.code == "invalid_phone"
