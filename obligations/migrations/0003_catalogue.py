from django.db import migrations


def load(apps, schema_editor):
    pass  # filled in with the obligation catalogue (fixtures/obligations/)


class Migration(migrations.Migration):
    dependencies = [("obligations", "0002_roles")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
