"""The desk portal on a desk user's home page: for each of their desks, this year's desk
obligations (D1-D7) with their compliance, what is missing, and where to upload or record it; and
last year's annual report with its deadline.

Reads only, in a fixed number of queries whatever the number of desks: the desks, the catalogue,
the compliance rows of the year, the consultations of the year, last year's reports.
"""

import dataclasses
import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from registry.models import Desk

from .models import (
    AnnualReport,
    Compliance,
    ComplianceStatus,
    Consultation,
    Derivation,
    DocumentKind,
    Evidence,
    Obligation,
    PartyType,
)
from .services.reports import is_overdue, report_deadline

MAX_NAMES = 10
"""At most this many names of missing providers or locations per obligation; then "and N more"."""


def _url(name, *args, query=None):
    """The URL of a page, or None while that page does not exist (yet)."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


@dataclasses.dataclass
class Action:
    label: str
    url: str


@dataclasses.dataclass
class Missing:
    text: str
    names: list
    more: int = 0
    url: str | None = None


@dataclasses.dataclass
class ObligationRow:
    obligation: Obligation
    compliance: Compliance | None
    missing: list
    actions: list


@dataclasses.dataclass
class DeskPortal:
    desk: Desk
    year: int
    computed: bool
    rows: list
    report_year: int
    report: AnnualReport | None
    report_deadline: object
    report_overdue: bool
    report_url: str | None


def _names(items, key="name"):
    names = [item.get(key, "") for item in items]
    return names[:MAX_NAMES], max(0, len(names) - MAX_NAMES)


def _missing(compliance, consultations_without_minutes):
    """What the derivation found missing (``Compliance.details``), as lines a reader can act on."""
    if compliance is None:
        return []
    details = compliance.details or {}
    found = []
    derivation = compliance.obligation.derivation
    if derivation == Derivation.INVITATIONS:
        for consultation in details.get("consultations", ()):
            if consultation.get("missing"):
                names, more = _names(consultation["missing"])
                date = datetime.date.fromisoformat(consultation["date"])
                found.append(
                    Missing(
                        _("Not invited to the consultation of %(date)s:")
                        % {"date": date.strftime("%d/%m/%Y")},
                        names,
                        more,
                        _url("obligations:consultation-detail", consultation["id"]),
                    )
                )
    if derivation == Derivation.YEARLY_CONSULTATION and compliance.status != ComplianceStatus.MET:
        for consultation in consultations_without_minutes:
            found.append(
                Missing(
                    _("No minutes for the consultation of %(date)s.")
                    % {"date": consultation.date.strftime("%d/%m/%Y")},
                    [],
                    url=_url("obligations:consultation-detail", consultation.pk),
                )
            )
    if details.get("missing_locations"):
        names, more = _names(details["missing_locations"])
        found.append(Missing(_("Not sent to these locations:"), names, more))
    if details.get("missing_providers"):
        names, more = _names(details["missing_providers"])
        found.append(Missing(_("Not shared with these providers:"), names, more))
    return found


def _actions(obligation, desk, year, report, report_year):
    """Where to record or upload what this obligation asks for."""
    derivation = obligation.derivation
    actions = []
    if derivation in (Derivation.INVITATIONS, Derivation.YEARLY_CONSULTATION):
        actions.append(
            (
                _("Record a consultation"),
                _url("obligations:consultation-create", query={"desk": desk.pk}),
            )
        )
        actions.append(
            (
                _("Consultations of %(year)s") % {"year": year},
                _url("obligations:consultation-list", query={"desk": desk.pk, "year": year}),
            )
        )
    elif derivation in (Derivation.PROCEDURE, Derivation.AGREEMENTS_SENT):
        kind = (
            DocumentKind.PROCEDURE
            if derivation == Derivation.PROCEDURE
            else DocumentKind.AGREEMENTS
        )
        query = {"desk": desk.pk, "kind": kind}
        label = (
            _("Record a new version of the procedure")
            if kind == DocumentKind.PROCEDURE
            else _("Record a new version of the agreements")
        )
        actions.append((label, _url("obligations:document-create", query=query)))
        actions.append((_("All versions"), _url("obligations:document-list", query=query)))
    elif derivation == Derivation.REPORT_SHARED:
        if report is not None:
            actions.append(
                (
                    _("Annual report %(year)s") % {"year": report_year},
                    _url("obligations:report-detail", report.pk),
                )
            )
        else:
            actions.append((_("Annual reports"), _url("obligations:report-list")))
    if derivation == Derivation.ASSESSMENT or not actions:
        actions.append(
            (
                _("Upload evidence"),
                _url(
                    "obligations:evidence-create",
                    query={"desk": desk.pk, "obligation": obligation.pk, "year": year},
                ),
            )
        )
    return [Action(label, url) for label, url in actions if url]


def desk_portal(user, today=None):
    """One ``DeskPortal`` per desk the user works for, in name order."""
    today = today or timezone.localdate()
    year, report_year = today.year, today.year - 1
    minutes = Evidence.objects.filter(consultation=OuterRef("pk"), withdrawn_at__isnull=True)
    desks = list(
        Desk.objects.filter(staff=user)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "compliance",
                queryset=Compliance.objects.filter(year=year).select_related("obligation"),
                to_attr="this_year",
            ),
            Prefetch(
                "annual_reports",
                queryset=AnnualReport.objects.filter(year=report_year),
                to_attr="last_report",
            ),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.filter(date__year=year)
                .annotate(has_minutes=Exists(minutes))
                .filter(has_minutes=False)
                .order_by("date"),
                to_attr="without_minutes",
            ),
        )
    )
    if not desks:
        return []
    catalogue = list(
        Obligation.objects.valid_on(today).filter(party_type=PartyType.DESK).order_by("code")
    )
    deadline = report_deadline(report_year)
    portals = []
    for desk in desks:
        by_code = {row.obligation.code: row for row in desk.this_year}
        report = desk.last_report[0] if desk.last_report else None
        rows = []
        for obligation in catalogue:
            compliance = by_code.get(obligation.code)
            rows.append(
                ObligationRow(
                    obligation,
                    compliance,
                    _missing(compliance, desk.without_minutes),
                    _actions(obligation, desk, year, report, report_year),
                )
            )
        portals.append(
            DeskPortal(
                desk=desk,
                year=year,
                computed=bool(by_code),
                rows=rows,
                report_year=report_year,
                report=report,
                report_deadline=deadline,
                report_overdue=is_overdue(report, report_year, today),
                report_url=_url("obligations:report-detail", report.pk)
                if report
                else _url("obligations:report-list"),
            )
        )
    return portals
