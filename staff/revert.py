"""Reverting a service also restores the rows it owns: contact channels, opening hours, places and
translations.

django-simple-history's revert form holds the service's own fields only. The owned rows are put
back as they were just before the service's next change after the chosen version (or as they are
now, when the chosen version is the latest): the inline rows an admin save changes are recorded
right after the service's own record of that save, so that moment includes them.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from directory.models import (
    ContactChannel,
    Location,
    OpeningHours,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
)

OWNED_MODELS = [ContactChannel, OpeningHours, ServiceAtLocation, ServiceTranslation]


@dataclass
class RestoreResult:
    restored: int = 0
    removed: int = 0
    skipped: list[str] = field(default_factory=list)  # rows that cannot come back, for staff


def _moment_after(version) -> object | None:
    """When the service changed next after this version; None when it is the latest."""
    later = (
        Service.history.filter(id=version.id, history_id__gt=version.history_id)
        .order_by("history_id")
        .values_list("history_date", flat=True)
        .first()
    )
    return later


def _rows_as_of(model, service_id, moment) -> dict:
    """Each owned row's last record before `moment`, by row id (deleted rows left out)."""
    records = model.history.filter(service_id=service_id, history_date__lt=moment).order_by(
        "id", "-history_date", "-history_id"
    )
    latest = {}
    for record in records:
        latest.setdefault(record.id, record)
    return {row_id: record for row_id, record in latest.items() if record.history_type != "-"}


def restore_owned_rows(service: Service, version, *, reason: str = "") -> RestoreResult:
    """Put the service's owned rows back as they were at `version` (a Service historical record).

    Runs in the caller's transaction; each row is saved through the ORM, so the history records
    the restore too (with the request's user) and the page cache starts a new generation.
    """
    result = RestoreResult()
    moment = _moment_after(version)
    if moment is None:
        return result
    for model in OWNED_MODELS:
        wanted = _rows_as_of(model, service.pk, moment)
        current = model._default_manager.filter(service_id=service.pk)
        for row in current.exclude(pk__in=wanted.keys()):
            row._change_reason = reason
            row.delete()
            result.removed += 1
        for record in wanted.values():
            row = record.instance
            if (
                model is ServiceAtLocation
                and not Location.objects.filter(pk=row.location_id).exists()
            ):
                result.skipped.append(str(record.history_object))
                continue
            if _unchanged(model, row):
                continue
            row._change_reason = reason
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                result.skipped.append(str(record.history_object))
                continue
            result.restored += 1
    return result


def _unchanged(model, row) -> bool:
    names = [f.attname for f in model._meta.concrete_fields]
    current = model._default_manager.filter(pk=row.pk).values(*names).first()
    return current is not None and all(current[name] == getattr(row, name) for name in names)
