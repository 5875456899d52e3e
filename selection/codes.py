"""A selection of services as a short code in the link itself: nothing is stored and the link
holds no personal data, only which published services were chosen (base-36 ids, in order)."""

import re

MAX_SERVICES = 20
_CODE = re.compile(rf"^[0-9a-z]{{1,12}}(?:-[0-9a-z]{{1,12}}){{0,{MAX_SERVICES - 1}}}$")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def encode(ids) -> str:
    """'1-a-2s' for ids 1, 10 and 100 (ints): each id once, in the order chosen, at most 20."""
    unique = list(dict.fromkeys(pk for pk in ids if pk > 0))[:MAX_SERVICES]
    return "-".join(_base36(pk) for pk in unique)


def decode(code: str) -> list[int]:
    """The ids in a code, or [] when the code is not one we make."""
    if not _CODE.match(code):
        return []
    return list(dict.fromkeys(int(part, 36) for part in code.split("-")))
