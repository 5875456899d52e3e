"""The queries behind the signals dashboard and its CSV export."""

import datetime

from django.db.models import Sum

from insights.models import DemandCount

Event = DemandCount.Event
TOP = 10


def parse_month(raw: str | None) -> datetime.date | None:
    """'2026-11' → 1 November 2026; None for anything else."""
    try:
        return datetime.datetime.strptime((raw or "").strip(), "%Y-%m").date()
    except ValueError:
        return None


def months_back(month: datetime.date, count: int) -> list[datetime.date]:
    months = []
    for _ in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def counts(cities=None):
    """All counters, or those of these cities (slugs) only: a policy officer's own city."""
    if cities is None:
        return DemandCount.objects.all()
    return DemandCount.objects.filter(city__in=cities)


def top_subjects(event: str, month: datetime.date, *, limit: int = TOP, cities=None):
    return list(
        counts(cities)
        .filter(event=event, month=month)
        .values("subject")
        .annotate(total=Sum("count"))
        .order_by("-total", "subject")
        .values_list("subject", "total")[:limit]
    )


def top_subjects_per_city(event: str, month: datetime.date, *, limit: int = 5, cities=None):
    rows = (
        counts(cities)
        .filter(event=event, month=month)
        .values("city", "subject")
        .annotate(total=Sum("count"))
        .order_by("city", "-total", "subject")
    )
    per_city: dict[str, list[tuple[str, int]]] = {}
    for row in rows:
        subjects = per_city.setdefault(row["city"] or "—", [])
        if len(subjects) < limit:
            subjects.append((row["subject"], row["total"]))
    return per_city


def monthly_totals(event: str, month: datetime.date, *, months: int = 12, cities=None):
    window = months_back(month, months)
    totals = dict(
        counts(cities)
        .filter(event=event, month__in=window)
        .values("month")
        .annotate(total=Sum("count"))
        .values_list("month", "total")
    )
    return [(f"{m:%m/%Y}", totals.get(m, 0)) for m in window]


def csv_rows(month: datetime.date | None, cities=None):
    queryset = counts(cities).order_by("month", "event", "city", "neighbourhood", "-count")
    if month:
        queryset = queryset.filter(month=month)
    for counter in queryset.iterator():
        yield [
            f"{counter.month:%Y-%m}",
            counter.event,
            counter.subject,
            counter.city,
            counter.neighbourhood,
            counter.count,
        ]
