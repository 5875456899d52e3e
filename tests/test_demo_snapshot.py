"""The session's copy of the demo (tests/demo.py) gives the rows `load_demo` gives."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

pytestmark = pytest.mark.django_db

DATA_APPS = ["directory", "glossary", "referrals", "feedback", "insights"]


def every_row() -> dict[str, list]:
    """Each model's rows by their own values (ids and links left out: ids depend on sequences;
    so do the stored ids of a service's links, such as Service.search_problem_ids, and its
    filter keys, made of its cities' ids)."""
    rows = {}
    for app in DATA_APPS:
        for model in apps.get_app_config(app).get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if not f.primary_key
                and not f.is_relation
                and not f.name.endswith(("_ids", "_keys"))
            ]
            rows[model._meta.label] = sorted(
                model.objects.values_list(*fields), key=lambda row: repr(row)
            )
    return rows


def test_the_copied_demo_equals_a_freshly_loaded_one(demo_snapshot):
    with transaction.atomic():
        demo_snapshot.restore()
        copied = every_row()
        transaction.set_rollback(True)
    with transaction.atomic(), connection.cursor() as cursor:
        # Numbered from 1 again, as on the fresh database the snapshot was taken from.
        # (Tables that held rows before the demo, such as the age groups, keep them.)
        emptied = [t for t in demo_snapshot.tables if t not in demo_snapshot.replaced]
        tables = ", ".join(connection.ops.quote_name(t) for t in emptied)
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        call_command("load_demo", verbosity=0)
        loaded = every_row()
        transaction.set_rollback(True)

    assert any(copied.values())
    assert copied == loaded


def test_a_restored_demo_takes_new_rows_without_key_clashes(demo_data):
    from directory.models import Organization

    before = Organization.objects.count()
    Organization.objects.create(name="Nieuwe vzw", slug="nieuwe-vzw")
    assert Organization.objects.count() == before + 1
