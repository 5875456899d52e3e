"""An index in the order of a problem page (``ServiceQuerySet.by_centrality``): services with the
fewest problem types first, then those open to anyone, then by name. A page of 21 then reads a
few hundred rows in order instead of joining and sorting every service of the problem type
(issue 18, at 100,000 services: page 1 of a problem page 42 ms median, 141 ms at most, against
1.0 and 1.6 ms; README, seventh run). The expressions are those the ORM writes for the order, so PostgreSQL can read
the index in it (tests/directory/test_problem_page.py checks that it does). PostgreSQL-only,
as 0012-0014: SQLite has no arrays."""

from django.db import migrations

INDEX = "service_centrality_idx"
OPEN_TO_ANYONE = (
    "(cost = 'gratis' AND NOT referral_required AND referral_required IS NOT NULL)"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_service "
        f"(cardinality(search_problem_ids), {OPEN_TO_ANYONE} DESC, name) "
        "WHERE is_published AND status = 'actief'"
    )
    # Statistics on the indexed expressions, which the planner weighs the index with.
    schema_editor.execute("ANALYZE directory_service")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0014_service_search_area_ids"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
