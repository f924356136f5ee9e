"""django-import-export for annual reports, following ``registry.resources``.

Export goes through the resource (the columns of the import format, so an export can be imported
again); import does not take import-export's row-by-row path: ``import_data`` hands the dataset to
``obligations.report_import`` (all or nothing, in bulk, with history rows), like the
``import_annual_reports`` command. ``AnnualReportImportExportMixin`` gives an admin class that
import and export.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export import fields
from import_export.admin import ImportExportMixin

from registry.admin import MAX_ERROR_MESSAGES
from registry.resources import EXPORT_FORMATS, IMPORT_FORMATS, AllOrNothingResource, yes_no

from . import report_import
from .models import AnnualReport, ReportFigure
from .report_rules import unanswered_key, unique_key


def _figure_field(code, attribute):
    column = unique_key(code) if attribute == "unique" else unanswered_key(code)
    return fields.Field(
        column_name=column,
        dehydrate_method=lambda report: _figure(report, code, attribute),
    )


def _figure(report, code, attribute):
    figures = getattr(report, "export_figures", None)
    if figures is None:
        figures = list(report.figures.select_related("rubric"))
    for figure in figures:
        if figure.rubric.code == code:
            return getattr(figure, attribute)
    return ""  # not registered, or the rubric does not exist that year


class AnnualReportResource(AllOrNothingResource):
    """One row per desk and year, in the import format; import through ``report_import``."""

    desk_code = fields.Field(attribute="desk__code", column_name="desk_code")
    year = fields.Field(attribute="year", column_name="year")
    full_year = fields.Field(column_name="full_year")
    unique_total = _figure_field("total", "unique")
    unanswered_total = _figure_field("total", "unanswered")
    unique_urgent = _figure_field("urgent", "unique")
    unanswered_urgent = _figure_field("urgent", "unanswered")
    unique_extended_hours = _figure_field("extended_hours", "unique")
    unanswered_extended_hours = _figure_field("extended_hours", "unanswered")
    unique_priority_group = _figure_field("priority_group", "unique")
    unanswered_priority_group = _figure_field("priority_group", "unanswered")
    unique_vulnerable_family = _figure_field("vulnerable_family", "unique")
    unanswered_vulnerable_family = _figure_field("vulnerable_family", "unanswered")
    unique_specific_care_needs = _figure_field("specific_care_needs", "unique")
    unanswered_specific_care_needs = _figure_field("specific_care_needs", "unanswered")

    class Meta:
        model = AnnualReport
        fields = report_import.COLUMNS
        export_order = fields
        import_id_fields = ("desk_code", "year")
        name = "Jaarverslagen"

    def filter_export(self, queryset, **kwargs):
        figures = ReportFigure.objects.select_related("rubric")
        return (
            queryset.select_related("desk")
            .prefetch_related(Prefetch("figures", queryset=figures, to_attr="export_figures"))
            .order_by("desk__code", "year")
        )

    def dehydrate_full_year(self, report):
        return yes_no(report.full_year)

    def run_import(self, table, *, user, file_name, dry_run):
        return report_import.run_import(table, user=user, file_name=file_name, dry_run=dry_run)


class AnnualReportImportExportMixin(ImportExportMixin):
    """For the annual report admin: import (``obligations.add_annualreport``) and export, with the
    registry's formats and import page (every Dutch error of a refused file, or a preview)."""

    resource_classes = [AnnualReportResource]
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    to_encoding = "utf-8-sig"
    import_template_name = "admin/registry/import.html"

    def has_import_permission(self, request):
        return request.user.has_perm("obligations.add_annualreport")

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def process_result(self, result, request):
        report = result.report
        if report.refused:  # the data changed between the preview and the confirmation
            messages.error(request, report.refusal_heading)
            for error in report.errors[:MAX_ERROR_MESSAGES]:
                messages.error(request, error)
            return HttpResponseRedirect(reverse("admin:obligations_annualreport_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        messages.success(
            request,
            f"{AnnualReport._meta.verbose_name_plural.capitalize()}: {result.report.summary}",
        )
