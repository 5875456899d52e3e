"""Every staff search of services reads first the places whose address, name or postcode holds
the term and the organisations whose name does (staff.admin.search): at 100,000 services
PostgreSQL tested the 50,000 places and 10,000 organisations one by one, 27 ms of each search.
Trigram indexes on the upper-cased texts (which Django's ``icontains`` reads) and an index on
the postcode: 0.1 ms. The admin's list of places finds a postcode anywhere in it too, through
the last index. PostgreSQL only (pg_trgm, migration 0002)."""

from django.db import migrations

INDEXES = {
    "location_address_trgm_idx": "directory_location USING gin (UPPER(address::text) gin_trgm_ops)",
    "location_name_trgm_idx": "directory_location USING gin (UPPER(name::text) gin_trgm_ops)",
    "location_postcode_idx": "directory_location (postcode)",
    "location_postcode_trgm_idx": "directory_location USING gin (UPPER(postcode::text) gin_trgm_ops)",
    "organization_name_trgm_idx": "directory_organization USING gin (UPPER(name::text) gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0027_contact_channel_trigram_indexes")]

    operations = [migrations.RunPython(create, drop)]
