"""The admin's list of services to verify (staff.admin.service_list.NeedsVerificationFilter)
shows the services never checked first, then the oldest check, by name: at 100,000 services
PostgreSQL sorted them all on disk for a page of 100 (290 ms). An index in that order lets it
read the page. PostgreSQL only: SQLite has no NULLS FIRST in an index (and no such lists)."""

from django.db import migrations

INDEX = "service_verify_order_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_service"
            " (last_verified ASC NULLS FIRST, name, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0024_hours_by_day_indexes")]

    operations = [migrations.RunPython(create, drop)]
