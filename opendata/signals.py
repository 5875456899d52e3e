"""Keeps opendata.models.RecordChange right on every save and delete of what the API shows."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from directory.models import (
    ContactChannel,
    Location,
    OpeningHours,
    Organization,
    ProblemType,
    Service,
    ServiceAtLocation,
)
from directory.translations import ServiceTranslation
from opendata.models import PlaceId, RecordChange

Kind = RecordChange.Kind


def service_saved(sender, instance, **kwargs):
    """Also for fixtures (load_demo's loaddata saves raw): the demo has a last_modified too."""
    change = RecordChange.objects.filter(kind=Kind.SERVICE, uuid=instance.uuid).first()
    if instance.is_published:
        RecordChange.objects.update_or_create(
            kind=Kind.SERVICE,
            uuid=instance.uuid,
            defaults={
                "service": instance,
                "modified": timezone.now(),
                "withdrawn": False,
                "name": instance.name,
            },
        )
    elif change is not None and not change.withdrawn:
        # Unpublished: it leaves the open data now. A draft never published leaves no trace.
        change.withdrawn, change.modified = True, timezone.now()
        change.save(update_fields=["withdrawn", "modified"])


def service_deleted(sender, instance, **kwargs):
    RecordChange.objects.filter(kind=Kind.SERVICE, uuid=instance.uuid, withdrawn=False).update(
        withdrawn=True, modified=timezone.now()
    )


def organization_saved(sender, instance, **kwargs):
    now = timezone.now()
    RecordChange.objects.update_or_create(
        kind=Kind.ORGANIZATION,
        uuid=instance.uuid,
        defaults={
            "organization": instance,
            "modified": now,
            "withdrawn": False,
            "name": instance.name,
        },
    )
    RecordChange.objects.services().filter(service__organization=instance).touch(now)


def organization_deleted(sender, instance, **kwargs):
    RecordChange.objects.filter(kind=Kind.ORGANIZATION, uuid=instance.uuid).update(
        withdrawn=True, modified=timezone.now()
    )


def part_of_service_changed(sender, instance, raw=False, **kwargs):
    """A phone, opening hours, place link or translation: its service changed."""
    if raw or not getattr(instance, "service_id", None):
        return
    RecordChange.objects.services().filter(service_id=instance.service_id).touch()


def place_link_saved(sender, instance, raw=False, **kwargs):
    """Its service or place may have changed, and with them its HSDS id (loaddata's are made
    when asked: their service may not be loaded yet)."""
    PlaceId.objects.filter(link_id=instance.pk).delete()
    if not raw:
        PlaceId.objects.fill_missing(ServiceAtLocation.objects.filter(pk=instance.pk))


def place_links_added(sender, instance, action, reverse, pk_set, **kwargs):
    """``service.locations.add(place)`` saves no ServiceAtLocation one by one."""
    if action == "post_add" and pk_set:
        links = ServiceAtLocation.objects.filter(
            **(
                {"location": instance, "service_id__in": pk_set}
                if reverse
                else {"service": instance, "location_id__in": pk_set}
            )
        )
        PlaceId.objects.fill_missing(links)


def location_changed(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    RecordChange.objects.services().filter(service__locations=instance).touch()


def location_hours_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.service_id or not instance.location_id:
        return
    RecordChange.objects.services().filter(service__locations=instance.location_id).touch()


def problem_type_changed(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    RecordChange.objects.services().filter(service__problem_types=instance).touch()


def service_relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    changes = RecordChange.objects.services()
    if not reverse:
        changes.filter(service_id=instance.pk).touch()
    elif pk_set:
        changes.filter(service_id__in=pk_set).touch()


def connect():
    post_save.connect(service_saved, sender=Service, dispatch_uid="opendata_service_saved")
    post_delete.connect(service_deleted, sender=Service, dispatch_uid="opendata_service_deleted")
    post_save.connect(organization_saved, sender=Organization, dispatch_uid="opendata_org_saved")
    post_delete.connect(
        organization_deleted, sender=Organization, dispatch_uid="opendata_org_deleted"
    )
    for model in (ContactChannel, OpeningHours, ServiceAtLocation, ServiceTranslation):
        for signal in (post_save, post_delete):
            signal.connect(
                part_of_service_changed,
                sender=model,
                dispatch_uid=f"opendata_part_{model.__name__}_{id(signal)}",
            )
    for signal in (post_save, post_delete):
        signal.connect(
            location_hours_changed, sender=OpeningHours, dispatch_uid=f"opendata_lh_{id(signal)}"
        )
    post_save.connect(place_link_saved, sender=ServiceAtLocation, dispatch_uid="opendata_place_id")
    m2m_changed.connect(
        place_links_added, sender=Service.locations.through, dispatch_uid="opendata_place_ids"
    )
    post_save.connect(location_changed, sender=Location, dispatch_uid="opendata_location")
    post_save.connect(problem_type_changed, sender=ProblemType, dispatch_uid="opendata_problem")
    for relation in (
        Service.problem_types,
        Service.languages,
        Service.serves_cities,
        Service.serves_neighbourhoods,
    ):
        m2m_changed.connect(
            service_relations_changed,
            sender=relation.through,
            dispatch_uid=f"opendata_m2m_{relation.through.__name__}",
        )
