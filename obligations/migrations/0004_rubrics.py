from django.db import migrations


def load(apps, schema_editor):
    pass  # filled in with the annual report rubrics (fixtures/obligations/)


class Migration(migrations.Migration):
    dependencies = [("obligations", "0003_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
