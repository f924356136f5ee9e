"""Helpers for the annual report tests: reports in a state, their figures, import files."""

import csv
import io

import openpyxl

from obligations import report_import
from obligations.models import AnnualReport, ReportFigure, Rubric
from obligations.report_import import COLUMNS
from supervision import roles
from tests.factories import DeskFactory, UserFactory


def make_report(desk=None, year=2023, state="open", figures=None, **values):
    """A report created directly in ``state`` (a new row may be created in any state), with
    figures {rubric code: (unique, unanswered)}."""
    desk = desk or DeskFactory(municipalities=["44021"])
    report = AnnualReport.objects.create(desk=desk, year=year, state=state, **values)
    rubrics = {r.code: r for r in Rubric.objects.all()}
    for code, (unique, unanswered) in (figures or {}).items():
        ReportFigure.objects.create(
            report=report, rubric=rubrics[code], unique=unique, unanswered=unanswered
        )
    return report


FULL_2023 = {
    "total": (100, 40),
    "urgent": (10, 5),
    "extended_hours": (8, 3),
    "priority_group": (30, 12),
    "vulnerable_family": (20, 9),
    "specific_care_needs": (4, 1),
}


def desk_staff(desk, username=None):
    return UserFactory(
        username=username or f"loket-{desk.code}", role=roles.DESK_STAFF, desks=[desk]
    )


def stored_figures(report):
    return {
        f.rubric.code: (f.unique, f.unanswered) for f in report.figures.select_related("rubric")
    }


def report_row(desk_code="LLKO-1", year=2023, full_year="yes", **values):
    """A row of the import file; figures default to ``FULL_2023`` (priority groups only up to
    2023)."""
    row = {"desk_code": desk_code, "year": str(year), "full_year": full_year}
    for code, (unique, unanswered) in FULL_2023.items():
        if code == "priority_group" and str(year) > "2023":
            continue
        row[f"unique_{code}"] = str(unique)
        row[f"unanswered_{code}"] = str(unanswered)
    row.update(values)
    return row


def csv_file(rows, *, columns=COLUMNS, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


def xlsx_file(rows, *, columns=COLUMNS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_cell(row.get(c)) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    if isinstance(value, str) and value.isdigit():
        return int(value)  # as a spreadsheet holds numbers
    return value


def run(data, file_name="jaarverslagen.csv", **kwargs):
    table = report_import.read_table(data, file_name)
    return report_import.run_import(table, file_name=file_name, **kwargs)


def counts():
    """Rows and history rows of what the import writes."""
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (AnnualReport, ReportFigure)
    }
