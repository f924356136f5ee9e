"""Compliance pages: the matrix of desks by obligation D1-D7, the matrix of locations by P1-P5,
and one party's compliance with an obligation in a year (details, evidence, history, assessment).

Scoped like everything else: rows come through ``for_user`` (client managers and management see
every desk; desk staff their own desks and the locations they serve; local governments the desks
serving them and their locations), and a compliance row out of scope answers 404. Each page costs
a fixed number of queries whatever the number of rows.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry import queries as registry_queries
from supervision.details import ScopedDetailView
from supervision.forms import form_errors_as_messages
from supervision.lists import ScopedListView

from ..forms.compliance import (
    AssessmentForm,
    DeskMatrixFilter,
    LocationMatrixFilter,
    WithdrawAssessmentForm,
    selected_year,
)
from ..models import Compliance, ComplianceStatus, Derivation, Evidence
from ..services import compliance as service

S = ComplianceStatus
PAGE_SIZES = {"50": 50, "250": 250, "all": 100_000}


def url_or_none(name, *args):
    """A link to another page of the product, or None where that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class Cell:
    """One party's compliance with one obligation, as the matrix shows it: a link to its page
    with the status in words (and ✎ when a client manager assessed it)."""

    def __init__(self, row, url):
        self.pk = row.pk
        self.status = row.status
        self.label = S(row.status).label
        self.style = f"status-{row.status}"
        self.assessed = not row.derived
        self.url = url

    def __html__(self):
        assessed = (
            format_html(
                ' <span aria-hidden="true">✎</span><span class="visually-hidden">({})</span>',
                _("assessed"),
            )
            if self.assessed
            else ""
        )
        return format_html(
            '<a href="{}" class="status {}">{}{}</a>', self.url, self.style, self.label, assessed
        )


def cells_html(cells):
    """A row's cells as table cells, built in Python: a template include per cell costs about
    ten times as much, and the desk matrix has some 1,600 of them."""
    missing = format_html('<td><span title="{}">–</span></td>', _("Not computed yet"))
    return mark_safe(
        "".join(format_html("<td>{}</td>", cell) if cell else missing for cell in cells)
    )


class MatrixView(ScopedListView):
    """Rows of parties by columns of obligations for a year, with the status in each cell."""

    party = "desk"
    codes = ()
    permission_required = "obligations.view_compliance"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["year"] = self.year
        return kwargs

    def get(self, request, *args, **kwargs):
        self.year = selected_year(request.GET)
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return PAGE_SIZES.get(self.request.GET.get("per_page", ""), self.paginate_by)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = service.obligations_for(self.year)
        columns = [versions[code] for code in self.codes if code in versions]
        parties = list(context["object_list"])
        self.describe(parties)
        rows = (
            Compliance.objects.filter(
                year=self.year,
                obligation__in=[o.pk for o in columns],
                **{f"{self.party}__in": [p.pk for p in parties]},
            )
            .only("pk", "status", "derived", "obligation_id", f"{self.party}_id")
            .order_by()
        )
        # Every cell links to its detail page: one reverse() for the page, not one per cell.
        prefix = reverse("obligations:compliance-detail", args=[0])[:-2]
        cells = {
            (getattr(r, f"{self.party}_id"), r.obligation_id): Cell(r, f"{prefix}{r.pk}/")
            for r in rows
        }
        context["matrix"] = [
            (party, cells_html([cells.get((party.pk, o.pk)) for o in columns])) for party in parties
        ]
        context["columns"] = columns
        context["year"] = self.year
        context["summary"] = self.summary(columns)
        context["computed"] = bool(cells) or not parties
        context["cells"] = cells
        context["per_page"] = self.request.GET.get("per_page", "")
        context["page_sizes"] = [("50", "50"), ("250", "250"), ("all", _("all"))]
        context["default_page_size"] = str(self.paginate_by)
        return context

    def describe(self, parties):
        """Add what the row shows besides the cells (nothing by default)."""

    def summary(self, columns):
        """Per status, the number of parties in each column, over the whole filtered list."""
        counts = (
            Compliance.objects.filter(
                year=self.year,
                obligation__in=[o.pk for o in columns],
                **{f"{self.party}__in": self.object_list.order_by().values("pk")},
            )
            .values("obligation_id", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        found = {(c["obligation_id"], c["status"]): c["n"] for c in counts}
        return [
            {
                "status": status,
                "label": label,
                "style": f"status-{status}",
                "counts": [found.get((o.pk, status), 0) for o in columns],
            }
            for status, label in S.choices
        ]


class DeskMatrixView(MatrixView):
    model = DeskMatrixFilter.Meta.model
    party = "desk"
    codes = DeskMatrixFilter.codes
    filterset_class = DeskMatrixFilter
    template_name = "obligations/compliance_matrix.html"
    paginate_by = 250  # every desk of the country (about 230) on one page

    def get_queryset(self):
        return registry_queries.desks_with_current_area(self.get_base_queryset()).order_by(
            "name", "pk"
        )

    def describe(self, desks):
        for desk in desks:
            desk.provinces = ", ".join(
                sorted({area.municipality.province.report_label for area in desk.current_areas})
            )


class LocationMatrixView(MatrixView):
    model = LocationMatrixFilter.Meta.model
    party = "location"
    codes = LocationMatrixFilter.codes
    filterset_class = LocationMatrixFilter
    template_name = "obligations/compliance_location_matrix.html"

    def get_queryset(self):
        return (
            self.get_base_queryset()
            .select_related("organisation", "municipality__province")
            .order_by("name", "pk")
        )


# One compliance row ---------------------------------------------------------------------------


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def readable_details(compliance):
    """The row's details with dates and links for the page: the consultations and the providers
    not invited (D1), the locations not sent the agreements (D4), the providers not sent the
    report (D5), the document or report it rests on."""
    details = compliance.details or {}
    shown = {}
    consultations = []
    for entry in details.get("consultations", ()):
        shown_entry = {
            **entry,
            "date": _day(entry.get("date")),
            "url": url_or_none("obligations:consultation-detail", entry["id"]),
        }
        if "missing" in entry:
            shown_entry["missing"] = [
                {**org, "url": url_or_none("registry:organisation-detail", org["id"])}
                for org in entry["missing"]
            ]
        consultations.append(shown_entry)
    if consultations:
        key = (
            "consultations"
            if compliance.obligation.derivation == Derivation.INVITATIONS
            else "consultations_with_minutes"
        )
        shown[key] = consultations
    if "missing_locations" in details:
        shown["missing_locations"] = [
            {**loc, "url": url_or_none("registry:location-detail", loc["id"])}
            for loc in details["missing_locations"]
        ]
    if "missing_providers" in details:
        shown["missing_providers"] = [
            {**org, "url": url_or_none("registry:organisation-detail", org["id"])}
            for org in details["missing_providers"]
        ]
    if "document" in details:
        shown["document"] = {
            **details["document"],
            "url": url_or_none("obligations:document-detail", details["document"]["id"]),
        }
    if "report" in details:
        shown["report"] = {
            **details["report"],
            "url": url_or_none("obligations:report-detail", details["report"]["id"]),
        }
    if "offer_confirmed_on" in details:
        shown["offer_confirmed_on"] = _day(details["offer_confirmed_on"])
    return shown


def _party(compliance):
    """The row's desk or location, as a filter on evidence."""
    if compliance.desk_id:
        return {"desk_id": compliance.desk_id}
    return {"location_id": compliance.location_id}


def party_evidence(compliance):
    """The current evidence of the row's desk or location (what an assessment can point to)."""
    return Evidence.objects.current().filter(**_party(compliance)).order_by("-uploaded_at", "-pk")


class ComplianceDetailView(ScopedDetailView):
    model = Compliance
    permission_required = "obligations.view_compliance"
    template_name = "obligations/compliance_detail.html"
    select_related = (
        "obligation",
        "desk__operator",
        "location__organisation",
        "location__municipality",
    )
    history_exclude = ("id", "updated_at", "details", "evidence")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compliance, user = self.object, self.request.user
        visible = Evidence.objects.for_user(user).select_related("uploaded_by")
        linked = list(visible.filter(compliance=compliance))
        related = (
            visible.current()
            .filter(
                obligation__code=compliance.obligation.code,
                year=compliance.year,
                **_party(compliance),
            )
            .exclude(pk__in=[e.pk for e in linked])
        )
        context.update(
            style=f"status-{compliance.status}",
            details=readable_details(compliance),
            linked_evidence=[(e, url_or_none("obligations:evidence-detail", e.pk)) for e in linked],
            related_evidence=[
                (e, url_or_none("obligations:evidence-detail", e.pk)) for e in related
            ],
            is_assessment=compliance.obligation.derivation == Derivation.ASSESSMENT,
            matrix_url=reverse(
                "obligations:compliance-matrix"
                if compliance.desk_id
                else "obligations:compliance-location-matrix"
            )
            + f"?year={compliance.year}",
        )
        if user.has_perm("obligations.assess_compliance"):
            statuses = service.assessable_statuses(compliance)
            if statuses:
                context["assessment_form"] = AssessmentForm(
                    statuses=statuses,
                    evidence=party_evidence(compliance),
                    initial={"evidence": [e.pk for e in linked]},
                )
            if not compliance.derived:
                context["withdraw_form"] = WithdrawAssessmentForm(prefix="withdraw")
        return context


def _scoped_row(request, pk):
    return get_object_or_404(
        Compliance.objects.for_user(request.user).select_related("obligation"), pk=pk
    )


@require_POST
@permission_required("obligations.assess_compliance", raise_exception=True)
def compliance_assess(request, pk):
    compliance = _scoped_row(request, pk)
    form = AssessmentForm(
        request.POST,
        statuses=service.assessable_statuses(compliance),
        evidence=party_evidence(compliance),
    )
    if form.is_valid():
        try:
            service.assess(
                compliance.pk,
                user=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                evidence_ids=[e.pk for e in form.cleaned_data.get("evidence") or ()],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The assessment was recorded."))
    else:
        form_errors_as_messages(request, form)
    return redirect("obligations:compliance-detail", pk=compliance.pk)


@require_POST
@permission_required("obligations.assess_compliance", raise_exception=True)
def compliance_withdraw_assessment(request, pk):
    compliance = _scoped_row(request, pk)
    form = WithdrawAssessmentForm(request.POST, prefix="withdraw")
    if form.is_valid():
        try:
            service.withdraw_assessment(
                compliance.pk, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The assessment was withdrawn: the status is derived again.")
            )
    else:
        form_errors_as_messages(request, form)
    return redirect("obligations:compliance-detail", pk=compliance.pk)


urlpatterns = [
    path("naleving/", DeskMatrixView.as_view(), name="compliance-matrix"),
    path("naleving/locaties/", LocationMatrixView.as_view(), name="compliance-location-matrix"),
    path("naleving/<int:pk>/", ComplianceDetailView.as_view(), name="compliance-detail"),
    path("naleving/<int:pk>/beoordelen/", compliance_assess, name="compliance-assess"),
    path(
        "naleving/<int:pk>/beoordeling-intrekken/",
        compliance_withdraw_assessment,
        name="compliance-withdraw-assessment",
    ),
]
