"""Attaches "nu open tot 17u" / "opent morgen om 9u" to the service page, at no extra query,
and "Nu open" / "Nu gesloten" to a page of service cards, in one query (none for services whose
hours the process read for an earlier page, while the data stay the same).

The rules live in directory.opening (pure); this module only fetches rows. Opening hours and
closures are read together in one UNION ALL query: the one query that directory.schedules
would otherwise make for the hours alone. The filter "Nu open" applies the same rules in SQL
(``ServiceQuerySet.open_at``).
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField as CharType
from django.db.models import Count, DateField, F, IntegerField, Q, TimeField, Value
from django.db.models.functions import Cast

from directory import opening
from directory.compiled_sql import CompiledQuery
from directory.models import Closure, OpeningHours, Service
from directory.schedules import attach_opening_hours
from pagecache.shared import shared_for_each, shared_while_unchanged

_COLUMNS = [
    "pk",
    "service_id",
    "location_id",
    "weekday",
    "opens_at",
    "closes_at",
    "note",
    "first_day",
    "last_day",
    "why",
    "applies_to",
]


def _null(field):
    """A typed NULL: in a UNION of three parts, PostgreSQL would type two untyped NULLs as text."""
    return Cast(Value(None), output_field=field)


@dataclass(frozen=True)
class ClosureRow:
    service_id: int | None
    location_id: int | None
    start_date: datetime.date
    end_date: datetime.date
    reason: str


@dataclass(frozen=True)
class PeriodRow:
    """An opening hours row as a card needs it (directory.opening's duck type)."""

    applies_to: int
    location_id: int | None
    weekday: int
    opens_at: datetime.time
    closes_at: datetime.time


def _hours_and_closures_query(hours: list, service_ids: list[int], today: datetime.date):
    """The rows of ``hours`` and the closures that can concern ``service_ids`` and end today or
    later, as one UNION ALL values_list query of _COLUMNS. ``hours`` are pairs of an
    OpeningHours queryset and the service its rows count for (an expression)."""
    first, *more = [
        part.annotate(
            first_day=_null(DateField()),
            last_day=_null(DateField()),
            why=_null(CharType()),
            applies_to=applies_to,
        )
        .values_list(*_COLUMNS)
        .order_by()
        for part, applies_to in hours
    ]
    closures = (
        Closure.objects.filter(end_date__gte=today)
        .filter(Q(service__isnull=True) | Q(service_id__in=service_ids))
        .annotate(
            weekday=_null(IntegerField()),
            opens_at=_null(TimeField()),
            closes_at=_null(TimeField()),
            note=_null(CharType()),
            first_day=F("start_date"),
            last_day=F("end_date"),
            why=F("reason"),
            applies_to=_null(IntegerField()),
        )
        .values_list(*_COLUMNS)
    )
    return first.union(*more, closures.order_by(), all=True)


def _split_rows(rows, as_models: bool = True):
    """Rows of _hours_and_closures_query as (hours rows, closures): the hours rows are
    OpeningHours instances with ``applies_to``, or with ``as_models=False`` PeriodRows."""
    hour_rows, closure_rows = [], []
    for row in rows:
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
        elif not as_models:
            hour_rows.append(
                PeriodRow(
                    values["applies_to"],
                    values["location_id"],
                    values["weekday"],
                    values["opens_at"],
                    values["closes_at"],
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
            period.applies_to = values["applies_to"]
            hour_rows.append(period)
    return hour_rows, closure_rows


def _service_page_query(service_id: int, today: datetime.date):
    """One service's hours, those of its locations that belong to no service in particular,
    and the closures that can concern it."""
    places = Service.locations.through.objects.filter(service_id=service_id)
    own = OpeningHours.objects.filter(service_id=service_id)
    # Apart, not OR-ed: each part then reads its own index.
    at_places = OpeningHours.objects.filter(
        service__isnull=True, location_id__in=places.values("location_id")
    )
    applies_to = Value(service_id)
    return _hours_and_closures_query(
        [(own, applies_to), (at_places, applies_to)], [service_id], today
    )


# The service page's query is of one shape: built once per process.
_SERVICE_PAGE_ROWS = CompiledQuery(_service_page_query)


def _closures_for(service_id: int, closures: list[ClosureRow]) -> list[ClosureRow]:
    return [c for c in closures if c.service_id is None or c.service_id == service_id]


def _brussels(now: datetime.datetime | None) -> datetime.datetime:
    return (now or opening.brussels_now()).astimezone(opening.BRUSSELS)


def opening_hours_read(service_id: int, now: datetime.datetime | None = None) -> tuple:
    """The query and values that attach_opening_hours_and_status reads, for
    directory.compiled_sql.read_together."""
    return _SERVICE_PAGE_ROWS, (service_id, _brussels(now).date())


def attach_opening_hours_and_status(
    service, now: datetime.datetime | None = None, rows: list | None = None
) -> None:
    """What directory.schedules.attach_opening_hours sets, plus ``opening_status`` on the
    service (all its hours) and on each prefetched service location. One query, none when
    ``rows`` holds what opening_hours_read() reads."""
    now = _brussels(now)
    if rows is None:
        query, values = opening_hours_read(service.pk, now)
        rows = query.rows(*values)
    rows, closures = _split_rows(rows)
    closures = _closures_for(service.pk, closures)
    attach_opening_hours(service, rows=rows)
    if service.always_open:
        own = [c for c in closures if c.service_id == service.pk]
        service.opening_status = opening.always_open_status(own, now)
    else:
        service.opening_status = opening.opening_status(rows, closures, now)
    for service_location in service.service_locations.all():
        here = [row for row in rows if row.location_id == service_location.location_id]
        service_location.opening_status = opening.opening_status(here, closures, now)


def attach_open_now(services, now: datetime.datetime) -> None:
    """Set ``has_opening_hours`` and ``is_open_now`` on each of ``services`` (a page of
    cards). Their hours and closures are read in one query and kept by the process until the
    data change (pagecache.shared_for_each): the cards of the next page or search that shows
    the same services need no query. ``ServiceQuerySet.with_card_data`` calls it."""
    services = list(services)
    if not services:
        return
    now = now.astimezone(opening.BRUSSELS)
    schedules = shared_for_each(
        "card-schedules",
        [service.pk for service in services],
        lambda ids: _card_schedules(ids, now.date()),
    )
    for service in services:
        periods, concerning = schedules[service.pk]
        service.has_opening_hours = service.always_open or bool(periods)
        if service.always_open:
            own_closures = [c for c in concerning if c.service_id == service.pk]
            service.is_open_now = opening.always_open_status(own_closures, now).is_open
        else:
            service.is_open_now = opening.is_open(periods, concerning, now)


def _card_schedules(ids: list[int], today: datetime.date) -> dict[int, tuple[list, list]]:
    """Per service: the periods its card goes by (its own hours, and the hours of its
    locations that belong to no service in particular) and the closures that concern it and
    end today or later, in one query. Still right on a later day: a closure that has ended
    does not cover that day, and a new one is an edit, which drops what the process kept."""
    own = OpeningHours.objects.filter(service_id__in=ids)
    at_their_locations = OpeningHours.objects.filter(
        service__isnull=True, location__service_locations__service_id__in=ids
    )
    query = _hours_and_closures_query(
        [
            (own, F("service_id")),
            (at_their_locations, F("location__service_locations__service_id")),
        ],
        ids,
        today,
    )
    rows, closures = _split_rows(query, as_models=False)
    periods_of: dict[int, list[PeriodRow]] = {}
    for row in rows:
        periods_of.setdefault(row.applies_to, []).append(row)
    return {pk: (periods_of.get(pk, []), _closures_for(pk, closures)) for pk in ids}


class HoursProfile:
    """How many opening-hours rows are open at each weekday and time: the times at which an
    opening status may change, and how busy a moment is against the busiest of the week."""

    def __init__(self, spans):
        """``spans``: (weekday, opens_at, closes_at, number of rows) of every hours row."""
        self.spans = tuple(spans)
        self.change_times = frozenset(
            t for _, opens, closes, _ in self.spans for t in (opens, closes)
        )
        self.busiest = max((self._busiest_on(day) for day in range(1, 8)), default=0)

    def open_rows(self, moment: datetime.datetime) -> int:
        """How many hours rows are open at ``moment`` (closures aside)."""
        local = moment.astimezone(opening.BRUSSELS)
        day, time = local.isoweekday(), local.time().replace(tzinfo=None)
        return sum(
            rows
            for weekday, opens, closes, rows in self.spans
            if weekday == day and opens <= time < closes
        )

    def open_share(self, moment: datetime.datetime) -> float:
        """The hours rows open at ``moment`` against those open at the busiest moment of the
        week; 0 without any."""
        return self.open_rows(moment) / self.busiest if self.busiest else 0.0

    def _busiest_on(self, day: int) -> int:
        # At a closing time the row is closed: closings sort before openings at the same time.
        changes = sorted(
            (time, step)
            for weekday, opens, closes, rows in self.spans
            if weekday == day
            for time, step in ((opens, rows), (closes, -rows))
        )
        most = running = 0
        for _, step in changes:
            running += step
            most = max(most, running)
        return most


def _hours_profile() -> HoursProfile:
    """Every hours row's weekday and times, counted, in one query (at 100,000 services 33-45
    ms, where the opening and closing times alone, each made distinct, took 63-74 ms)."""
    spans = (
        OpeningHours.objects.order_by()
        .values_list("weekday", "opens_at", "closes_at")
        .annotate(rows=Count("pk"))
    )
    return HoursProfile(spans)


def hours_profile() -> HoursProfile:
    """The directory's HoursProfile, shared by the process's requests while the data stay the
    same."""
    return shared_while_unchanged("hours-profile", _hours_profile)


def statuses_valid_until(moment: float) -> float:
    """Until when (a timestamp) a page rendered from ``moment`` on shows the right opening
    statuses: the next opening or closing time anywhere in the directory, or midnight."""
    now = datetime.datetime.fromtimestamp(moment, opening.BRUSSELS)
    return opening.next_change(hours_profile().change_times, now).timestamp()
