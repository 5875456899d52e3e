"""The sets of problem types that services have, each once (issue 18): a search's first pass
(directory.search.candidates) scores these sets instead of every service. Skipping through
service_problem_set_idx to find them took about 5 ms per search (an index probe per set, some
400 sets); this table holds them, so scoring them is one read of a few hundred rows.

Triggers keep it: every INSERT or UPDATE statement on directory_service adds the sets of the
rows it wrote (statement triggers with transition tables: one INSERT ... SELECT DISTINCT per
statement, also for `generate_bulk` and raw SQL). Nothing removes a set no service has any
more: the first pass then scores a set that finds no service, which costs nothing else; so the
table is always a superset of the services' sets, which is what the first pass needs.
PostgreSQL-only, as 0012-0016: SQLite's search scores every match."""

from django.db import migrations

TABLE = "directory_problem_type_set"
FUNCTION = "directory_note_problem_type_sets"
TRIGGERS = {
    "INSERT": "service_problem_type_sets_inserted",
    "UPDATE": "service_problem_type_sets_updated",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE TABLE {TABLE} (ids integer[] PRIMARY KEY)")
    schema_editor.execute(
        f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {TABLE} (ids) SELECT DISTINCT search_problem_ids FROM written "
        "WHERE search_problem_ids IS NOT NULL ON CONFLICT DO NOTHING; RETURN NULL; END $$"
    )
    for event, trigger in TRIGGERS.items():
        schema_editor.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON directory_service "
            f"REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )
    schema_editor.execute(
        f"INSERT INTO {TABLE} (ids) SELECT DISTINCT search_problem_ids FROM directory_service "
        "WHERE search_problem_ids IS NOT NULL"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for trigger in TRIGGERS.values():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON directory_service")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0016_service_problem_set_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
