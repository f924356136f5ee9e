"""Annual registration reports: every write goes through here (the import's bulk path excepted,
``obligations.report_import``, which uses the same workflow transition and figure rules).

Each write locks the report's row, runs the workflow transition (``obligations.workflow``), and
saves with who and why in the history row. After the commit the desk's compliance is recomputed
(``recompute_compliance``): obligation D5 of compliance year Y is about the report of year Y-1,
the data reported to Opgroeien (and shared with the providers) in year Y (``obligations.compliance``),
so a change to the report of year Y recomputes the desk's compliance of year Y+1.

Who does what:

- the desk's own staff (``obligations.change_annualreport`` and staff of the report's desk): open
  a report, fill in and correct its figures while it is open or returned, submit it, register
  that it was shared with the providers (D5) and that it was published;
- a client manager (``obligations.validate_annualreport``): validate a submitted report, or return
  it to the desk with a reason;
- ``obligations.add_annualreport`` (client managers, administrators) may also open a report for a
  desk, and import reports (``obligations.report_import``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import can_proceed
from simple_history.utils import bulk_create_with_history

from registry.models import Desk

from ..compliance import month_day
from ..models import AnnualReport, ReportFigure, Rubric
from ..report_rules import check_figures, figures_from_counts
from ..rubrics import TOTAL
from ..workflow import ReportState
from .records import recompute_desk_after_commit

R = ReportState

DESK_PERMISSION = "obligations.change_annualreport"
VALIDATE_PERMISSION = "obligations.validate_annualreport"
OPEN_PERMISSION = "obligations.add_annualreport"

# transition name -> who may run it: the desk's staff, or a client manager
DESK, CLIENT_MANAGER = "desk", "client_manager"
TRANSITIONS = {
    "submit": DESK,
    "validate": CLIENT_MANAGER,
    "return_to_desk": CLIENT_MANAGER,
    "share": DESK,
    "publish": DESK,
}
EDITABLE = (R.OPEN, R.RETURNED)


# --- Deadline -----------------------------------------------------------------------------------


def report_deadline(year):
    """The day by which the report of ``year`` is due: ``settings.ANNUAL_REPORT_DEADLINE``
    ("MM-DD", default "03-31") of the next year. 29 February falls back to the 28th."""
    return month_day(settings.ANNUAL_REPORT_DEADLINE, year + 1)


def is_overdue(report, year, today=None):
    """Whether the report of ``year`` is late on ``today``: the deadline has passed and it was not
    submitted (no report yet, or one that is open or returned to the desk)."""
    today = today or timezone.localdate()
    if report is not None and report.state not in EDITABLE:
        return False
    return today > report_deadline(year)


def last_overdue_year(today=None):
    """The latest year whose deadline has passed on ``today`` (for list filters)."""
    today = today or timezone.localdate()
    year = today.year - 1
    return year if today > report_deadline(year) else year - 1


def compliance_year(report_year):
    """The compliance year whose D5 is about the report of ``report_year``: the next one, in
    which the report is due, shared and published."""
    return report_year + 1


def recompute_compliance(desk_id, report_year):
    """After the commit, recompute the desk's derived compliance (D5) that the report of
    ``report_year`` counts for."""
    recompute_desk_after_commit(desk_id, compliance_year(report_year))


# --- Who may do what now ------------------------------------------------------------------------


def is_desk_staff(user, desk_id):
    """The user may act for this desk: desk staff of this very desk (or a superuser)."""
    if not (user and user.is_active and user.has_perm(DESK_PERMISSION)):
        return False
    if user.is_superuser:
        return True
    desk_ids = getattr(user, "_report_desk_ids", None)
    if desk_ids is None:
        desk_ids = set(Desk.objects.filter(staff=user).values_list("pk", flat=True))
        user._report_desk_ids = desk_ids  # once per user object, i.e. per request
    return desk_id in desk_ids


def may_act(user, name, report):
    """Whether the user's role lets them run transition ``name`` on ``report`` (any state)."""
    if TRANSITIONS[name] == DESK:
        return is_desk_staff(user, report.desk_id)
    return bool(user and user.is_active and user.has_perm(VALIDATE_PERMISSION))


def refusal(report, name, user):
    """Why ``user`` cannot run transition ``name`` on ``report`` now, or None if they can."""
    if not may_act(user, name, report):
        if TRANSITIONS[name] == DESK:
            return _("Only the desk's own staff can do this.")
        return _("Only a client manager can validate or return an annual report.")
    if not can_proceed(getattr(report, name)):
        return _("Not possible while the report is “%(state)s”.") % {
            "state": report.get_state_display()
        }
    if name == "submit" and not _has_total(report):
        return _("Fill in the figures (at least the total) before submitting the report.")
    return None


def _has_total(report):
    return report.figures.filter(rubric__code=TOTAL).exists()


def transitions_for(report, user):
    """The transitions of the user's role on this report: (name, label, refusal or None), in the
    workflow's order. A refusal says why it cannot be done now."""
    result = []
    for name in TRANSITIONS:
        if may_act(user, name, report):
            result.append((name, label(report, name), refusal(report, name, user)))
    return result


def label(report, name):
    """The label of a transition (``custom={"label": ...}`` in the workflow)."""
    meta = getattr(report, name)._django_fsm
    transition = next(iter(meta.transitions.values()))
    return transition.custom.get("label", name)


def can_edit(report, user):
    """Whether the user may fill in or correct the figures of this report now."""
    return report.state in EDITABLE and is_desk_staff(user, report.desk_id)


# --- Writes -------------------------------------------------------------------------------------


def _locked(report_id):
    return AnnualReport.objects.select_for_update().select_related("desk").get(pk=report_id)


def _product_language(text):
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _save(report, actor, reason):
    report._change_reason = (reason or "").strip()
    report._history_user = actor
    report.save()
    recompute_compliance(report.desk_id, report.year)
    return report


def first_year():
    return Rubric.objects.get(code=TOTAL).first_year


def open_report(desk_id, year, *, actor):
    """The report of a desk for a year, opened (state "open") if there is none yet.

    For the desk's own staff, or with ``obligations.add_annualreport``."""
    if not (actor.has_perm(OPEN_PERMISSION) or is_desk_staff(actor, desk_id)):
        raise PermissionDenied(_("You may not open an annual report for this desk."))
    today = timezone.localdate()
    start = first_year()
    if not start <= year <= today.year:
        raise ValidationError(
            _("Choose a year from %(first)s to %(last)s.") % {"first": start, "last": today.year}
        )
    with transaction.atomic():
        desk = Desk.objects.select_for_update().get(pk=desk_id)
        report = AnnualReport.objects.filter(desk=desk, year=year).first()
        if report is not None:
            return report
        report = AnnualReport(desk=desk, year=year)
        report._change_reason = _product_language(_("Report opened"))
        report._history_user = actor
        report.save()
        recompute_compliance(desk.pk, year)
    return report


def save_figures(report_id, *, actor, full_year, counts, reason=""):
    """Fill in or correct the figures of an open or returned report.

    ``counts``: {"unique_total": int or None, ...} (``report_rules.FIGURE_KEYS``). The same
    rules as the import: a problem raises ``ValidationError`` (Dutch) and nothing is stored."""
    with transaction.atomic():
        report = _locked(report_id)
        if not is_desk_staff(actor, report.desk_id):
            raise PermissionDenied(_("Only the desk's own staff can fill in its report."))
        if report.state not in EDITABLE:
            raise ValidationError(
                _("The figures can be changed only while the report is open or returned.")
            )
        rubrics = {r.code: r for r in Rubric.objects.all()}
        problems = check_figures(report.year, counts, rubrics)
        if problems:
            raise ValidationError({p.field: p.message for p in problems})
        figures = figures_from_counts(counts, rubrics, report.year)
        reason = (reason or "").strip() or _product_language(_("Figures filled in"))
        history = {"default_user": actor, "default_change_reason": reason}
        stored = {f.rubric.code: f for f in report.figures.select_related("rubric")}
        new = []
        for code, (unique, unanswered) in figures.items():
            figure = stored.pop(code, None)
            if figure is None:
                new.append(
                    ReportFigure(
                        report=report, rubric=rubrics[code], unique=unique, unanswered=unanswered
                    )
                )
            elif (figure.unique, figure.unanswered) != (unique, unanswered):
                figure.unique, figure.unanswered = unique, unanswered
                figure._change_reason, figure._history_user = reason, actor
                figure.save()
        if new:
            bulk_create_with_history(new, ReportFigure, **history)
        for figure in stored.values():  # emptied rubrics: not registered
            figure._change_reason, figure._history_user = reason, actor
            figure.delete()
        if report.full_year != full_year:
            report.full_year = full_year
            _save(report, actor, reason)
        else:
            recompute_compliance(report.desk_id, report.year)
    return report


def _run(report_id, name, *, actor, reason, apply=None):
    with transaction.atomic():
        report = _locked(report_id)
        why = refusal(report, name, actor)
        if why:
            if not may_act(actor, name, report):
                raise PermissionDenied(why)
            raise ValidationError(why)
        getattr(report, name)()
        if apply is not None:
            apply(report)
        default = _product_language(label(report, name))
        return _save(report, actor, (reason or "").strip() or default)


def submit_report(report_id, *, actor, reason=""):
    """The desk hands in its report (open or returned -> submitted)."""

    def apply(report):
        report.submitted_at = timezone.now()

    return _run(report_id, "submit", actor=actor, reason=reason, apply=apply)


def validate_report(report_id, *, actor, reason=""):
    """A client manager accepts the submitted report (submitted -> validated)."""
    return _run(report_id, "validate", actor=actor, reason=reason)


def return_report(report_id, *, actor, reason):
    """A client manager sends the report back to the desk for correction, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the report goes back to the desk."))

    def apply(report):
        report.return_reason = reason

    return _run(report_id, "return_to_desk", actor=actor, reason=reason, apply=apply)


def _check_date(value, *, earliest, missing):
    today = timezone.localdate()
    if value is None:
        raise ValidationError(missing)
    if value > today:
        raise ValidationError(_("The date cannot be in the future."))
    if earliest is not None and value < earliest:
        raise ValidationError(
            _("The date cannot be before %(date)s.") % {"date": earliest.strftime("%d/%m/%Y")}
        )


def share_report(report_id, *, actor, shared_on, recipients, reason=""):
    """The desk registers that it shared the validated report with the providers (obligation D5):
    the date and the organisations it was sent to (validated -> shared)."""
    recipients = list(recipients)

    def apply(report):
        _check_date(
            shared_on,
            earliest=datetime.date(report.year + 1, 1, 1),
            missing=_("Give the date on which the report was shared."),
        )
        if not recipients and shareable_providers(report.desk).exists():
            raise ValidationError(_("Choose the providers the report was sent to."))
        report.shared_on = shared_on
        report.skip_history_when_saving = True  # one history row: the save below
        try:
            report.recipients.set(recipients)
        finally:
            del report.skip_history_when_saving

    return _run(report_id, "share", actor=actor, reason=reason, apply=apply)


def publish_report(report_id, *, actor, published_on, reason=""):
    """The desk registers that it published the shared report (shared -> published)."""

    def apply(report):
        _check_date(
            published_on,
            earliest=report.shared_on,
            missing=_("Give the date on which the report was published."),
        )
        report.published_on = published_on

    return _run(report_id, "publish", actor=actor, reason=reason, apply=apply)


ACTIONS = {
    "submit": submit_report,
    "validate": validate_report,
    "return_to_desk": return_report,
    "share": share_report,
    "publish": publish_report,
}


def shareable_providers(desk, today=None):
    """The providers the report should go to: organisations with an active location in the desk's
    service area today (the preselection of the sharing form)."""
    from ..area import providers_in_area

    return providers_in_area(desk, today or timezone.localdate())
