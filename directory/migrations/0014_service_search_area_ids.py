"""The ids of the cities a service serves as a whole and of the neighbourhoods it serves, stored
in its own row with GIN indexes, so that a neighbourhood's page and filter test each service on
its row (issue 18: 12-14 ms of hashes per query for a neighbourhood of Gent at 100,000
services). PostgreSQL-only, as 0012 and 0013."""

from django.db import migrations, models

import directory.models.base

INDEXES = {
    "service_search_whole_city_ids_idx": "search_whole_city_ids",
    "service_search_neighbourhood_ids_idx": "search_neighbourhood_ids",
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
        ("directory", "0013_service_search_city_language_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name=name,
            field=directory.models.base.SearchIdsField(
                base_field=models.IntegerField(), blank=True, editable=False, null=True, size=None
            ),
        )
        for name in INDEXES.values()
    ] + [migrations.RunPython(create_index_and_fill, drop_index, elidable=False)]
