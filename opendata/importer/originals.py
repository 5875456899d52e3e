"""Keeping each imported service record whole (opendata.models.OriginalRecord).

Chosen over a per-field report because a report is read once and lost, while the record kept
with the service lets the API and export_hsds give back what the publisher sent (child ids,
currency, interpretation text, ages, attributes, alert, funding...) as long as the directory's
data about the service has not changed since. Records that are exactly what Wegwijs itself
would export (a round trip of export_hsds) need no original.
"""

import json
import uuid

from directory.models import Service
from opendata import hsds
from opendata.hsds.common import digest
from opendata.models import OriginalRecord


def model_view(service: Service) -> dict:
    """What the directory itself makes of the service, as HSDS."""
    item = hsds.service_queryset(Service.objects.filter(pk=service.pk)).get()
    hsds.load_services([item])
    return hsds.own_service(item)


def unchanged(data: dict) -> bool:
    """Whether importing `data` would change nothing: the same record was imported before and
    the service has not changed since, or it is what Wegwijs itself exports for it."""
    try:
        service = Service.objects.filter(uuid=uuid.UUID(str(data.get("id")))).first()
    except ValueError:
        return False
    if service is None:
        return False
    original = OriginalRecord.objects.filter(kind="service", uuid=service.uuid).first()
    current = digest(model_view(service))
    if original is not None:
        return original.data == data and original.model_digest == current
    return current == digest(data)


def keep(service: Service, data: dict) -> None:
    current = digest(model_view(service))
    if current == digest(data):
        OriginalRecord.objects.filter(kind="service", uuid=service.uuid).delete()
        return
    OriginalRecord.objects.update_or_create(
        kind="service",
        uuid=service.uuid,
        defaults={
            "service": service,
            "text": json.dumps(data, ensure_ascii=False),
            "model_digest": current,
        },
    )
