"""The ids of the cities a service serves and of the languages it speaks stored in its own row,
with GIN indexes, so that a list for a city or a language tests each service on its row instead
of reading link tables into hashes for every query (issue 18: 16 ms a query for a city at
100,000 services). PostgreSQL-only, as 0012."""

from django.db import migrations, models

import directory.models.base

INDEXES = {
    "service_search_city_ids_idx": "search_city_ids",
    "service_search_language_ids_idx": "search_language_ids",
}


def create_index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from directory.search import refresh_search_fields

    refresh_search_fields(service_model=apps.get_model("directory", "Service"))
    # Built after the fill: one index build instead of a pending list of every row.
    for index, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON directory_service USING gin ({column})"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0012_service_search_problem_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_city_ids",
            field=directory.models.base.SearchIdsField(
                base_field=models.IntegerField(), blank=True, editable=False, null=True, size=None
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="search_language_ids",
            field=directory.models.base.SearchIdsField(
                base_field=models.IntegerField(), blank=True, editable=False, null=True, size=None
            ),
        ),
        migrations.RunPython(create_index_and_fill, drop_index, elidable=False),
    ]
