"""service_problem_set_idx also holds the columns a search's first pass reads of a service
(directory.search.candidates: its id, folded name, cost, referral and whether it is published
and active), so that PostgreSQL reads them from the index alone rather than from the services'
rows, which are wide (their full-text document). At 100,000 services, reading the services of
85 sets one by one to test their names ("hulp bij geld en wonen in gent") went from 40 ms to
11 ms, and walking the sets for "psycholoog" from 26 ms to 12 ms (issue 18, seventeenth run).
The index grows from 11 to 12 MB at 100,000 services. Reads from the index alone need the
table's visibility map, which autovacuum keeps (and VACUUM after a bulk load).
PostgreSQL-only, as 0012-0019."""

from django.db import migrations

INDEX = "service_problem_set_idx"
OPEN_TO_ANYONE = "(cost = 'gratis' AND NOT referral_required AND referral_required IS NOT NULL)"
KEY = f"search_problem_ids, {OPEN_TO_ANYONE} DESC, name"
COVERED = "id, search_text, cost, referral_required, is_published, status"


def covering_index(apps, schema_editor):
    _rebuild(schema_editor, f"({KEY}) INCLUDE ({COVERED})")


def plain_index(apps, schema_editor):
    _rebuild(schema_editor, f"({KEY})")


def _rebuild(schema_editor, columns):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"CREATE INDEX {INDEX} ON directory_service {columns}")
    schema_editor.execute("ANALYZE directory_service")


class Migration(migrations.Migration):
    dependencies = [("directory", "0019_search_document_statistics")]

    operations = [migrations.RunPython(covering_index, plain_index)]
