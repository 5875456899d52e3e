"""Belgian phone numbers: normalise what staff type into one readable national format.

Accepted input: spaces, dots, slashes, dashes and brackets anywhere; a +32 or 0032 prefix;
short numbers of 3 or 4 digits (112, 106, 1813). Output groups digits the Belgian way:
``09 210 10 10`` (one-digit zone), ``053 76 21 48`` (two-digit zone), ``0492 13 30 08`` (mobile),
``0800 13 500`` (free and premium numbers).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s./\-()]")
_ONE_DIGIT_ZONES = {"2", "3", "4", "9"}


def _national_digits(raw: str) -> str:
    # "+32 (0)53 ..." : the (0) is the national prefix, written for readers calling from Belgium.
    digits = _SEPARATORS.sub("", (raw or "").replace("(0)", ""))
    if digits.startswith("+32"):
        digits = "0" + digits[3:]
    elif digits.startswith("0032"):
        digits = "0" + digits[4:]
    if not digits.isdigit():
        raise ValidationError(
            _("Een telefoonnummer mag alleen cijfers bevatten, bijvoorbeeld 09 210 10 10."),
            code="invalid_phone",
        )
    return digits


def normalize_phone(raw: str) -> str:
    """Return the number in Belgian national format or raise ValidationError in Dutch."""
    digits = _national_digits(raw)
    if len(digits) in (3, 4) and not digits.startswith("0"):
        return digits
    if not digits.startswith("0") or digits.startswith("00"):
        raise ValidationError(
            _("Geef een Belgisch nummer, bijvoorbeeld 09 210 10 10 of 0492 13 30 08."),
            code="invalid_phone",
        )
    if digits[1] == "4" and len(digits) == 10:
        return f"{digits[:4]} {digits[4:6]} {digits[6:8]} {digits[8:]}"
    if digits[1:3] in {"80", "90"} and len(digits) == 9:
        return f"{digits[:4]} {digits[4:6]} {digits[6:]}"
    if len(digits) == 9 and digits[1] != "4":
        if digits[1] in _ONE_DIGIT_ZONES:
            return f"{digits[:2]} {digits[2:5]} {digits[5:7]} {digits[7:]}"
        return f"{digits[:3]} {digits[3:5]} {digits[5:7]} {digits[7:]}"
    raise ValidationError(
        _(
            "Dit telefoonnummer heeft niet het juiste aantal cijfers. "
            "Een vast nummer heeft 9 cijfers, een gsm-nummer 10."
        ),
        code="invalid_phone",
    )


def phone_uri(normalized: str) -> str:
    """A tel: URI for a normalised number: international for full numbers, as-is for short ones."""
    digits = normalized.replace(" ", "")
    if digits.startswith("0"):
        return f"tel:+32{digits[1:]}"
    return f"tel:{digits}"
