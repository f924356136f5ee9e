from django.db import migrations


def load(apps, schema_editor):
    from obligations.rubrics import load_rubrics

    load_rubrics(apps)  # annual report rubrics from fixtures/obligations/rubrics.csv (idempotent)


class Migration(migrations.Migration):
    dependencies = [("obligations", "0003_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
