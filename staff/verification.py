"""Marking services verified: only after staff confirmed, per service, what they checked.

Kept in one function so that a richer record of who verified what, against which source, can
take its place without touching the admin.
"""

from directory.models import Service


def mark_services_verified(services, verified_by, verified_for, user=None, today=None) -> int:
    """A named staff member confirmed each service on ``today``: one save each, so the history
    records it (with ``user`` as who made the change)."""
    for service in services:
        service._history_user = user
        service.mark_verified(verified_by, verified_for, day=today)
    return len(services)


def what_to_check(service: Service) -> list[str]:
    """What a verification covers for this service, for the confirmation (prefetched rows)."""
    items = [service.name]
    items += [channel.value for channel in service.contact_channels.all()]
    for place in service.service_locations.all():
        location = place.location
        items.append(f"{location.address} {location.postcode}".strip() or location.name)
    hours = list(service.opening_hours.all())
    if hours:
        items.append(", ".join(str(row) for row in hours))
    return items
