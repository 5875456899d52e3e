"""Changes to the rows the service form edits inline, for the service's history page."""

from directory.models import (
    ContactChannel,
    Location,
    OpeningHours,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
)

INLINE_MODELS = [ContactChannel, ServiceAtLocation, OpeningHours, ServiceTranslation]
LIMIT = 100


def inline_changes(service_id) -> list:
    """The latest changes to the service's contact channels, places, opening hours and
    translations, each with the value before (`old_label`) and after (`new_label`).

    Historical rows keep `service_id` after the row itself is deleted, so deletions show too.
    One query per model: the previous record of a row is found among the same rows.
    """
    records = []
    location_ids = ServiceAtLocation.history.filter(service_id=service_id).values("location_id")
    location_names = dict(Location.objects.filter(pk__in=location_ids).values_list("pk", "name"))
    service_name = Service.objects.filter(pk=service_id).values_list("name", flat=True).first()
    for model in INLINE_MODELS:
        history = model.history.filter(service_id=service_id).select_related("history_user")
        previous = {}
        for record in history.order_by("history_date", "history_id"):
            before = previous.get(record.id)
            label = _label(record, location_names, service_name)
            record.row_label = model._meta.verbose_name
            record.old_label = (
                _label(before, location_names, service_name) if before is not None else ""
            )
            record.new_label = "" if record.history_type == "-" else label
            if record.history_type == "-":
                record.old_label = label
            previous[record.id] = record
            records.append(record)
    records.sort(key=lambda record: record.history_date, reverse=True)
    return records[:LIMIT]


def _label(record, location_names, service_name) -> str:
    """What the row said, without reading the service or location row by row."""
    if isinstance(record, ServiceAtLocation.history.model):
        name = location_names.get(record.location_id, "?")
        return f"{name}: {record.note}" if record.note else name
    if isinstance(record, ServiceTranslation.history.model):
        label = f"{service_name} ({record.get_language_display()})"
        return f"{label}: {record.summary}" if record.summary else label
    return str(record.history_object)
