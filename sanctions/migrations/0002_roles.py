from django.db import migrations


def update_roles(apps, schema_editor):
    from supervision.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """The roles get the permissions of the sanctions app."""

    dependencies = [
        ("sanctions", "0001_initial"),
        ("cases", "0005_roles"),
        ("supervision", "0002_roles"),
    ]
    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
