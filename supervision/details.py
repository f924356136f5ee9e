"""What every detail page shares: permission, scoping (out of scope is 404) and the history."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import DetailView

from .history import history_entries


class ScopedDetailView(PermissionRequiredMixin, DetailView):
    """A detail page of a scoped model, fetched through ``for_user``; ``history`` in the context.

    ``history_exclude`` names fields left out of the change lists (ids, bookkeeping fields);
    ``history_exclude = None`` for a page that builds its own timeline.
    """

    select_related = ()
    history_exclude = ("id",)

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user).select_related(*self.select_related)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.history_exclude is not None:
            context["history"] = history_entries(
                self.object.history.all(), exclude=self.history_exclude
            )
        return context
