"""Is a service open now, and if not, when does it open? Pure functions on opening hours.

Opening hours are wall-clock times in Brussels. ``now`` can be any aware datetime: it is turned
into Brussels time first, so summer and winter time are handled by ``zoneinfo``. A period never
crosses midnight (the database refuses a closing time before the opening time).

The inputs are duck-typed so that the same code works on model rows and in unit tests:
a period has ``weekday`` (1 = Monday ... 7 = Sunday), ``opens_at``, ``closes_at`` and
``location_id``; a closure has ``start_date``, ``end_date`` (inclusive), ``location_id`` and
``reason``. Closures given here already concern the service; one with a location only closes
the periods at that location.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _

BRUSSELS = ZoneInfo("Europe/Brussels")
# How far ahead we look for the next opening. Beyond that we only say "gesloten".
HORIZON_DAYS = 62


def brussels_now() -> datetime.datetime:
    return datetime.datetime.now(BRUSSELS)


def short_time(value: datetime.time) -> str:
    """Flemish short times: 9u, 17u, 13u30."""
    return f"{value.hour}u" if value.minute == 0 else f"{value.hour}u{value.minute:02d}"


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    now: datetime.datetime
    closes_at: datetime.time | None = None
    next_opening: datetime.datetime | None = None
    closed_for: str = ""  # the reason when a closure covers today
    always: bool = False  # open day and night

    @property
    def label(self) -> str:
        if self.always:
            return _("Nu open, dag en nacht")
        if self.is_open:
            return _("Nu open tot %(time)s") % {"time": short_time(self.closes_at)}
        closed = (
            _("Gesloten (%(reason)s)") % {"reason": self.closed_for}
            if self.closed_for
            else _("Gesloten")
        )
        if self.next_opening is None:
            return closed
        return _("%(closed)s, opent %(when)s") % {"closed": closed, "when": self.when}

    @property
    def when(self) -> str:
        """'vandaag om 13u', 'morgen om 9u', 'maandag om 9u' or 'op 5 januari om 9u'."""
        day, time = self.next_opening.date(), short_time(self.next_opening.time())
        days_ahead = (day - self.now.date()).days
        if days_ahead == 0:
            return _("vandaag om %(time)s") % {"time": time}
        if days_ahead == 1:
            return _("morgen om %(time)s") % {"time": time}
        if days_ahead < 7:
            weekday = formats.date_format(day, "l")
            return _("%(weekday)s om %(time)s") % {"weekday": weekday, "time": time}
        date = formats.date_format(day, "j F")
        return _("op %(date)s om %(time)s") % {"date": date, "time": time}


def _closed(period, day: datetime.date, closures) -> bool:
    return any(
        closure.start_date <= day <= closure.end_date
        and (closure.location_id is None or closure.location_id == period.location_id)
        for closure in closures
    )


def _periods_on(day: datetime.date, periods, closures) -> list:
    return sorted(
        (
            period
            for period in periods
            if period.weekday == day.isoweekday() and not _closed(period, day, closures)
        ),
        key=lambda period: (period.opens_at, period.closes_at),
    )


def _open_in(todays: list, time: datetime.time) -> bool:
    return any(period.opens_at <= time < period.closes_at for period in todays)


def is_open(periods: Iterable, closures: Iterable, now: datetime.datetime) -> bool:
    """Whether one of ``periods`` is open at ``now``: opening_status(...).is_open, without
    looking for the next opening (a service card says only "Nu open" or "Nu gesloten")."""
    now = now.astimezone(BRUSSELS)
    todays = _periods_on(now.date(), list(periods), list(closures))
    return _open_in(todays, now.time().replace(tzinfo=None))


def opening_status(
    periods: Iterable, closures: Iterable, now: datetime.datetime
) -> OpeningStatus | None:
    """The status at ``now``, or None when there are no opening hours at all."""
    periods, closures = list(periods), list(closures)
    if not periods:
        return None
    now = now.astimezone(BRUSSELS)
    today, time = now.date(), now.time().replace(tzinfo=None)
    todays = _periods_on(today, periods, closures)

    if _open_in(todays, time):
        closes_at = time
        for period in todays:  # join periods that follow on without a break: 9–12 and 12–17
            if period.opens_at <= closes_at < period.closes_at:
                closes_at = period.closes_at
        return OpeningStatus(is_open=True, now=now, closes_at=closes_at)

    closed_for = next(
        (
            c.reason
            for c in closures
            if c.start_date <= today <= c.end_date and c.location_id is None
        ),
        "",
    )
    for offset in range(HORIZON_DAYS + 1):
        day = today + datetime.timedelta(days=offset)
        for period in todays if offset == 0 else _periods_on(day, periods, closures):
            if offset == 0 and period.opens_at <= time:
                continue
            opening = datetime.datetime.combine(day, period.opens_at, tzinfo=BRUSSELS)
            return OpeningStatus(
                is_open=False, now=now, next_opening=opening, closed_for=closed_for
            )
    return OpeningStatus(is_open=False, now=now, closed_for=closed_for)


def always_open_status(closures: Iterable, now: datetime.datetime) -> OpeningStatus:
    """A day-and-night service: open, unless a closure of the service itself (given here
    without those of one location) covers today."""
    now = now.astimezone(BRUSSELS)
    for closure in closures:
        if closure.start_date <= now.date() <= closure.end_date and closure.location_id is None:
            return OpeningStatus(is_open=False, now=now, closed_for=closure.reason)
    return OpeningStatus(is_open=True, now=now, always=True)


def next_change(change_times: Iterable[datetime.time], now: datetime.datetime) -> datetime.datetime:
    """The first moment after ``now`` at which an opening status may change: the next of
    ``change_times`` (the opening and closing times in use) today, else midnight, when the date
    changes ("morgen", weekdays, closures). Between two such moments every status and label
    stays the same, so a page showing them stays right until then."""
    now = now.astimezone(BRUSSELS)
    time = now.time().replace(tzinfo=None)
    later_today = [change for change in change_times if change > time]
    if later_today:
        return datetime.datetime.combine(now.date(), min(later_today), tzinfo=BRUSSELS)
    tomorrow = now.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(0), tzinfo=BRUSSELS)
