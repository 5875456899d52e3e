"""The admin's list of contact channels finds a phone number, an address or a label anywhere in
it (Django's ``icontains``: ``UPPER(value) LIKE UPPER('%...%')``). At 100,000 services
PostgreSQL tested all 200,000 channels twice a search, for the page and its count (77 ms
each); through trigram indexes on the upper-cased texts (6.3 MB and 0.2 MB), 0.1 ms.
PostgreSQL only (pg_trgm, migration 0002): SQLite has no such index."""

from django.db import migrations

INDEXES = {
    "contact_channel_value_trgm_idx": "value",
    "contact_channel_label_trgm_idx": "label",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index, column in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON directory_contactchannel"
                f" USING gin (UPPER({column}::text) gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0026_problem_set_index_covers_always_open")]

    operations = [migrations.RunPython(create, drop)]
