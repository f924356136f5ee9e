"""The rubrics of the annual registration report: codes (part of the import format) and the
loader of their reference data (``fixtures/obligations/rubrics.csv``).

Which rubric exists in which year is data (``Rubric.first_year``/``last_year``), not code: priority
groups were registered up to 2023. The codes, however, name the columns of the import format
(``unique_<code>``, ``unanswered_<code>``), so the list of codes is fixed here.
"""

import csv
from pathlib import Path

from django.conf import settings

TOTAL = "total"
RUBRIC_CODES = (
    TOTAL,
    "urgent",
    "extended_hours",
    "priority_group",
    "vulnerable_family",
    "specific_care_needs",
)
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "obligations" / "rubrics.csv"
LOAD_REASON = "Referentiegegevens fixtures/obligations/rubrics.csv"
FIELDS = ("name", "position", "first_year", "last_year")


def fixture_rows(path=FIXTURE):
    """The rubrics of the fixture file, as dicts of model values."""
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield {
                "code": row["code"].strip(),
                "name": row["name"].strip(),
                "position": int(row["position"]),
                "first_year": int(row["first_year"]),
                "last_year": int(row["last_year"]) if row["last_year"].strip() else None,
            }


def load_rubrics(apps, path=FIXTURE):
    """Create or update the rubrics from the fixture file. Idempotent: a rubric that already
    matches the file is not written; a created or changed one gets a history row."""
    Rubric = apps.get_model("obligations", "Rubric")
    HistoricalRubric = apps.get_model("obligations", "HistoricalRubric")
    from django.utils import timezone

    existing = {r.code: r for r in Rubric.objects.all()}
    now = timezone.now()
    for values in fixture_rows(path):
        rubric = existing.get(values["code"])
        # Written without signals (bulk_create, update), with one history row of our own: the
        # same whether run by a migration (no history signals) or by the running application.
        if rubric is None:
            (rubric,) = Rubric.objects.bulk_create([Rubric(**values)])
            history_type = "+"
        elif any(getattr(rubric, name) != values[name] for name in FIELDS):
            Rubric.objects.filter(pk=rubric.pk).update(**{name: values[name] for name in FIELDS})
            history_type = "~"
        else:
            continue
        HistoricalRubric.objects.create(
            id=rubric.pk,
            **values,
            history_date=now,
            history_type=history_type,
            history_change_reason=LOAD_REASON,
        )
