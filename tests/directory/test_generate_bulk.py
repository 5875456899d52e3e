import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from directory.management.commands.generate_bulk import WRITTEN_MODELS
from directory.models import City, ContactChannel, Location, Service

pytestmark = pytest.mark.django_db


def test_it_builds_the_asked_number_of_valid_services(demo_data):
    demo_count = Service.objects.count()

    call_command("generate_bulk", services=300, verbosity=0)

    bulk = Service.objects.filter(slug__startswith="bulk-")
    assert bulk.count() == 300
    assert Service.objects.count() == demo_count + 300
    for service in bulk.prefetch_related("problem_types", "contact_channels")[:25]:
        service.full_clean()
        assert len(service.problem_types.all()) == 2
        for channel in service.contact_channels.all():
            value = channel.value
            channel.full_clean()
            assert channel.value == value
    for location in Location.objects.filter(slug__startswith="bulk-")[:25]:
        location.full_clean()


def test_it_refuses_to_add_a_second_set_without_clear(demo_data):
    call_command("generate_bulk", services=20, verbosity=0)
    with pytest.raises(CommandError, match="--clear"):
        call_command("generate_bulk", services=20, verbosity=0)


def test_clear_replaces_the_earlier_set_and_keeps_the_demo(demo_data):
    call_command("generate_bulk", services=50, verbosity=0)
    call_command("generate_bulk", services=10, clear=True, verbosity=0)

    assert Service.objects.filter(slug__startswith="bulk-").count() == 10
    assert Service.objects.filter(slug="caw-onthaal-aalst").exists()
    assert not ContactChannel.objects.filter(service__slug="bulk-dienst-20").exists()


def test_it_needs_problem_types_first():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_bulk", services=5, verbosity=0)


def test_generated_services_belong_to_the_demo_cities(demo_data, client):
    call_command("generate_bulk", services=200, verbosity=0)

    bulk = Service.objects.filter(slug__startswith="bulk-")
    gent = City.objects.get(slug="gent")
    assert not City.objects.filter(slug__startswith="bulk-").exists()
    assert bulk.published().active().in_city(gent).count() > 40
    for location in Location.objects.filter(slug__startswith="bulk-")[:25]:
        assert location.city.slug in {"gent", "aalst"}
    page = client.get("/diensten/?stad=gent&page=2")
    assert b"bulk-dienst-" in page.content


def schema(table_names):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
            " UNION ALL SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c"
            " JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = ANY(%s)",
            [table_names, table_names],
        )
        return sorted(row[0] for row in cursor.fetchall())


def test_indexes_and_foreign_keys_are_all_back_after_a_run(demo_data):
    tables = [model._meta.db_table for model in WRITTEN_MODELS]
    before = schema(tables)
    assert any("gin" in definition for definition in before)

    call_command("generate_bulk", services=30, verbosity=0)

    assert schema(tables) == before
