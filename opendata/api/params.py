"""The query parameters of the HSDS API, read strictly: a bad value is an ApiError naming it."""

import datetime
import re
import uuid

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from config.inputs import parse_int
from directory.search import MAX_QUERY_LENGTH
from opendata.api.http import ApiError

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
MAX_PROXIMITY_METRES = 200_000
TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}
BELGIAN_POSTCODE = re.compile(r"^[1-9][0-9]{3}$")


def _raw(request, name) -> str:
    value = request.GET.get(name, "")
    if "\x00" in value:
        raise ApiError(_("%(name)s bevat een ongeldig teken.") % {"name": name}, parameter=name)
    return value.strip()


def positive_int(request, name, default, maximum) -> int:
    raw = _raw(request, name)
    if raw == "":
        return default
    number = parse_int(raw, minimum=1, maximum=maximum)
    if number is None:
        raise ApiError(
            _("%(name)s moet een geheel getal van 1 tot %(max)d zijn.")
            % {"name": name, "max": maximum},
            parameter=name,
        )
    return number


def boolean(request, name) -> bool:
    raw = _raw(request, name).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise ApiError(_("%(name)s moet true of false zijn.") % {"name": name}, parameter=name)


def uuid_value(raw: str, name: str, status=400) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ApiError(
            _("%(name)s is geen geldige UUID.") % {"name": name}, status, parameter=name
        ) from None


def optional_uuid(request, name) -> uuid.UUID | None:
    raw = _raw(request, name)
    return uuid_value(raw, name) if raw else None


def search(request) -> str:
    raw = _raw(request, "search")
    if len(raw) > MAX_QUERY_LENGTH:
        raise ApiError(
            _("search mag ten hoogste %(max)d tekens lang zijn.") % {"max": MAX_QUERY_LENGTH},
            parameter="search",
        )
    return raw


def modified_after(request) -> datetime.datetime | None:
    """An ISO 8601 date-time (or date); without a time zone, Belgian time."""
    raw = _raw(request, "modified_after")
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.replace(" ", "+"))
        if moment is None and (day := parse_date(raw)) is not None:
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise ApiError(
            _("modified_after moet een datum en uur zijn (ISO 8601), bv. 2026-01-31T12:00:00Z."),
            parameter="modified_after",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def output_format(request) -> str:
    raw = _raw(request, "format").lower() or "json"
    if raw not in {"json", "ndjson"}:
        raise ApiError(_("format moet json of ndjson zijn."), parameter="format")
    return raw


def postcode(request) -> str:
    raw = _raw(request, "postcode")
    if raw and not BELGIAN_POSTCODE.match(raw):
        raise ApiError(
            _("postcode moet een Belgische postcode van 4 cijfers zijn."), parameter="postcode"
        )
    return raw


def proximity(request, has_postcode: bool) -> int | None:
    raw = _raw(request, "proximity")
    if not raw:
        return None
    metres = parse_int(raw, minimum=1, maximum=MAX_PROXIMITY_METRES)
    if metres is None:
        raise ApiError(
            _("proximity moet een afstand in meter zijn, van 1 tot %(max)d.")
            % {"max": MAX_PROXIMITY_METRES},
            parameter="proximity",
        )
    if not has_postcode:
        raise ApiError(_("proximity werkt alleen samen met postcode."), parameter="proximity")
    return metres
