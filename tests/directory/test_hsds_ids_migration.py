import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("directory", "0005_location_transit_stop")]
AFTER = [("directory", "0006_hsds_ids")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_existing_row_its_own_uuid():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    org = old.get_model("directory", "Organization").objects.create(name="A", slug="a")
    for number in range(3):
        old.get_model("directory", "Service").objects.create(
            organization=org, name=f"S{number}", slug=f"s{number}", summary="x"
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps
    ids = list(new.get_model("directory", "Service").objects.values_list("uuid", flat=True))
    assert len(ids) == 3 and None not in ids and len(set(ids)) == 3
    assert new.get_model("directory", "Organization").objects.get().uuid is not None

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
