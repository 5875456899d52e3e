"""An index of services by their set of problem types, then in the order of a search's ties:
open to anyone first, then by name (issue 18). A search's first pass (directory.search.candidates)
skips through it to find the distinct sets of problem types, about 400 at 100,000 generated
services, and reads the services of the best-scoring sets from it in order, instead of scoring
every service with one of the query's problem types (at 100,000 services, "depressie" matched
42,000 of them: 92 ms, README, tenth run). On every service, not only the published ones: the
sets must be those of whatever the search is asked to rank. PostgreSQL-only, as 0012-0015."""

from django.db import migrations

INDEX = "service_problem_set_idx"
OPEN_TO_ANYONE = (
    "(cost = 'gratis' AND NOT referral_required AND referral_required IS NOT NULL)"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_service "
        f"(search_problem_ids, {OPEN_TO_ANYONE} DESC, name)"
    )
    schema_editor.execute("ANALYZE directory_service")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0015_service_centrality_index"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
