"""The ids of a service's problem types stored in its own row, with a GIN index, so that a
search finds the services of its problem types through an index and scores them without a
subquery per service (issues 13 and 18). The index and the fill are PostgreSQL-only."""

from django.db import migrations, models

import directory.models.base

INDEX = "service_search_problem_ids_idx"


def create_index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from directory.search import refresh_search_fields

    refresh_search_fields(service_model=apps.get_model("directory", "Service"))
    # Built after the fill: one index build instead of a pending list of every row.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_service USING gin (search_problem_ids)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0011_merge_admin"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_problem_ids",
            field=directory.models.base.SearchIdsField(
                base_field=models.IntegerField(), blank=True, editable=False, null=True, size=None
            ),
        ),
        migrations.RunPython(create_index_and_fill, drop_index, elidable=False),
    ]
