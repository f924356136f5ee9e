"""The admin of enforcement: to read tracks, steps, decisions and objections with their history.

Everything here is written by ``sanctions.services`` only: no add, change or delete, the states
are never editable, and the history's "revert" is off (it would write an old state past the
workflow). The one write is the action "approve", which goes through ``approve_decision``: the
proposer is refused there with the same message as on the pages (four eyes).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from supervision.admin_mixins import ReadOnlyMixin, WorkflowHistoryMixin

from . import services
from .models import Decision, EnforcementTrack, Objection, TrackStep
from .workflow import APPROVE


class ReadOnlyAdmin(ReadOnlyMixin, WorkflowHistoryMixin, SimpleHistoryAdmin):
    """Read with history, never written here."""


class TrackStepInline(ReadOnlyMixin, admin.TabularInline):
    model = TrackStep
    extra = 0
    fields = ("kind", "summary", "deadline", "created_at", "notified_on", "public_on")


class DecisionInline(ReadOnlyMixin, admin.TabularInline):
    model = Decision
    extra = 0
    fields = ("number", "kind", "state", "proposed_by", "reviewed_by", "effect_status")
    show_change_link = True


@admin.register(EnforcementTrack)
class EnforcementTrackAdmin(ReadOnlyAdmin):
    list_display = ("number", "case", "kind", "state", "notice_deadline", "opened_at")
    list_filter = ("kind", "state")
    list_select_related = ("case",)
    search_fields = ("number", "case__number")
    inlines = [TrackStepInline, DecisionInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "kind",
        "state",
        "proposed_by",
        "reviewed_by",
        "effect_status",
        "proposed_at",
    )
    list_filter = ("state", "kind", "effect_status")
    list_select_related = ("proposed_by", "reviewed_by")
    search_fields = ("number", "track__number")
    actions = ["approve"]

    def has_approve_permission(self, request):
        return request.user.has_perm(APPROVE)

    @admin.action(description=_("Approve the selected decisions"), permissions=["approve"])
    def approve(self, request, queryset):
        for decision in queryset:
            try:
                services.approve_decision(decision.pk, actor=request.user)
            except (PermissionDenied, ValidationError) as error:
                reason = " ".join(getattr(error, "messages", None) or error.args)
                messages.error(request, f"{decision}: {reason}")
            else:
                messages.success(request, _("%(decision)s approved.") % {"decision": decision})


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("decision", "lodged_on", "outcome", "decided_on")
    list_filter = ("outcome",)
    list_select_related = ("decision",)
    search_fields = ("decision__number",)


@admin.register(TrackStep)
class TrackStepAdmin(ReadOnlyAdmin):
    list_display = ("track", "kind", "created_at", "notified_on", "public_on")
    list_filter = ("kind", "track__kind")
    list_select_related = ("track",)
    search_fields = ("track__number",)
