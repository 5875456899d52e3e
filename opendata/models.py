"""When each service and organisation last changed in the open data, and which ones left it.

HSDS asks for `last_modified` on a service: "when the service, or any related information about
the service, has changed". A service's own row does not know when its phones, hours, places or
problem types changed, so opendata.signals keeps one RecordChange per service and organisation
up to date on every save and delete (in the admin, a revert, load_demo, import_hsds).

A service that is deleted or unpublished keeps its RecordChange, marked `withdrawn`, with the
moment it left and its last public name: `/services?modified_after=...` lists it as
`{"id", "name", "status": "inactive", "last_modified"}` so that a harvester learns to drop it.
Writes that skip signals (bulk_create in generate_bulk, raw SQL) are tracked after
`manage.py track_open_data`.
"""

import json

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property


class RecordChangeQuerySet(models.QuerySet):
    def services(self):
        return self.filter(kind=RecordChange.Kind.SERVICE)

    def organizations(self):
        return self.filter(kind=RecordChange.Kind.ORGANIZATION)

    def touch(self, moment=None):
        """Mark the records changed now (leaving those that left the open data alone)."""
        return self.filter(withdrawn=False).update(modified=moment or timezone.now())


class RecordChange(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service"
        ORGANIZATION = "organization"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    uuid = models.UUIDField()
    service = models.OneToOneField(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="open_data_change",
    )
    organization = models.OneToOneField(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="open_data_change",
    )
    modified = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)
    name = models.CharField(max_length=200)

    objects = RecordChangeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "uuid"], name="opendata_change_unique"),
        ]
        indexes = [models.Index(fields=["kind", "modified", "uuid"], name="opendata_change_idx")]

    def __str__(self):
        return f"{self.kind} {self.uuid} @ {self.modified}"


def track_untracked() -> int:
    """RecordChanges for the published services and the organisations written without signals
    (generate_bulk, raw SQL): changed now. Returns how many were added."""
    from directory.models import Organization, Service

    Kind = RecordChange.Kind
    services = Service.objects.published().filter(open_data_change__isnull=True)
    organizations = Organization.objects.filter(open_data_change__isnull=True)
    new = [
        RecordChange(kind=Kind.SERVICE, uuid=s.uuid, service=s, name=s.name)
        for s in services.only("uuid", "name")
    ] + [
        RecordChange(kind=Kind.ORGANIZATION, uuid=o.uuid, organization=o, name=o.name)
        for o in organizations.only("uuid", "name")
    ]
    RecordChange.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)


class OriginalRecord(models.Model):
    """An HSDS record as another publisher sent it, kept whole by import_hsds.

    The directory's models hold what Wegwijs shows (a name, a phone, opening hours...), not every
    HSDS field (alert, wait_time, accreditations, licenses, funding, the text of interpretation
    services, a fee in pounds, child ids...). Rather than drop those, the import keeps the record
    and the digest of what the directory made of it; while that stays the same, the API and
    export_hsds give the record back as it came (with our last_modified). Once staff edit the
    service, the directory's data wins and the original's other fields are added to it.
    """

    kind = models.CharField(max_length=20)
    uuid = models.UUIDField()
    service = models.OneToOneField(
        "directory.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="open_data_original",
    )
    # Text, not jsonb: PostgreSQL's jsonb reorders keys, and the record is given back as sent.
    text = models.TextField()
    model_digest = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "uuid"], name="opendata_original_unique"),
        ]

    def __str__(self):
        return f"{self.kind} {self.uuid}"

    @cached_property
    def data(self) -> dict:
        return json.loads(self.text)


class PlaceIdQuerySet(models.QuerySet):
    def find(self, hsds_id, links):
        """The link among ``links`` (ServiceAtLocations, with their service and location
        selected) whose HSDS id is ``hsds_id``, or None. Links without a PlaceId (written with
        COPY or raw SQL, which send no signal) get one first, once per generation of the data
        (pagecache: every edit makes a new one), so that an unknown id costs one look-up; one
        that no longer fits its link is dropped and made again."""
        from opendata.hsds.common import child_id
        from pagecache.shared import shared_while_unchanged

        wanted = str(hsds_id)
        for may_fill in (True, False):
            link = links.filter(open_data_id__hsds_id=wanted).first()
            if link is None:
                made = may_fill and shared_while_unchanged(
                    "opendata:place-ids-made", self.fill_missing
                )
            elif child_id(link.service.uuid, "service_at_location", link.location.uuid) == wanted:
                return link
            else:
                self.filter(link_id=link.pk).delete()
                made = self.fill_missing()
            if not (may_fill and made):
                return None
        return None

    def fill_missing(self, links=None) -> int:
        """PlaceIds for the links (of ``links``, default all) that have none; how many made."""
        from directory.models import ServiceAtLocation
        from opendata.hsds.common import child_id

        links = ServiceAtLocation.objects.all() if links is None else links
        # The ids first: a narrow anti-join, the usual answer being none (23 ms at 100,000 links
        # against 68 with the uuids joined).
        missing = list(links.filter(open_data_id__isnull=True).values_list("pk", flat=True))
        made = []
        for start in range(0, len(missing), 2000):
            rows = ServiceAtLocation.objects.filter(pk__in=missing[start : start + 2000])
            made += [
                PlaceId(link_id=pk, hsds_id=child_id(service, "service_at_location", location))
                for pk, service, location in rows.values_list(
                    "pk", "service__uuid", "location__uuid"
                )
            ]
        self.bulk_create(made, batch_size=2000, ignore_conflicts=True)
        return len(made)


class PlaceId(models.Model):
    """The HSDS id of a service at a location (hsds.child_id of the service's and the location's
    uuids), kept so that ``/service_at_locations/{id}`` finds its link through an index: a
    uuid5 cannot be read back, and working out every link's to find one took 1.2 s at 100,000
    services, for any id asked (eighteenth run). Made again when its link is saved or added
    (opendata.signals), dropped with its link, and made for the links written without signals
    when an id is asked that is not kept (PlaceIdQuerySet.find)."""

    link = models.OneToOneField(
        "directory.ServiceAtLocation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="open_data_id",
    )
    hsds_id = models.UUIDField(unique=True)

    objects = PlaceIdQuerySet.as_manager()

    def __str__(self):
        return str(self.hsds_id)
