from django.db import migrations


def load(apps, schema_editor):
    from registry.reference_data import load_municipalities

    load_municipalities(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
