"""The admin of the registry: for the functional administrator, not the daily user interface.

- Organisations, desks and locations: history (simple-history) and import/export
  (django-import-export). The import goes through ``registry.imports`` like the command: all or
  nothing, in bulk, with history rows, and the Dutch error list of every bad row.
- The status fields are protected (django-fsm): read-only here, in no admin form, and the
  history's "revert" is off for desks and locations, because a revert would write an old status
  past the workflow. Status changes go through ``registry.services`` (the desk/location page).
- Provinces, municipalities and the merger crosswalk are reference data: read-only.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from supervision.admin_mixins import ReadOnlyMixin, WorkflowHistoryMixin

from .models import (
    Desk,
    Location,
    Municipality,
    MunicipalityMerger,
    Organisation,
    Province,
    ServiceArea,
)
from .resources import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    DeskResource,
    LocationResource,
    OrganisationResource,
)

MAX_ERROR_MESSAGES = 50  # in the admin's message bar; the import page itself lists them all


class ReferenceDataAdmin(ReadOnlyMixin, WorkflowHistoryMixin, SimpleHistoryAdmin):
    """Reference data ships with the product (``fixtures/``): it is looked at, not edited."""


@admin.register(Province)
class ProvinceAdmin(ReferenceDataAdmin):
    list_display = ("report_label", "name", "nis_code")
    search_fields = ("name", "nis_code", "report_label")


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ("nis_code", "name", "province", "valid_from", "valid_to")
    list_filter = ("province", "valid_from", "valid_to")
    list_select_related = ("province",)
    search_fields = ("name", "nis_code")


@admin.register(MunicipalityMerger)
class MunicipalityMergerAdmin(ReferenceDataAdmin):
    list_display = ("old", "new", "effective_date")
    list_select_related = ("old", "new")
    search_fields = ("old__name", "old__nis_code", "new__name", "new__nis_code")


class RegistryImportExportAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """Import/export with the registry's own formats and its all-or-nothing import path."""

    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    to_encoding = "utf-8-sig"  # CSV with a BOM: Excel then reads the accents right
    import_template_name = "admin/registry/import.html"

    def has_import_permission(self, request):
        return request.user.has_perm("supervision.import_registry")

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def process_result(self, result, request):
        report = result.report
        if report.refused:  # the data changed between the preview and the confirmation
            messages.error(request, report.refusal_heading)
            for error in report.errors[:MAX_ERROR_MESSAGES]:
                messages.error(request, error)
            app_label, model_name = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{app_label}_{model_name}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        messages.success(
            request, f"{self.model._meta.verbose_name_plural.capitalize()}: {result.report.summary}"
        )


@admin.register(Organisation)
class OrganisationAdmin(RegistryImportExportAdmin):
    resource_classes = [OrganisationResource]
    list_display = ("name", "enterprise_number", "email", "phone")
    search_fields = ("name", "enterprise_number", "email")


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 0
    autocomplete_fields = ("municipality",)
    fields = ("municipality", "valid_from", "valid_to")
    ordering = ("-valid_from", "municipality__name")


@admin.register(Desk)
class DeskAdmin(WorkflowHistoryMixin, RegistryImportExportAdmin):
    resource_classes = [DeskResource]
    list_display = ("code", "name", "operator", "status", "central_registration")
    list_filter = ("status", "central_registration")
    list_select_related = ("operator",)
    search_fields = ("code", "name", "operator__name", "operator__enterprise_number")
    autocomplete_fields = ("operator",)
    readonly_fields = ("status",)
    fields = ("code", "name", "operator", "central_registration", "status")
    inlines = [ServiceAreaInline]


@admin.register(ServiceArea)
class ServiceAreaAdmin(SimpleHistoryAdmin):
    list_display = ("desk", "municipality", "valid_from", "valid_to")
    list_filter = ("valid_to",)
    list_select_related = ("desk", "municipality")
    search_fields = ("desk__code", "desk__name", "municipality__name", "municipality__nis_code")
    autocomplete_fields = ("desk", "municipality")


@admin.register(Location)
class LocationAdmin(WorkflowHistoryMixin, RegistryImportExportAdmin):
    resource_classes = [LocationResource]
    list_display = (
        "file_number",
        "name",
        "organisation",
        "municipality",
        "care_type",
        "places",
        "licence_status",
    )
    list_filter = ("licence_status", "care_type", "subsidy_level", "municipality__province")
    list_select_related = ("organisation", "municipality")
    search_fields = ("file_number", "name", "organisation__name", "organisation__enterprise_number")
    autocomplete_fields = ("organisation", "municipality")
    readonly_fields = ("licence_status",)
    fieldsets = (
        (None, {"fields": ("file_number", "name", "organisation", "licence_status")}),
        (_("Care"), {"fields": ("care_type", "places", "subsidy_level")}),
        (_("Address"), {"fields": ("street", "postal_code", "city", "municipality")}),
        (
            _("Offer info"),
            {
                "fields": (
                    "opening_hours",
                    "income_related_tariff",
                    "phone",
                    "email",
                    "offer_confirmed_on",
                )
            },
        ),
    )
