"""PostgreSQL keeps the 10,000 most common lexemes of the services' full-text documents in its
statistics rather than 1,000 (issue 18). With 1,000, a word in no common lexeme was guessed
to match about one service in 200: for six unknown words (a keyboard slip, a name we do not
list) it guessed 2,800 matches where there were none, read all 100,000 services in order
looking for them, and took 1.3 s. With 10,000 its guess for a rare word is a handful, and it
reads the few matches through the full-text index (3 ms). ANALYZE of the services then reads
more rows (about 3 s at 100,000 services). PostgreSQL-only, as 0012-0018."""

from django.db import migrations

STATISTICS = 1000  # PostgreSQL keeps ten times this many most common elements of an array


def more_statistics(apps, schema_editor):
    _set_statistics(schema_editor, STATISTICS)


def default_statistics(apps, schema_editor):
    _set_statistics(schema_editor, -1)


def _set_statistics(schema_editor, target):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE directory_service ALTER COLUMN search_document SET STATISTICS {target}"
    )
    schema_editor.execute("ANALYZE directory_service (search_document)")


class Migration(migrations.Migration):
    dependencies = [("directory", "0018_service_search_filter_keys")]

    operations = [migrations.RunPython(more_statistics, default_statistics)]
