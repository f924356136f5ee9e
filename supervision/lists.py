"""What every list page shares: permission, scoping, filters, sorting, pagination and export."""

import datetime

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.utils.text import slugify
from django_filters.views import FilterView

EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


class ScopedListView(PermissionRequiredMixin, FilterView):
    """A list of a scoped model: only what ``for_user`` gives, filtered, sorted and paginated.

    ``?export=csv`` or ``?export=xlsx`` downloads the whole filtered list (not just the page)
    through the model's import-export resource, in the same columns as the import format.
    """

    paginate_by = settings.PAGE_SIZE
    strict = False  # an invalid filter value shows the form error and an empty list
    select_related = ()
    resource_class = None
    export_name = "export"

    def get_base_queryset(self):
        return self.model.objects.for_user(self.request.user)

    def get_queryset(self):
        return self.get_base_queryset().select_related(*self.select_related)

    def get_paginate_by(self, queryset):
        return self.paginate_by

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in EXPORT_FORMATS and self.resource_class is not None:
            filterset = self.get_filterset(self.get_filterset_class())
            if filterset.is_valid() or not self.strict:
                return self.export(filterset.qs, export)
        return super().get(request, *args, **kwargs)

    def export(self, queryset, fmt):
        content_type, extension = EXPORT_FORMATS[fmt]
        # The resource's filter_export adds its joins and the order of the import format.
        dataset = self.resource_class().export(queryset=queryset)
        body = dataset.export(fmt)
        response = HttpResponse(body, content_type=content_type)
        stamp = datetime.date.today().isoformat()
        filename = f"{slugify(self.export_name)}-{stamp}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context["query_without_page"] = query.urlencode()
        query.pop("o", None)
        context["query_without_sort"] = query.urlencode()
        context["current_sort"] = self.request.GET.get("o", "")
        context["can_export"] = self.resource_class is not None
        return context
