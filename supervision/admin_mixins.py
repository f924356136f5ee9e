"""What the apps' admins share: records that are only looked at, and history without revert."""

from django.core.exceptions import PermissionDenied


class ReadOnlyMixin:
    """Looked at, never written here: the services (or the fixtures) are the one write path."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WorkflowHistoryMixin:
    """History without revert: reverting would write an old status past the workflow."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
