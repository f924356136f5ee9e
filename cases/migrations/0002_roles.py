from django.db import migrations


def update_roles(apps, schema_editor):
    from supervision.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """The roles get the permissions of the cases app."""

    dependencies = [
        ("cases", "0001_initial"),
        ("obligations", "0005_reminders"),
        ("registry", "0004_alter_location_options"),
        ("supervision", "0002_roles"),
    ]
    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
