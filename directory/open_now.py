"""Attaches "nu open" / "opent morgen om 9u" to services, in one query per page.

The rules live in directory.opening (pure); this module only fetches rows. Opening hours and
closures are read together in one UNION ALL query, so a page of service cards costs one query
for both, and the service page reads its opening hours and closures in the single query that
directory.schedules would otherwise make for the hours alone.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField as CharType
from django.db.models import DateField, F, IntegerField, Q, TimeField, Value

from directory.models import Closure, OpeningHours
from directory.opening import brussels_now, opening_status
from directory.schedules import attach_opening_hours

_COLUMNS = [
    "pk",
    "service_id",
    "location_id",
    "weekday",
    "opens_at",
    "closes_at",
    "note",
    "at_service",
    "first_day",
    "last_day",
    "why",
]


def _null(field):
    return Value(None, output_field=field)


@dataclass(frozen=True)
class ClosureRow:
    service_id: int | None
    location_id: int | None
    start_date: datetime.date
    end_date: datetime.date
    reason: str


def _hours_and_closures(hours, service_ids, today):
    """``hours`` (an OpeningHours queryset annotated with ``at_service``, the service a
    location row is counted for) and the closures that can concern ``service_ids`` and end
    today or later, in one query. Returns (hours as OpeningHours instances with at_service,
    closures)."""
    hours = hours.annotate(
        first_day=_null(DateField()), last_day=_null(DateField()), why=_null(CharType())
    ).values_list(*_COLUMNS)
    closures = (
        Closure.objects.filter(end_date__gte=today)
        .filter(Q(service__isnull=True) | Q(service_id__in=service_ids))
        .annotate(
            weekday=_null(IntegerField()),
            opens_at=_null(TimeField()),
            closes_at=_null(TimeField()),
            note=_null(CharType()),
            at_service=_null(IntegerField()),
            first_day=F("start_date"),
            last_day=F("end_date"),
            why=F("reason"),
        )
        .values_list(*_COLUMNS)
    )
    hour_rows, closure_rows = [], []
    for row in hours.order_by().union(closures.order_by(), all=True):
        values = dict(zip(_COLUMNS, row, strict=True))
        if values["weekday"] is None:
            closure_rows.append(
                ClosureRow(
                    values["service_id"],
                    values["location_id"],
                    values["first_day"],
                    values["last_day"],
                    values["why"],
                )
            )
        else:
            period = OpeningHours(
                pk=values["pk"],
                service_id=values["service_id"],
                location_id=values["location_id"],
                weekday=values["weekday"],
                opens_at=values["opens_at"],
                closes_at=values["closes_at"],
                note=values["note"],
            )
            period.at_service = values["at_service"]
            hour_rows.append(period)
    return hour_rows, closure_rows


def _closures_for(service_id: int, closures: list[ClosureRow]) -> list[ClosureRow]:
    return [c for c in closures if c.service_id is None or c.service_id == service_id]


def attach_card_status(services, now: datetime.datetime | None = None) -> None:
    """Set ``opening_status`` (None when no hours are known) on each service of a page.

    Counts the same hours as ``ServiceQuerySet.open_at``: the service's own rows and the rows
    of its locations that belong to no service in particular. One query.
    """
    services = list(services)
    if not services:
        return
    now = (now or brussels_now()).astimezone(brussels_now().tzinfo)
    ids = [service.pk for service in services]
    hours = OpeningHours.objects.filter(
        Q(service_id__in=ids)
        | Q(service__isnull=True, location__service_locations__service_id__in=ids)
    ).annotate(at_service=F("location__service_locations__service_id"))
    rows, closures = _hours_and_closures(hours, ids, now.date())
    periods: dict[int, dict[int, OpeningHours]] = {pk: {} for pk in ids}
    for row in rows:
        owner = row.service_id or row.at_service
        if owner in periods:
            periods[owner][row.pk] = row  # a row can come once per service at its location
    for service in services:
        service.opening_status = opening_status(
            periods[service.pk].values(), _closures_for(service.pk, closures), now
        )


def attach_opening_hours_and_status(service, now: datetime.datetime | None = None) -> None:
    """What directory.schedules.attach_opening_hours sets, plus ``opening_status`` on the
    service (all its hours) and on each prefetched service location. One query."""
    now = (now or brussels_now()).astimezone(brussels_now().tzinfo)
    location_ids = [sl.location_id for sl in service.service_locations.all()]
    hours = OpeningHours.objects.filter(
        Q(service=service) | Q(service__isnull=True, location_id__in=location_ids)
    ).annotate(at_service=_null(IntegerField()))
    rows, closures = _hours_and_closures(hours, [service.pk], now.date())
    closures = _closures_for(service.pk, closures)
    attach_opening_hours(service, rows=rows)
    service.opening_status = opening_status(rows, closures, now)
    for service_location in service.service_locations.all():
        here = [row for row in rows if row.location_id == service_location.location_id]
        service_location.opening_status = opening_status(here, closures, now)
