"""Registration figures for a year (seed 000, answers 3 and 4; DOMAIN.md section 4): unique
childcare requests and those without an offer of care, in total and per rubric, per province (the
rows of seed 000's tables: Antwerpen, BHG, Limburg, Oost-Vlaanderen, Vlaams-Brabant,
West-Vlaanderen, Totaal), or by desk (for one province, or for a user who sees only some desks).

The rules:
- a report counts when it covers the full calendar year and the desk has handed it in
  (submitted, validated, shared or published; those awaiting validation are said so);
- the others are listed, never silently dropped: registrations for part of the year, a report not
  submitted (open or returned to the desk), and desks with a service area during the year but no
  report at all;
- a desk belongs to the province where most municipalities of its service area during the year lie
  (ties: the first in report order); without an area that year, its areas of any year decide;
- a rubric exists in some years only (priority groups up to 2023): a year shows its rubrics; a desk
  that left a rubric empty did not register it, and the table says how many desks did so;
- never a percentage of unanswered requests, and the caveats travel with every table.

Five queries, whatever the number of desks and years: rubrics, provinces, the service areas of
the desks in scope, the reports of the year, their figures.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from obligations.models import AnnualReport, ReportFigure, Rubric
from obligations.rubrics import TOTAL
from obligations.workflow import ReportState
from registry.models import Desk, Province, ServiceArea

from .tables import COUNT, TEXT, Column, Report, Row, Table, format_value

COUNTED_STATES = (
    ReportState.SUBMITTED,
    ReportState.VALIDATED,
    ReportState.SHARED,
    ReportState.PUBLISHED,
)
# Why a desk of the year is not counted.
PARTIAL_YEAR, NOT_SUBMITTED, NO_REPORT = "partial_year", "not_submitted", "no_report"
REASONS = {
    PARTIAL_YEAR: gettext_lazy("registrations for part of the year only"),
    NOT_SUBMITTED: gettext_lazy("report not submitted (open or returned to the desk)"),
    NO_REPORT: gettext_lazy("no report"),
}

CAVEATS = (
    gettext_lazy(
        "Do not compute a percentage of unanswered requests across desks: the scope differs, "
        "only some desks use central registration."
    ),
    gettext_lazy(
        "Parents can register at several desks: sums over desks count some requests more than once."
    ),
    gettext_lazy(
        "Some desks are missing in some years (e.g. Antwerp city for 2022); only reports for the "
        "full calendar year count in national figures."
    ),
    gettext_lazy(
        "Counted: reports for the full calendar year that the desk handed in (including those "
        "still awaiting validation). Each desk counts in the province where most of the "
        "municipalities of its service area lie."
    ),
)


@dataclass
class _Desk:
    pk: int
    name: str
    code: str
    areas: list = field(default_factory=list)  # (municipality, province, valid_from, valid_to)
    report: dict | None = None
    province: int | None = None

    @property
    def counted(self):
        report = self.report
        return bool(report and report["full_year"] and report["state"] in COUNTED_STATES)

    @property
    def reason(self):
        """Why the desk is not counted (None when it is)."""
        if self.report is None:
            return NO_REPORT
        if self.report["state"] not in COUNTED_STATES:
            return NOT_SUBMITTED
        if not self.report["full_year"]:
            return PARTIAL_YEAR
        return None


def _during(area, year):
    _municipality, _province, valid_from, valid_to = area
    return valid_from <= datetime.date(year, 12, 31) and (
        valid_to is None or valid_to >= datetime.date(year, 1, 1)
    )


def desk_province(areas, year, order):
    """The province (pk) of a desk in ``year``: see the module. ``order``: {province pk: rank}."""
    chosen = [area for area in areas if _during(area, year)] or areas
    municipalities = Counter(province for _m, province in {(area[0], area[1]) for area in chosen})
    if not municipalities:
        return None
    return min(municipalities, key=lambda pk: (-municipalities[pk], order.get(pk, len(order))))


def _desks(year, desks, reports):
    """The desks of the year in scope: those with a service area during the year or a report."""
    found = {}
    areas = ServiceArea.objects.filter(desk__in=desks.values("pk")).values_list(
        "desk_id",
        "desk__name",
        "desk__code",
        "municipality_id",
        "municipality__province_id",
        "valid_from",
        "valid_to",
    )
    for desk_id, name, code, *area in areas:
        found.setdefault(desk_id, _Desk(desk_id, name, code)).areas.append(tuple(area))
    rows = reports.filter(year=year).values(
        "pk", "desk_id", "desk__name", "desk__code", "full_year", "state"
    )
    for report in rows:
        desk = found.setdefault(
            report["desk_id"], _Desk(report["desk_id"], report["desk__name"], report["desk__code"])
        )
        desk.report = report
    return [
        desk
        for desk in found.values()
        if desk.report is not None or any(_during(area, year) for area in desk.areas)
    ]


def _figures(year, reports):
    """{report pk: {rubric pk: (unique, unanswered)}} of the counted reports of the year."""
    counted = reports.filter(year=year, full_year=True, state__in=COUNTED_STATES)
    figures = defaultdict(dict)
    rows = ReportFigure.objects.filter(report__in=counted.values("pk")).values_list(
        "report_id", "rubric_id", "unique", "unanswered"
    )
    for report_id, rubric_id, unique, unanswered in rows:
        figures[report_id][rubric_id] = (unique, unanswered)
    return figures


def _sum(figure_sets, rubric):
    """[unique, unanswered] summed over the sets that registered ``rubric``, and how many did."""
    registered = [figures[rubric.pk] for figures in figure_sets if rubric.pk in figures]
    return [sum(f[0] for f in registered), sum(f[1] for f in registered)], len(registered)


def registration_report(
    year, *, province=None, by_desk=False, desks=None, reports=None, scoped=False, now=None
):
    """The registration ``Report`` of ``year``.

    Per province, or ``by_desk`` (always when a ``province`` is given: its desks). ``desks`` and
    ``reports`` are the querysets in scope (``for_user``), all of them by default; ``scoped``
    says so in the parameters.
    """
    desks = Desk.objects.all() if desks is None else desks
    reports = AnnualReport.objects.all() if reports is None else reports
    by_desk = by_desk or province is not None
    rubrics = [rubric for rubric in Rubric.objects.all() if rubric.exists_in(year)]
    provinces = list(Province.objects.all())
    order = {p.pk: rank for rank, p in enumerate(provinces)}
    labels = {p.pk: p.report_label for p in provinces}
    labels[None] = _("No province known")

    year_desks = _desks(year, desks, reports)
    for desk in year_desks:
        desk.province = desk_province(desk.areas, year, order)
    # The rows: every province, and "no province known" only when a desk has none.
    keys = [p.pk for p in provinces]
    if any(desk.province is None for desk in year_desks):
        keys.append(None)
    if province is not None:
        year_desks = [desk for desk in year_desks if desk.province == province.pk]
    figures = _figures(year, reports)
    counted = sorted((d for d in year_desks if d.counted), key=lambda d: (d.name, d.code))
    figures_of = {desk.pk: figures.get(desk.report["pk"], {}) for desk in counted}

    if by_desk:
        groups = [
            (desk.name, ("report", desk.report["pk"]), [figures_of[desk.pk]]) for desk in counted
        ]
    else:
        groups = [
            (
                labels[key],
                ("province", key) if key else None,
                [figures_of[d.pk] for d in counted if d.province == key],
            )
            for key in keys
        ]
    all_figures = list(figures_of.values())

    tables = []
    for rubric in rubrics:
        rows = [Row(label, _sum(sets, rubric)[0], key) for label, key, sets in groups]
        total, registered = _sum(all_figures, rubric)
        notes = []
        if registered < len(all_figures):
            notes.append(
                _(
                    "%(missing)s of the %(counted)s counted desks did not register this rubric: "
                    "their requests are not in this table."
                )
                % {"missing": len(all_figures) - registered, "counted": len(all_figures)}
            )
        tables.append(
            Table(
                slug=rubric.code,
                title=_("Requests %(year)s – %(rubric)s") % {"year": year, "rubric": rubric.name},
                sheet_name=rubric.name[:31],
                label_column=_("Desk") if by_desk else _("Province"),
                columns=[
                    Column(_("Unique childcare requests")),
                    Column(_("Without an offer of care")),
                ],
                rows=rows,
                total=Row(_("Total"), total),
                notes=notes,
            )
        )
    if not by_desk:
        tables.append(_desk_counts(year_desks, keys, labels))
    tables.append(_not_counted(year_desks, labels))

    totals = next((t.total.values for t in tables if t.slug == TOTAL), [0, 0])
    return Report(
        title=_title(year, province, by_desk),
        file_name="-".join(
            [_("registration-figures"), str(year), *([province.report_label] if province else [])]
        ),
        parameters=_parameters(year, province, scoped),
        summary=_summary(year, counted, totals, year_desks),
        tables=tables,
        caveats=[str(caveat) for caveat in CAVEATS],
        computed_at=now or timezone.now(),
    )


def _desk_counts(year_desks, keys, labels):
    reasons = (None, PARTIAL_YEAR, NOT_SUBMITTED, NO_REPORT)
    counts = Counter((desk.province, desk.reason) for desk in year_desks)
    rows = [
        Row(labels[key], [counts[(key, r)] for r in reasons], ("province", key)) for key in keys
    ]
    return Table(
        slug="desks",
        title=_("Desks per province"),
        sheet_name=_("Desks"),
        label_column=_("Province"),
        columns=[
            Column(_("Counted (full year)")),
            Column(_("Part of the year")),
            Column(_("Report not submitted")),
            Column(_("No report")),
        ],
        rows=rows,
        total=Row(_("Total"), [sum(row.values[i] for row in rows) for i in range(len(reasons))]),
    )


def _not_counted(year_desks, labels):
    missing = sorted(
        (desk for desk in year_desks if not desk.counted),
        key=lambda d: (labels[d.province], d.name, d.code),
    )
    return Table(
        slug="not-counted",
        title=_("Desks not counted"),
        sheet_name=_("Not counted"),
        label_column=_("Desk"),
        columns=[Column(_("Code"), TEXT), Column(_("Province"), TEXT), Column(_("Reason"), TEXT)],
        rows=[
            Row(
                desk.name,
                [desk.code, labels[desk.province], str(REASONS[desk.reason])],
                ("report", desk.report["pk"]) if desk.report else ("desk", desk.pk),
            )
            for desk in missing
        ],
    )


def _title(year, province, by_desk):
    if province is not None:
        return _("Registration figures %(year)s, %(province)s, by desk") % {
            "year": year,
            "province": province.report_label,
        }
    if by_desk:
        return _("Registration figures %(year)s by desk") % {"year": year}
    return _("Registration figures %(year)s per province") % {"year": year}


def _parameters(year, province, scoped):
    parameters = [(_("Year"), str(year))]
    if province is not None:
        parameters.append((_("Province"), province.report_label))
    parameters.append((_("Desks"), _("the desks you can see") if scoped else _("all desks")))
    return parameters


def _summary(year, counted, totals, year_desks):
    reasons = Counter(desk.reason for desk in year_desks)
    awaiting = sum(1 for desk in counted if desk.report["state"] == ReportState.SUBMITTED)
    lines = [
        ngettext(
            "%(desks)s desk has registrations for the full year %(year)s: %(unique)s unique "
            "childcare requests, %(unanswered)s of them without an offer of care.",
            "%(desks)s desks have registrations for the full year %(year)s: %(unique)s unique "
            "childcare requests, %(unanswered)s of them without an offer of care.",
            len(counted),
        )
        % {
            "desks": len(counted),
            "year": year,
            "unique": format_value(totals[0], COUNT),
            "unanswered": format_value(totals[1], COUNT),
        }
    ]
    if awaiting:
        lines.append(
            ngettext(
                "%(count)s of these reports still awaits validation by a client manager.",
                "%(count)s of these reports still await validation by a client manager.",
                awaiting,
            )
            % {"count": awaiting}
        )
    lines.append(
        _(
            "Not counted (listed below): part of the year %(partial)s; report not submitted "
            "%(open)s; no report %(missing)s."
        )
        % {
            "partial": reasons[PARTIAL_YEAR],
            "open": reasons[NOT_SUBMITTED],
            "missing": reasons[NO_REPORT],
        }
    )
    return lines
