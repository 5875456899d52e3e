"""Give organisations, services, locations and problem types a stable UUID for HSDS open data.

Three steps so existing rows each get their own id: add the column nullable, fill it row by row,
then make it unique and required.
"""

import uuid

from django.db import migrations, models

MODELS = ["organization", "problemtype", "location", "service"]


def fill_uuids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("directory", name)
        rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uuid"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_location_transit_stop")]

    operations = [
        *[
            migrations.AddField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(editable=False, null=True, verbose_name="HSDS-id"),
            )
            for name in MODELS
        ],
        migrations.RunPython(fill_uuids, migrations.RunPython.noop, elidable=True),
        *[
            migrations.AlterField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(
                    default=uuid.uuid4, editable=False, unique=True, verbose_name="HSDS-id"
                ),
            )
            for name in MODELS
        ],
    ]
