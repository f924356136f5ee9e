"""The admin of the obligations app: for the functional administrator, with history everywhere.

- The obligation catalogue and the report rubrics are configuration: the administrator edits them
  here, and every change keeps a history row (who, when, what).
- Evidence is append-only: read-only here, no adding, no change, no delete; the file is handed out
  only by the scoped download view, never by a storage URL.
- The annual report's state and a compliance status are written by the services only: read-only
  here, and the history's "revert" is off, because a revert would write them past the services.
- Reminders are the outbox of the reminder emails: written by the system, read-only here.
- Consultations, desk documents and report figures are recorded in the application; here they
  follow the model permissions (no role gets change or delete).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from supervision.admin_mixins import WorkflowHistoryMixin

from .models import (
    AnnualReport,
    Compliance,
    Consultation,
    DeskDocument,
    Evidence,
    Obligation,
    Reminder,
    ReportFigure,
    Rubric,
)
from .resources import AnnualReportImportExportMixin


@admin.register(Obligation)
class ObligationAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "party_type", "kind", "period_kind", "valid_from", "valid_to")
    list_filter = ("party_type", "kind", "period_kind", "derivation", "valid_to")
    search_fields = ("code", "title", "text", "legal_basis")
    fieldsets = (
        (None, {"fields": ("code", "title", "text", "legal_basis", "source")}),
        (
            _("Rules"),
            {"fields": ("party_type", "kind", "period_kind", "applicability", "derivation")},
        ),
        (_("Validity"), {"fields": ("valid_from", "valid_to")}),
    )


@admin.register(Rubric)
class RubricAdmin(SimpleHistoryAdmin):
    list_display = ("position", "code", "name", "first_year", "last_year")
    list_display_links = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Compliance)
class ComplianceAdmin(WorkflowHistoryMixin, SimpleHistoryAdmin):
    list_display = ("obligation", "desk", "location", "year", "status", "derived", "updated_at")
    list_filter = ("status", "derived", "year", "obligation__code")
    list_select_related = ("obligation", "desk", "location")
    search_fields = ("desk__name", "desk__code", "location__name", "location__file_number")
    raw_id_fields = ("desk", "location", "evidence")
    readonly_fields = ("status", "derived", "updated_at")


@admin.register(Evidence)
class EvidenceAdmin(WorkflowHistoryMixin, SimpleHistoryAdmin):
    """Append-only: nothing can be added, changed or deleted here."""

    list_display = (
        "description",
        "original_name",
        "desk",
        "obligation",
        "year",
        "uploaded_at",
        "is_withdrawn",
    )
    list_filter = ("year", "obligation__code", "withdrawn_at")
    list_select_related = ("desk", "obligation")
    search_fields = ("description", "original_name", "desk__name", "desk__code", "sha256")
    # Not the file field itself: it would link to a storage URL, and there is none on purpose.
    fields = (
        "description",
        "download",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "desk",
        "location",
        "obligation",
        "year",
        "consultation",
        "replaces",
        "uploaded_by",
        "uploaded_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("obligations:evidence-download", args=[obj.pk]), obj
        )

    @admin.display(description=_("withdrawn"), boolean=True)
    def is_withdrawn(self, obj):
        return obj.withdrawn_at is not None


class ReportFigureInline(admin.TabularInline):
    model = ReportFigure
    extra = 0
    fields = ("rubric", "unique", "unanswered")


@admin.register(AnnualReport)
class AnnualReportAdmin(AnnualReportImportExportMixin, WorkflowHistoryMixin, SimpleHistoryAdmin):
    """Import and export in the report import format (``obligations.resources``)."""

    list_display = ("desk", "year", "state", "full_year", "submitted_at", "shared_on")
    list_filter = ("state", "year", "full_year")
    list_select_related = ("desk",)
    search_fields = ("desk__name", "desk__code")
    raw_id_fields = ("desk", "recipients")
    readonly_fields = ("state", "submitted_at")
    inlines = [ReportFigureInline]


@admin.register(ReportFigure)
class ReportFigureAdmin(SimpleHistoryAdmin):
    list_display = ("report", "rubric", "unique", "unanswered")
    list_filter = ("rubric", "report__year")
    list_select_related = ("report__desk", "rubric")
    raw_id_fields = ("report",)


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ("date", "desk", "kind", "subject")
    list_filter = ("kind", "date")
    list_select_related = ("desk",)
    search_fields = ("desk__name", "desk__code", "subject")
    raw_id_fields = ("desk", "invitees", "attendees")
    date_hierarchy = "date"


@admin.register(DeskDocument)
class DeskDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("desk", "kind", "version", "adopted_on", "lok_advice_on", "communicated_on")
    list_filter = ("kind",)
    list_select_related = ("desk",)
    search_fields = ("desk__name", "desk__code")
    raw_id_fields = ("desk", "providers_consulted", "recipients", "evidence")


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The outbox of reminder emails: written by ``obligations.reminders`` only."""

    list_display = ("desk", "kind", "year", "created_at", "sent_at")
    list_filter = ("kind", "year")
    list_select_related = ("desk",)
    search_fields = ("desk__name", "desk__code")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
