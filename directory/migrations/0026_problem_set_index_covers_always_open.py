"""service_problem_set_idx also holds ``always_open``: "Nu open" tested service by service
(ServiceQuerySet.open_at) reads it, and without it a search with "Nu open" could not walk the
sets of problem types from the index alone. PostgreSQL then read each set's services through
the filters' own indexes instead, again for every set: at 100,000 services, a Monday at 10u,
"opvoeding" in Gent with "Nu open" 190 -> 42 ms, "schulden" in Gent, free, with an
interpreter and "Nu open" 111 -> 15 ms. PostgreSQL only, as 0020, whose index it rebuilds."""

from importlib import import_module

from django.db import migrations

covers_first_pass = import_module("directory.migrations.0020_problem_set_index_covers_first_pass")
KEY, COVERED = covers_first_pass.KEY, covers_first_pass.COVERED


def with_always_open(apps, schema_editor):
    covers_first_pass._rebuild(schema_editor, f"({KEY}) INCLUDE ({COVERED}, always_open)")


def without_always_open(apps, schema_editor):
    covers_first_pass._rebuild(schema_editor, f"({KEY}) INCLUDE ({COVERED})")


class Migration(migrations.Migration):
    dependencies = [("directory", "0025_service_verify_order_index")]

    operations = [migrations.RunPython(with_always_open, without_always_open)]
