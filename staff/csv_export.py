"""Services as a CSV file for staff (opens directly in Excel with Belgian settings)."""

import csv
import io

from django.db.models import Prefetch
from django.utils import timezone

from directory.models import ContactChannel, Neighbourhood

COLUMNS = [
    "id",
    "naam",
    "organisatie",
    "soort",
    "status",
    "gepubliceerd",
    "steden",
    "wijken",
    "telefoon",
    "e-mail",
    "website",
    "laatst gecontroleerd",
    "te verifiëren",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Text as Excel shows it, never as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def services_csv(queryset) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of the services in `queryset`.

    A fixed number of queries, however many services.
    """
    stale = set(queryset.needs_verification().values_list("pk", flat=True))
    services = queryset.select_related("organization").prefetch_related(
        "serves_cities",
        Prefetch("serves_neighbourhoods", Neighbourhood.objects.select_related("city")),
        "contact_channels",
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    for service in services:
        channels = list(service.contact_channels.all())

        def values(kinds, channels=channels):
            return ", ".join(c.value for c in channels if c.kind in kinds)

        writer.writerow(
            _cell(value)
            for value in [
                service.uuid,
                service.name,
                service.organization.name,
                service.get_kind_display(),
                service.get_status_display(),
                "ja" if service.is_published else "nee",
                ", ".join(city.name for city in service.serves_cities.all()),
                ", ".join(part.name for part in service.serves_neighbourhoods.all()),
                values(ContactChannel.PHONE_KINDS),
                values({ContactChannel.Kind.EMAIL}),
                values(ContactChannel.URL_KINDS),
                service.last_verified.isoformat() if service.last_verified else "",
                "ja" if service.pk in stale else "nee",
            ]
        )
    filename = f"wegwijs-diensten-{timezone.localdate():%Y-%m-%d}.csv"
    # The byte order mark tells Excel the file is UTF-8.
    return filename, "text/csv; charset=utf-8", buffer.getvalue().encode("utf-8-sig")
