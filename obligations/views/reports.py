"""Annual report pages: the list (scoped, filtered, sorted, paginated, exported in the import
format), a report's page (figures, state, deadline, recipients, history and the actions the user
may take now), the desk's figures form, the transitions, and opening a report for a year.

Every write goes through ``obligations.services.reports``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition

from registry.models import Desk, ServiceArea
from supervision.details import ScopedDetailView
from supervision.forms import add_service_errors, form_errors_as_messages
from supervision.lists import ScopedListView

from ..forms.reports import TRANSITION_FORMS, FiguresForm, OpenReportForm, ReportFilter
from ..models import AnnualReport, ReportFigure, Rubric
from ..resources import AnnualReportResource
from ..rubrics import TOTAL
from ..services import reports as services
from .timeline import record_timeline


def _provinces(desk, year):
    """The provinces of the desk's service area during ``year`` (from prefetched areas); when the
    registry holds no area of the desk for that year, those of all its areas (as the filter)."""
    areas = [
        area
        for area in desk.report_areas
        if area.valid_from.year <= year and (area.valid_to is None or area.valid_to.year >= year)
    ] or desk.report_areas
    found = []
    for area in areas:
        if area.municipality.province not in found:
            found.append(area.municipality.province)
    return found


class ReportListView(ScopedListView):
    model = AnnualReport
    permission_required = "obligations.view_annualreport"
    filterset_class = ReportFilter
    template_name = "obligations/report_list.html"
    export_name = "jaarverslagen"
    resource_class = AnnualReportResource

    def get_queryset(self):
        areas = ServiceArea.objects.select_related("municipality__province").order_by("valid_from")
        totals = ReportFigure.objects.filter(rubric__code=TOTAL)
        return (
            self.get_base_queryset()
            .select_related("desk")
            .prefetch_related(
                Prefetch("desk__service_areas", queryset=areas, to_attr="report_areas"),
                Prefetch("figures", queryset=totals, to_attr="totals"),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for report in context["object_list"]:
            report.provinces = _provinces(report.desk, report.year)
            report.total = report.totals[0] if report.totals else None
            report.deadline = services.report_deadline(report.year)
            report.overdue = services.is_overdue(report, report.year, today)
        context["open_form"] = _open_form(self.request.user)
        return context


def _openable_desks(user):
    if user.has_perm(services.OPEN_PERMISSION):
        return Desk.objects.for_user(user).order_by("name")
    if user.has_perm(services.DESK_PERMISSION):
        return Desk.objects.filter(staff=user).order_by("name")
    return Desk.objects.none()


def _open_form(user, data=None):
    desks = _openable_desks(user)
    if data is None and not desks.exists():
        return None
    return OpenReportForm(data, desks=desks)


def report_history(report):
    """The report's history with its figures' history, newest first: one timeline."""
    entries = record_timeline(report)
    records = ReportFigure.history.filter(report_id=report.pk).select_related("history_user")
    rubrics = {r.pk: r.name for r in Rubric.objects.all()}
    labels = {
        "unique": ReportFigure._meta.get_field("unique").verbose_name,
        "unanswered": ReportFigure._meta.get_field("unanswered").verbose_name,
    }
    previous = {}
    figure_entries = []
    for record in records.order_by("history_date", "history_id"):
        before = previous.get(record.id)
        changes = []
        for name, label in labels.items():
            old = getattr(before, name, None) if record.history_type != "+" else None
            new = getattr(record, name) if record.history_type != "-" else None
            if old != new:
                changes.append(
                    {
                        "field": f"{rubrics.get(record.rubric_id, '')}: {label}",
                        "old": old,
                        "new": new,
                    }
                )
        previous[record.id] = record
        figure_entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": _("figures"),
                "reason": record.history_change_reason,
                "changes": changes,
                "record": record,
            }
        )
    entries += _merge_same_moment(figure_entries)
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    return entries


def _merge_same_moment(entries):
    """Figure rows written together (one save of the form, one import) read as one entry."""
    merged = []
    for entry in entries:
        last = merged[-1] if merged else None
        if (
            last
            and abs((entry["date"] - last["date"]).total_seconds()) < 1
            and entry["user"] == last["user"]
            and entry["reason"] == last["reason"]
        ):
            last["changes"] += entry["changes"]
        else:
            merged.append({**entry, "changes": list(entry["changes"])})
    return merged


class ReportDetailView(ScopedDetailView):
    model = AnnualReport
    permission_required = "obligations.view_annualreport"
    template_name = "obligations/report_detail.html"
    select_related = ("desk__operator",)
    history_exclude = None  # report_history: the report and its figures in one timeline

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        figures = {f.rubric_id: f for f in report.figures.all()}
        context["figure_rows"] = [
            {"rubric": rubric, "figure": figures.get(rubric.pk)}
            for rubric in Rubric.objects.all()
            if rubric.exists_in(report.year)
        ]
        context["deadline"] = services.report_deadline(report.year)
        context["overdue"] = services.is_overdue(report, report.year)
        context["recipients"] = report.recipients.order_by("name")
        context["can_edit"] = services.can_edit(report, user)
        context["actions"] = _actions(report, user)
        context["history"] = report_history(report)
        return context


def _form_kwargs(name, report):
    if name == "share":
        return {"providers": services.shareable_providers(report.desk)}
    return {}


def _actions(report, user):
    actions = []
    for name, label, refusal in services.transitions_for(report, user):
        form = None
        if refusal is None:
            form = TRANSITION_FORMS[name](report=report, prefix=name, **_form_kwargs(name, report))
        actions.append({"name": name, "label": label, "refusal": refusal, "form": form})
    return actions


@permission_required(services.DESK_PERMISSION, raise_exception=True)
def report_edit(request, pk):
    """The desk fills in or corrects the figures of an open or returned report, then submits."""
    report = get_object_or_404(
        AnnualReport.objects.for_user(request.user).select_related("desk"), pk=pk
    )
    if not services.is_desk_staff(request.user, report.desk_id):
        raise PermissionDenied(_("Only the desk's own staff can fill in its report."))
    if report.state not in services.EDITABLE:
        messages.error(
            request,
            _("The figures can be changed only while the report is open or returned."),
        )
        return redirect("obligations:report-detail", report.pk)
    form = FiguresForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_figures(
                report.pk,
                actor=request.user,
                full_year=form.cleaned_data["full_year"],
                counts=form.cleaned_data["counts"],
                reason=form.cleaned_data["reason"],
            )
            if "submit" in request.POST:
                services.submit_report(
                    report.pk, actor=request.user, reason=form.cleaned_data["reason"]
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except ConcurrentTransition:
            form.add_error(None, _concurrent_message())
        else:
            if "submit" in request.POST:
                messages.success(request, _("The report was submitted to Opgroeien."))
            else:
                messages.success(
                    request, _("The figures were saved. Submit the report when they are complete.")
                )
            return redirect("obligations:report-detail", report.pk)
    return render(request, "obligations/report_edit.html", {"report": report, "form": form})


def _concurrent_message():
    return _(
        "Someone else changed this report just now. The page shows the current state; try again if still needed."
    )


@require_POST
@permission_required("obligations.view_annualreport", raise_exception=True)
def report_transition(request, pk):
    """Run one transition of the report's lifecycle; a refusal says why."""
    report = get_object_or_404(
        AnnualReport.objects.for_user(request.user).select_related("desk"), pk=pk
    )
    name = request.POST.get("transition", "")
    if name not in services.ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("obligations:report-detail", report.pk)
    if not services.may_act(request.user, name, report):
        raise PermissionDenied(services.refusal(report, name, request.user))
    form = TRANSITION_FORMS[name](
        request.POST, report=report, prefix=name, **_form_kwargs(name, report)
    )
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("obligations:report-detail", report.pk)
    try:
        services.ACTIONS[name](report.pk, actor=request.user, **form.service_kwargs())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except ConcurrentTransition:
        messages.error(request, _concurrent_message())
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": services.label(report, name)})
    return redirect("obligations:report-detail", report.pk)


def report_open(request):
    """Open the report of a desk for a year (or go to it when it exists)."""
    user = request.user
    if not (user.has_perm(services.OPEN_PERMISSION) or user.has_perm(services.DESK_PERMISSION)):
        raise PermissionDenied
    form = _open_form(user, request.POST if request.method == "POST" else None)
    if form is None:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            report = services.open_report(
                form.cleaned_data["desk"].pk, form.cleaned_data["year"], actor=user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if services.can_edit(report, user):
                return redirect("obligations:report-edit", report.pk)
            return redirect("obligations:report-detail", report.pk)
    return render(request, "obligations/report_open.html", {"form": form})


urlpatterns = [
    path("jaarverslagen/", ReportListView.as_view(), name="report-list"),
    path("jaarverslagen/openen/", report_open, name="report-open"),
    path("jaarverslagen/<int:pk>/", ReportDetailView.as_view(), name="report-detail"),
    path("jaarverslagen/<int:pk>/cijfers/", report_edit, name="report-edit"),
    path("jaarverslagen/<int:pk>/actie/", report_transition, name="report-transition"),
]
