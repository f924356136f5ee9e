"""Loading the municipality reference data shipped in ``fixtures/municipalities``."""

import csv
import datetime
from pathlib import Path

from django.conf import settings

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "municipalities"
MUNICIPALITY_FILES = ("municipalities_2019_2024.csv", "municipalities_2025.csv")
MERGER_FILE = "municipality_mergers_2025.csv"
BRUSSELS_REGION = ("04000", "Brussels Hoofdstedelijk Gewest", "BHG")


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _rows(name):
    with open(FIXTURE_DIR / name, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def load_municipalities(apps):
    """Create provinces, municipalities and the merger crosswalk. Idempotent."""
    Province = apps.get_model("registry", "Province")
    Municipality = apps.get_model("registry", "Municipality")
    Merger = apps.get_model("registry", "MunicipalityMerger")

    provinces = {p.nis_code: p for p in Province.objects.all()}
    existing = set(Municipality.objects.values_list("nis_code", "valid_from"))
    new = []
    for name in MUNICIPALITY_FILES:
        for row in _rows(name):
            if row["province_nis"]:
                key, label, report = row["province_nis"], row["province_nl"], row["province_nl"]
            else:
                key, label, report = BRUSSELS_REGION
            if key not in provinces:
                provinces[key] = Province.objects.create(
                    nis_code=key, name=label, report_label=report
                )
            valid_from = _date(row["valid_from"])
            if (row["nis_code"], valid_from) in existing:
                continue
            new.append(
                Municipality(
                    nis_code=row["nis_code"],
                    name=row["name_nl"],
                    arrondissement_nis=row["arrondissement_nis"],
                    province=provinces[key],
                    valid_from=valid_from,
                    valid_to=_date(row["valid_to"]),
                )
            )
    Municipality.objects.bulk_create(new)

    by_code_period = {(m.nis_code, m.valid_to is None): m for m in Municipality.objects.all()}
    mergers = []
    for row in _rows(MERGER_FILE):
        old = by_code_period[(row["old_nis_code"], False)]
        new_m = by_code_period[(row["new_nis_code"], True)]
        if not Merger.objects.filter(old=old, new=new_m).exists():
            mergers.append(Merger(old=old, new=new_m, effective_date=_date(row["effective_date"])))
    Merger.objects.bulk_create(mergers)
