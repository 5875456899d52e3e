"""Changes to the rows the service form edits inline, for the service's history page."""

from directory.models import ContactChannel, OpeningHours, ServiceAtLocation, ServiceTranslation

INLINE_MODELS = [ContactChannel, ServiceAtLocation, OpeningHours, ServiceTranslation]
LIMIT = 100


def inline_changes(service_id) -> list:
    """The latest changes to the service's contact channels, places, opening hours and
    translations.

    Historical rows keep `service_id` after the row itself is deleted, so deletions show too.
    """
    records = []
    for model in INLINE_MODELS:
        history = model.history.filter(service_id=service_id).select_related("history_user")
        for record in history.order_by("-history_date")[:LIMIT]:
            record.row_label = model._meta.verbose_name
            records.append(record)
    records.sort(key=lambda record: record.history_date, reverse=True)
    return records[:LIMIT]
