"""PostgreSQL search support: unaccent, pg_trgm and a Dutch text search configuration that ignores
accents. Every step is skipped on other databases (SQLite for local development)."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

SEARCH_CONFIG = "wegwijs_dutch"


def create_search_config(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}")
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.dutch)")
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem"
    )


def drop_search_config(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_search_config, drop_search_config, elidable=False),
    ]
