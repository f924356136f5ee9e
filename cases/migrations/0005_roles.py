from django.db import migrations


def update_roles(apps, schema_editor):
    from supervision.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """The roles get the permissions on attachments, advice and notifications."""

    dependencies = [("cases", "0004_signal_attachments_advice_outbox")]
    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
