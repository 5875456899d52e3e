"""Reading values that visitors send: one way for each kind, used by every view.

- ``parse_int``: a whole number written in ASCII digits (``"12"``), never ``"²"`` or ``"١٢"``,
  which ``str.isdigit()`` accepts and ``int()`` then refuses or reads differently.
- ``redirect_path``: a place on this site to go back to (``next=``): a path only, never a
  scheme, a host or a view name.
- ``contains_nul``: PostgreSQL refuses NUL characters in text, so no value holding one may reach
  the database. Forms refuse them per field (Django's ``ProhibitNullCharactersValidator``);
  ``NulBytesMiddleware`` refuses them in the URL path, where no form can.
"""

import re

from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")
# A path on this site: starts with one "/", then printable ASCII without backslashes.
_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")


def parse_int(raw, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """The number in ``raw`` when it is 1–18 ASCII digits within the bounds, else None."""
    if not isinstance(raw, str) or not _ASCII_DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number


def redirect_path(raw, fallback: str) -> str:
    """``raw`` when it is a path on this site (``/diensten/?q=x``), else ``fallback``."""
    if (
        isinstance(raw, str)
        and _PATH.fullmatch(raw)
        and url_has_allowed_host_and_scheme(raw, allowed_hosts=None)
    ):
        return raw
    return fallback


def redirect_to_path(raw, fallback: str) -> HttpResponseRedirect:
    """A redirect to ``redirect_path(raw, fallback)``: never a NoReverseMatch, never off-site."""
    return HttpResponseRedirect(redirect_path(raw, fallback))


def contains_nul(value) -> bool:
    return isinstance(value, str) and "\x00" in value


class NulBytesMiddleware:
    """A URL path with a NUL character ("%00") is no page of ours: answer 400 with the site's
    "this link is not right" page, before any view hands the segment to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if contains_nul(request.path_info):
            return HttpResponseBadRequest(
                loader.render_to_string("400.html", request=request), content_type="text/html"
            )
        return self.get_response(request)
