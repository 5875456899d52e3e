"""Opening hours for the service page, fetched in one query and grouped per day."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Q

from directory.models import OpeningHours, Service


@dataclass
class DayHours:
    weekday: str
    periods: list[OpeningHours]


def _by_day(rows: list[OpeningHours]) -> list[DayHours]:
    rows = sorted(rows, key=lambda row: (row.weekday, row.opens_at))
    return [
        DayHours(weekday=periods[0].get_weekday_display(), periods=periods)
        for periods in (list(group) for _, group in groupby(rows, key=lambda row: row.weekday))
    ]


def attach_opening_hours(service: Service) -> None:
    """Set ``service.general_hours`` and ``opening_days`` on each prefetched service location.

    One query: rows for this service (anywhere or at one of its locations) and rows for its
    locations that belong to no service in particular.
    """
    service_locations = list(service.service_locations.all())
    location_ids = [service_location.location_id for service_location in service_locations]
    rows = list(
        OpeningHours.objects.filter(
            Q(service=service) | Q(service__isnull=True, location_id__in=location_ids)
        )
    )
    service.general_hours = _by_day([row for row in rows if row.location_id is None])
    for service_location in service_locations:
        service_location.opening_days = _by_day(
            [row for row in rows if row.location_id == service_location.location_id]
        )
