"""State of one import run: problems, notes, the report and the rows it made or matched."""

from django.utils.text import slugify

from opendata.hsds.common import digest  # noqa: F401 - used by originals
from opendata.importer.record import Record, Report


def unique_slug(model, name: str, current=None) -> str:
    if current:
        return current
    max_length = model._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 6] or model._meta.model_name
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def field_values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


class Context:
    def __init__(self, *, publish: bool):
        self.publish = publish
        self.problems: list[str] = []
        self.report = Report()
        self.cities = {}

    def record(self, where: str, data) -> Record:
        return Record(self.problems, where, data, notes=self.report.notes)

    def upsert(self, model, record: Record):
        """The row with the record's id, or a new one carrying that id; (None, False) when the
        id is bad. The row's values before any change are kept to tell whether it changed."""
        record_id = record.uuid("id")
        if record_id is None:
            return None, False
        instance = model.objects.filter(uuid=record_id).first()
        if instance is None:
            return model(uuid=record_id), True
        instance._values_before_import = field_values(instance)
        return instance, False

    def save(self, instance, record, created, kind, fields=None, exclude=()) -> bool:
        """Validates and saves the row when it is new or changed; False when invalid."""
        if not record.validate(instance, fields, exclude):
            return False
        if not created and field_values(instance) == instance._values_before_import:
            return True
        instance.save()
        self.report.count(kind, "created" if created else "updated")
        return True
