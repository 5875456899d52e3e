"""The list's tick boxes a service meets, alone and in each city it serves, as integer keys with a
GIN index (issue 18; ServiceQuerySet.meeting): a list for "Gent, free, with an interpreter"
asks the index for one key instead of testing the boxes on every row of Gent's services.

A key is city id x 16 + the sum of the bits of a set of boxes the service meets (free 1, no
referral needed 2, interpreter 4, home visits 8; city 0 for any city), for every non-empty such
set. A BEFORE trigger writes them on every INSERT and UPDATE of a service from the row itself
(its boxes and ``search_city_ids``), so no write can leave them stale, also not a bulk update or
raw SQL. Its conditions are those of service_queries.TICK_BOXES (tests compare the two).
PostgreSQL-only, as 0012-0017: elsewhere the boxes are tested on the row."""

from django.db import migrations, models

import directory.models.base

FUNCTION = "directory_service_filter_keys"
TRIGGER = "service_filter_keys_written"
INDEX = "service_search_filter_keys_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE bits integer := "
        "(CASE WHEN NEW.cost = 'gratis' THEN 1 ELSE 0 END)"
        " + (CASE WHEN NEW.referral_required IS FALSE THEN 2 ELSE 0 END)"
        " + (CASE WHEN NEW.interpreter_available IS TRUE THEN 4 ELSE 0 END)"
        " + (CASE WHEN NEW.home_visits IS TRUE THEN 8 ELSE 0 END); "
        "BEGIN "
        "NEW.search_filter_keys := ARRAY("
        "SELECT DISTINCT city * 16 + boxes"
        " FROM unnest(array_append(COALESCE(NEW.search_city_ids, '{}'), 0)) AS city,"
        " generate_series(1, 15) AS boxes WHERE boxes & bits = boxes ORDER BY 1); "
        "RETURN NEW; END $$"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE ON directory_service "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )
    # Each row's UPDATE fires the trigger; the index is built after, in one go.
    schema_editor.execute("UPDATE directory_service SET search_filter_keys = NULL")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_service USING gin (search_filter_keys)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON directory_service")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0017_problem_type_sets"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_filter_keys",
            field=directory.models.base.SearchIdsField(
                base_field=models.IntegerField(), blank=True, editable=False, null=True, size=None
            ),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
