"""Helpers for the report tests: the seed-000 import files, service areas for a period."""

import datetime
from pathlib import Path

from django.core.management import call_command

from registry.models import Municipality, ServiceArea

DATA = Path(__file__).parent / "data"
OLD = datetime.date(2019, 1, 1)  # the 2019-2024 municipalities
NEW = datetime.date(2025, 1, 1)  # the municipalities after the mergers

# Seed 000, answers 3 and 4: desks with registrations for the full year 2022, per province.
SEED_000_TOTAL = [
    ("Antwerpen", 6861, 2401),
    ("BHG", 5622, 2133),
    ("Limburg", 2274, 948),
    ("Oost-Vlaanderen", 10064, 4157),
    ("Vlaams-Brabant", 10753, 3843),
    ("West-Vlaanderen", 4969, 1756),
    ("Totaal", 40543, 15238),
]
SEED_000_PRIORITY_GROUP = [
    ("Antwerpen", 1297, 516),
    ("BHG", 2002, 760),
    ("Limburg", 286, 126),
    ("Oost-Vlaanderen", 1817, 799),
    ("Vlaams-Brabant", 2098, 848),
    ("West-Vlaanderen", 1124, 369),
    ("Totaal", 8624, 3418),
]


def import_seed_000():
    """The desks of ``data/desks.csv`` and their 2022 reports (and one of 2021), through the
    import commands, as a client manager's import would."""
    call_command("import_registry", "desks", str(DATA / "desks.csv"))
    call_command("import_annual_reports", str(DATA / "annual_reports_2022.csv"))


def area(desk, nis_code, valid_from, valid_to=None, period=OLD):
    """A service area row of ``desk`` on the municipality ``nis_code`` of ``period``."""
    municipality = Municipality.objects.valid_on(period).get(nis_code=nis_code)
    return ServiceArea.objects.create(
        desk=desk, municipality=municipality, valid_from=valid_from, valid_to=valid_to
    )


def table_rows(table):
    """A table's rows and total as (label, *values), values raw."""
    return [(str(row.label), *row.values) for row in table.all_rows()]
