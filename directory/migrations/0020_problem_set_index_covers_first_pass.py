"""service_problem_set_idx also holds the columns a search's first pass reads of a service
(directory.search.candidates): its id, folded name, cost, referral, whether it is published
and active, and the columns the list's filters test while the sets are walked (interpreter,
home visits, kind, the cities, neighbourhoods and languages it serves). PostgreSQL then reads
them from the index alone rather than from the services' rows, which are wide (their
full-text document). At 100,000 services (issue 18, seventeenth run): reading the services of
85 sets one by one to test their names ("hulp bij geld en wonen in gent") 40 -> 11 ms,
walking the sets for "psycholoog" 26 -> 12 ms, a walked search in Gent, free, with an
interpreter ("angst") 15 -> 9 ms. The index grows from 11 to 23 MB at 100,000 services.
Reads from the index alone need the table's visibility map, which autovacuum keeps (and
VACUUM after a bulk load). PostgreSQL-only, as 0012-0019."""

from django.db import migrations

INDEX = "service_problem_set_idx"
OPEN_TO_ANYONE = "(cost = 'gratis' AND NOT referral_required AND referral_required IS NOT NULL)"
KEY = f"search_problem_ids, {OPEN_TO_ANYONE} DESC, name"
COVERED = (
    "id, search_text, cost, referral_required, is_published, status, interpreter_available,"
    " home_visits, kind, search_city_ids, search_whole_city_ids, search_neighbourhood_ids,"
    " search_language_ids"
)


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
