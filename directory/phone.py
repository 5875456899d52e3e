"""Phone numbers, parsed by Google's libphonenumber (``phonenumbers``): one parser for the site.

``normalize_phone`` takes what staff and visitors type (spaces, dots, slashes, dashes, brackets,
a +32 or 0032 prefix, the "(0)" of "+32 (0)53 73 23 46") and returns a Belgian number in the
national format Belgians read: ``09 210 10 10``, ``053 76 21 48``, ``0492 13 30 08``,
``0800 13 500``. Belgian short numbers (112, 106, 1813) stay as they are.

``normalize_international_phone`` also accepts numbers of other countries, written in the
international format (``+31 20 123 4567``): for open data (HSDS) imports, where a service
abroad may be listed.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import NumberParseException, PhoneNumberFormat, shortnumberinfo

REGION = "BE"


def _invalid(message) -> ValidationError:
    return ValidationError(message, code="invalid_phone")


def _parse(raw: str) -> phonenumbers.PhoneNumber:
    text = (raw or "").strip()
    if not text or not all(char.isascii() for char in text):
        raise _invalid(
            _("Een telefoonnummer mag alleen cijfers bevatten, bijvoorbeeld 09 210 10 10.")
        )
    try:
        return phonenumbers.parse(text, REGION)
    except NumberParseException as error:
        raise _invalid(
            _("Een telefoonnummer mag alleen cijfers bevatten, bijvoorbeeld 09 210 10 10.")
        ) from error


def _is_short_number(number, raw: str) -> bool:
    digits = "".join(char for char in raw if char.isdigit())
    return (
        len(digits) in (3, 4)
        and not digits.startswith("0")
        and not raw.strip().startswith("+")
        and shortnumberinfo.is_valid_short_number_for_region(number, REGION)
    )


def _wrong_length_or_zone() -> ValidationError:
    return _invalid(
        _(
            "Dit telefoonnummer heeft niet het juiste aantal cijfers. "
            "Een vast nummer heeft 9 cijfers, een gsm-nummer 10."
        )
    )


def normalize_phone(raw: str) -> str:
    """A Belgian number in national format, or ValidationError in Dutch."""
    number = _parse(raw)
    if _is_short_number(number, raw):
        return str(number.national_number)
    written = raw.strip()
    if number.country_code != 32 or not written.startswith(("0", "+")):
        raise _invalid(_("Geef een Belgisch nummer, bijvoorbeeld 09 210 10 10 of 0492 13 30 08."))
    if not phonenumbers.is_valid_number_for_region(number, REGION):
        raise _wrong_length_or_zone()
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def normalize_international_phone(raw: str) -> str:
    """Like ``normalize_phone``, but a valid number of another country is accepted too and kept
    in international format (``+31 20 123 4567``). For imports of open data."""
    number = _parse(raw)
    if number.country_code == 32 or _is_short_number(number, raw):
        return normalize_phone(raw)
    if not phonenumbers.is_valid_number(number):
        raise _wrong_length_or_zone()
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def phone_uri(normalized: str) -> str:
    """A tel: URI for a normalised number: international for full numbers, as-is for short ones."""
    digits = "".join(char for char in normalized if char.isdigit() or char == "+")
    if digits.startswith("+"):
        return f"tel:{digits}"
    if digits.startswith("0"):
        return f"tel:+32{digits[1:]}"
    return f"tel:{digits}"
