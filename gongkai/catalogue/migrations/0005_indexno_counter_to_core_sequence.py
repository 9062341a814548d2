# The 索引号 serials become counters of core's one sequence service (gongkai.core.sequences), keyed
# "indexno:<organ id>:<period>"; every counter keeps its last serial.

from django.db import migrations


def copy_to_core(apps, schema_editor):
    old, new = apps.get_model("catalogue", "IndexNoCounter"), apps.get_model("core", "Sequence")
    new.objects.bulk_create([new(key=f"indexno:{row.organ_id}:{row.period}", value=row.last_serial)
                             for row in old.objects.all()], batch_size=1000)


def copy_back(apps, schema_editor):
    old, new = apps.get_model("catalogue", "IndexNoCounter"), apps.get_model("core", "Sequence")
    rows = []
    for seq in new.objects.filter(key__startswith="indexno:"):
        _, organ_id, period = seq.key.split(":", 2)
        rows.append(old(organ_id=int(organ_id), period=period, last_serial=seq.value))
    old.objects.bulk_create(rows, batch_size=1000)
    new.objects.filter(key__startswith="indexno:").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0004_deactivated_at'),
        ('core', '0003_sequence'),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(
            name='IndexNoCounter',
        ),
    ]
