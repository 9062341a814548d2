# The gap-free counters move to core (gongkai.core.sequences): every counter keeps its key and value.

from django.db import migrations


def copy_to_core(apps, schema_editor):
    old, new = apps.get_model("applications", "Sequence"), apps.get_model("core", "Sequence")
    new.objects.bulk_create([new(key=row.key, value=row.value) for row in old.objects.all()], batch_size=1000)


def copy_back(apps, schema_editor):
    old, new = apps.get_model("applications", "Sequence"), apps.get_model("core", "Sequence")
    old.objects.bulk_create([old(key=row.key, value=row.value)
                             for row in new.objects.exclude(key__startswith="indexno:")], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0004_corrected_request_and_fee_payment'),
        ('core', '0003_sequence'),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(
            name='Sequence',
        ),
    ]
