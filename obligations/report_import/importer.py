"""``AnnualReportImporter``: one row per desk and year, checked against lookups loaded up front (the
rubrics, the desks by code, the existing reports with their figures), written in bulk with history.
"""

from collections import defaultdict

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from registry.imports.base import BaseImporter
from registry.imports.lookups import _chunks, _load_by
from registry.imports.report import NEW, SKIP, UPDATE, RowOutcome
from registry.imports.validation import Row
from registry.models import Desk

from ..models import AnnualReport, ReportFigure, Rubric
from ..report_rules import (
    FIGURE_KEYS,
    CountError,
    check_figures,
    figures_from_counts,
    parse_count,
)
from ..rubrics import TOTAL
from ..workflow import ReportState
from .messages import STATE_NAMES, message

# The file format (docs/import-formats.md): exactly these columns, in any order.
COLUMNS = ("desk_code", "year", "full_year", *FIGURE_KEYS)

REPLACEABLE = (ReportState.OPEN, ReportState.RETURNED)


class ReportRow(Row):
    """A row whose errors use the report import's messages (the registry's, and its own)."""

    __slots__ = ()

    def error(self, message_key, /, **params):
        self.errors.append((self.line, message(message_key, line=self.line, **params)))


class AnnualReportImporter(BaseImporter):
    kind = "annual_reports"
    model = AnnualReport

    def __init__(self, *, user=None, file_name="", today=None):
        self.user = user if getattr(user, "pk", None) else None
        self.file_name = file_name
        self.today = today or timezone.localdate()
        self.columns = COLUMNS

    # Reading the rows

    def records(self, table):
        """The rows as ``ReportRow``s; a desk and year that come back are reported here."""
        width = len(table.headers)
        first_line = {}
        rows = []
        for line, cells in table.rows:
            row = ReportRow(line, None, self.problems)
            if len(cells) > width:
                if any(cells[width:]):
                    row.error("extra_cells")
                cells = cells[:width]
            row.values = dict(zip(table.headers, cells + [""] * (width - len(cells)), strict=True))
            code, year = row.values["desk_code"], row.values["year"]
            if code and year.isdigit():
                key = (code, int(year))
                if key in first_line:
                    row.error("duplicate_report", desk=code, year=year, first=first_line[key])
                else:
                    first_line[key] = line
            rows.append(row)
        return rows

    def year(self, row, first):
        value = row.text("year", required=True)
        if value is None:
            return None
        last = self.today.year
        if not value.isdigit() or not first <= int(value) <= last:
            row.error("invalid_year", value=value, first=first, last=last)
            return None
        return int(value)

    def full_year(self, row):
        if row.text("full_year", required=True) is None:
            return None
        return row.yes_no("full_year")

    def counts(self, row):
        """The figures' counts by key, and the keys whose value was refused."""
        counts, refused = {}, set()
        for key in FIGURE_KEYS:
            try:
                counts[key] = parse_count(row.values[key], key)
            except CountError as error:
                row.error("figure", text=str(error))
                refused.add(key)
        return counts, refused

    # The run

    def prepare(self, table, report, *, lock):
        rows = self.records(table)
        self.rubrics = {r.code: r for r in Rubric.objects.all()}
        first_year = self.rubrics[TOTAL].first_year
        desks = _load_by(
            Desk, "code", {r.values["desk_code"] for r in rows if r.values["desk_code"]}
        )
        existing = self.load_reports(desks.values(), lock=lock)
        self.new, self.replaced = [], []  # (report, figures)
        for row in rows:
            before = len(self.problems)
            code = row.text("desk_code", required=True)
            desk = desks.get(code) if code else None
            if code and desk is None:
                row.error("unknown_desk", value=code)
            year = self.year(row, first_year)
            full_year = self.full_year(row)
            counts, refused = self.counts(row)
            if year is not None:
                for problem in check_figures(year, counts, self.rubrics, refused=refused):
                    row.error("figure", text=problem.message)
            if len(self.problems) > before:
                continue

            figures = figures_from_counts(counts, self.rubrics, year)
            key = f"{code} {year}"
            current = existing.get((desk.pk, year))
            if current is None:
                # A new row is created in its state (the state field is protected afterwards).
                obj = AnnualReport(
                    desk=desk, year=year, full_year=full_year, state=ReportState.SUBMITTED
                )
                self.new.append((obj, figures))
                report.rows.append(RowOutcome(row.line, key, NEW, obj))
                continue
            same = current.full_year == full_year and self.stored_figures(current) == figures
            if current.state in REPLACEABLE:
                current.full_year = full_year
                self.replaced.append((current, figures))
                report.rows.append(RowOutcome(row.line, key, UPDATE, current))
            elif same:
                report.rows.append(RowOutcome(row.line, key, SKIP, current))
            elif current.state == ReportState.SUBMITTED:
                row.error("report_submitted", desk=code, year=year)
            else:
                row.error("report_locked", desk=code, year=year, state=STATE_NAMES[current.state])

    def load_reports(self, desks, *, lock):
        """The existing reports of these desks by (desk id, year), with ``stored`` figures."""
        reports = {}
        queryset = AnnualReport.objects.order_by()
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        for chunk in _chunks(d.pk for d in desks):
            for obj in queryset.filter(desk_id__in=chunk):
                obj.stored = {}
                reports[(obj.desk_id, obj.year)] = obj
        by_id = {obj.pk: obj for obj in reports.values()}
        for chunk in _chunks(by_id):
            for figure in ReportFigure.objects.filter(report_id__in=chunk).order_by():
                by_id[figure.report_id].stored[figure.rubric_id] = figure
        return reports

    def stored_figures(self, obj):
        codes = {r.pk: r.code for r in self.rubrics.values()}
        return {codes[f.rubric_id]: (f.unique, f.unanswered) for f in obj.stored.values()}

    # Writing

    def write(self, report):
        self.now = timezone.now()
        history = self.history_kwargs()
        new_figures, changed_figures, deleted_figures = [], [], []
        if self.new:
            reports = [obj for obj, _figures in self.new]
            for obj in reports:
                obj.submitted_at = self.now
            bulk_create_with_history(reports, AnnualReport, **history)
            for obj, figures in self.new:
                new_figures += self.figure_rows(obj, figures)
        if self.replaced:
            for obj, figures in self.replaced:
                obj.submit()  # the workflow's transition: open or returned -> submitted
                obj.submitted_at = self.now
                self.plan_figures(obj, figures, new_figures, changed_figures, deleted_figures)
            bulk_update_with_history(
                [obj for obj, _figures in self.replaced],
                AnnualReport,
                ["state", "submitted_at", "full_year"],
                **history,
            )
        if new_figures:
            bulk_create_with_history(new_figures, ReportFigure, **history)
        if changed_figures:
            bulk_update_with_history(
                changed_figures, ReportFigure, ["unique", "unanswered"], **history
            )
        for figure in deleted_figures:
            figure._change_reason = self.change_reason
            figure._history_user = self.user
            figure.delete()
        self.recompute_after_commit()

    def figure_rows(self, obj, figures):
        return [
            ReportFigure(report=obj, rubric=self.rubrics[code], unique=u, unanswered=a)
            for code, (u, a) in figures.items()
        ]

    def plan_figures(self, obj, figures, new, changed, deleted):
        """Make the stored figures of a replaced report equal the file's."""
        wanted = {self.rubrics[code].pk: counts for code, counts in figures.items()}
        for rubric_id, figure in obj.stored.items():
            if rubric_id not in wanted:
                deleted.append(figure)
            elif (figure.unique, figure.unanswered) != wanted[rubric_id]:
                figure.unique, figure.unanswered = wanted[rubric_id]
                changed.append(figure)
        codes = {r.pk: code for code, r in self.rubrics.items()}
        new += self.figure_rows(
            obj, {codes[pk]: counts for pk, counts in wanted.items() if pk not in obj.stored}
        )

    def recompute_after_commit(self):
        from ..services.reports import recompute_compliance

        touched = defaultdict(set)
        for obj, _figures in self.new + self.replaced:
            touched[obj.desk_id].add(obj.year)
        for desk_id, years in touched.items():
            for year in sorted(years):
                recompute_compliance(desk_id, year)  # after the import's commit
