"""The admin of the cases app: for the functional administrator, to look, never to bypass the
workflow.

- Signals, cases, talks, internal notes, advice and attachments are records of the workflow,
  written only by ``cases.services``: read-only here (no add, change or delete), with their history
  and without the history's "revert", which would write an old state or party past the services.
  A case's ``state`` is in no admin form.
- An attachment's file is handed out only by the scoped download view, never by a storage URL.
- Notifications are the outbox of the case emails and case numbers the yearly counter: written by
  the system, read-only here.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from supervision.admin_mixins import ReadOnlyMixin, WorkflowHistoryMixin

from .models import (
    Advice,
    Case,
    CaseNote,
    CaseNumber,
    Notification,
    Signal,
    SignalAttachment,
    Talk,
)


class WorkflowRecordAdmin(ReadOnlyMixin, WorkflowHistoryMixin, SimpleHistoryAdmin):
    """A record of the workflow: read-only, with its history and no revert."""


class SignalAttachmentInline(ReadOnlyMixin, admin.TabularInline):
    model = SignalAttachment
    extra = 0
    fields = ("download", "description", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return _download_link(obj)


def _download_link(obj):
    if obj is None or obj.pk is None:
        return "–"
    return format_html(
        '<a href="{}">{}</a>', reverse("cases:attachment-download", args=[obj.pk]), obj
    )


@admin.register(Signal)
class SignalAdmin(WorkflowRecordAdmin):
    list_display = ("received_on", "about", "source", "channel", "reporting_desk", "case")
    list_filter = ("source", "channel", "received_on")
    list_select_related = ("about_desk", "about_organisation", "reporting_desk", "case")
    search_fields = (
        "description",
        "about_desk__name",
        "about_desk__code",
        "about_organisation__name",
        "about_organisation__enterprise_number",
        "case__number",
    )
    date_hierarchy = "received_on"
    fields = (
        "about_desk",
        "about_organisation",
        "locations",
        "obligations",
        "source",
        "channel",
        "reporting_desk",
        "received_on",
        "description",
        "advice",
        "case",
        "reported_by",
        "created_at",
    )
    readonly_fields = fields
    inlines = [SignalAttachmentInline]

    @admin.display(description=_("about"))
    def about(self, obj):
        return obj.about


class TalkInline(ReadOnlyMixin, admin.TabularInline):
    model = Talk
    extra = 0
    fields = ("held_on", "party", "participants", "outcome", "remedy_by", "recorded_by")
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(WorkflowRecordAdmin):
    list_display = ("number", "about", "state", "outcome", "assignee", "deadline", "opened_at")
    list_filter = ("state", "outcome", "year")
    list_select_related = ("about_desk", "about_organisation", "assignee")
    search_fields = (
        "number",
        "about_desk__name",
        "about_desk__code",
        "about_organisation__name",
        "about_organisation__enterprise_number",
    )
    fields = (
        "number",
        "year",
        "state",
        "outcome",
        "about_desk",
        "about_organisation",
        "locations",
        "assignee",
        "deadline",
        "desk_reported_provider",
        "desk_efforts_finding",
        "desk_efforts_checked_at",
        "desk_efforts_checked_by",
        "desk_evidence",
        "talk_skip_reason",
        "opened_at",
    )
    readonly_fields = fields
    inlines = [TalkInline]

    @admin.display(description=_("about"))
    def about(self, obj):
        return obj.about


@admin.register(Talk)
class TalkAdmin(WorkflowRecordAdmin):
    list_display = ("case", "held_on", "party", "outcome", "remedy_by")
    list_filter = ("party", "outcome")
    list_select_related = ("case",)
    search_fields = ("case__number", "participants", "agreed")
    readonly_fields = (
        "case",
        "held_on",
        "participants",
        "party",
        "agreed",
        "remedy_by",
        "outcome",
        "recorded_by",
    )
    fields = readonly_fields


@admin.register(CaseNote)
class CaseNoteAdmin(WorkflowRecordAdmin):
    list_display = ("case", "created_at", "author")
    list_select_related = ("case", "author")
    search_fields = ("case__number", "text")
    fields = ("case", "text", "author", "created_at")
    readonly_fields = fields


@admin.register(Advice)
class AdviceAdmin(WorkflowRecordAdmin):
    list_display = (
        "given_on",
        "organisation",
        "municipality",
        "context",
        "verdict",
        "score",
        "cooperation_shortfall",
    )
    list_filter = ("verdict", "context", "cooperation_shortfall", "round_year")
    list_select_related = ("organisation", "municipality")
    search_fields = ("organisation__name", "organisation__enterprise_number", "grounds")
    fields = (
        "municipality",
        "organisation",
        "location",
        "context",
        "round_name",
        "round_year",
        "verdict",
        "score",
        "grounds",
        "cooperation_shortfall",
        "given_on",
        "cases",
        "recorded_by",
        "created_at",
    )
    readonly_fields = fields


@admin.register(SignalAttachment)
class SignalAttachmentAdmin(WorkflowRecordAdmin):
    list_display = ("original_name", "signal", "description", "size", "uploaded_at")
    list_select_related = ("signal",)
    search_fields = ("original_name", "description", "sha256")
    # Not the file field itself: it would link to a storage URL, and there is none on purpose.
    fields = (
        "signal",
        "download",
        "description",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return _download_link(obj)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The outbox of the case emails: written by ``cases.notifications`` only."""

    list_display = ("created_at", "case", "event", "email", "status", "attempts", "sent_at")
    list_filter = ("status", "event")
    list_select_related = ("case",)
    search_fields = ("case__number", "email", "subject")


@admin.register(CaseNumber)
class CaseNumberAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The last case number per year: taken under a row lock by ``cases.services`` only."""

    list_display = ("year", "last")
