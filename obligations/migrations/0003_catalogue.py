"""Load the obligation catalogue (D1-D7, P1-P5) from ``fixtures/obligations/catalogue.csv``.

Idempotent: an obligation whose code and valid_from already exist is left as it is, so running it
again (or on a database where an administrator already edited the catalogue) changes nothing.
Each obligation it creates gets its "created" history row.
"""

import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.db import migrations
from django.utils import timezone

CATALOGUE = Path(settings.BASE_DIR) / "fixtures" / "obligations" / "catalogue.csv"
CHANGE_REASON = "Catalogus geladen uit fixtures/obligations/catalogue.csv"
FIELDS = (
    "code",
    "party_type",
    "kind",
    "title",
    "text",
    "legal_basis",
    "period_kind",
    "applicability",
    "derivation",
    "source",
)


def read_catalogue(path=CATALOGUE):
    """The rows of the catalogue file as dicts of Obligation field values."""
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            values = {field: row[field].strip() for field in FIELDS}
            values["valid_from"] = datetime.date.fromisoformat(row["valid_from"])
            values["valid_to"] = (
                datetime.date.fromisoformat(row["valid_to"]) if row["valid_to"].strip() else None
            )
            yield values


def load(apps, schema_editor):
    Obligation = apps.get_model("obligations", "Obligation")
    HistoricalObligation = apps.get_model("obligations", "HistoricalObligation")
    existing = set(Obligation.objects.values_list("code", "valid_from"))
    now = timezone.now()
    for values in read_catalogue():
        if (values["code"], values["valid_from"]) in existing:
            continue
        obligation = Obligation.objects.create(**values)
        HistoricalObligation.objects.create(
            id=obligation.pk,
            **values,
            history_date=now,
            history_type="+",
            history_change_reason=CHANGE_REASON,
        )


class Migration(migrations.Migration):
    dependencies = [("obligations", "0002_roles")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
