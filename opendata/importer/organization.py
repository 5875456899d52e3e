"""HSDS organization -> Organization."""

from directory.models import Organization
from opendata.importer.context import Context, unique_slug
from opendata.importer.record import Record

HELD = {"id", "name", "description", "website", "services"}


def import_organization(ctx: Context, record: Record) -> None:
    org, created = ctx.upsert(Organization, record)
    name = record.text("name", required=True, max_length=200)
    description = record.text("description")
    website = record.text("website", max_length=200)
    if org is None:
        return
    org.name, org.description, org.website = name, description, website
    if created:
        org.slug = unique_slug(Organization, name)
    if ctx.save(org, record, created, "organizations"):
        extra = sorted(key for key, value in record.data.items() if key not in HELD and value)
        if extra:
            record.note("", "fields not held: " + ", ".join(extra))
