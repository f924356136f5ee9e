"""django-import-export resources and file formats for the registry.

Export goes through import-export (the resources' fields give exactly the import columns, so an
export can be imported again). Import does NOT take import-export's row-by-row path: each resource's
``import_data`` hands the dataset to ``registry.imports``, which validates every row against
preloaded lookups and writes all or nothing in bulk, with history rows. The admin, the
``import_registry`` command and any view share that one path.
"""

import datetime

import tablib
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from import_export import fields, resources
from import_export.formats import base_formats
from import_export.results import Result, RowResult

from . import imports
from .models import Desk, Location, Organisation, ServiceArea

YES, NO = imports.YES, imports.NO


def yes_no(value):
    return YES if value else NO


# --- Formats: read with registry.imports, so the admin keeps the file's line numbers ----------


def _dataset(table):
    dataset = tablib.Dataset(headers=table.headers or None)
    width = len(table.headers)
    for _line, cells in table.rows:
        dataset.append((cells + [""] * width)[:width])
    if not table.rows:
        # The admin stops an empty dataset with its own message before the import runs; one
        # blank row lets the import report why (unreadable file, no rows), in its own words.
        dataset.append([""] * max(width, 1))
    dataset.registry_table = table  # the rows with their line numbers, for import_data
    return dataset


class RegistryCSV(base_formats.CSV):
    """CSV, comma or semicolon separated, UTF-8 (with or without BOM) or Windows-1252: read as
    bytes, so that ``registry.imports`` decodes it (the admin would only try UTF-8)."""

    def create_dataset(self, in_stream, **kwargs):
        return _dataset(imports.read_table(in_stream, "import.csv"))

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"


class RegistryXLSX(base_formats.XLSX):
    """XLSX, first sheet."""

    def create_dataset(self, in_stream):
        return _dataset(imports.read_table(in_stream, "import.xlsx"))


IMPORT_FORMATS = [RegistryCSV, RegistryXLSX]
EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]


# --- Resources ---------------------------------------------------------------------------------


def report_to_result(report, headers):
    """An import-export ``Result`` for an ``ImportReport`` (for the admin's templates)."""
    result = Result()
    result.diff_headers = list(headers)
    result.report = report
    for error in report.errors:
        line = error.split(":", 1)[0].removeprefix("Regel ")
        number = int(line) if line.isdigit() else 1
        result.append_invalid_row(number, {}, ValidationError(error))
        result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
    for outcome in report.rows:
        row_result = RowResult()
        row_result.import_type = outcome.action
        row_result.object_repr = outcome.key
        row_result.object_id = getattr(outcome.instance, "pk", None)
        row_result.instance = outcome.instance
        result.append_row_result(row_result)
        result.increment_row_result_total(row_result)
    result.total_rows = len(report.rows)
    return result


class AllOrNothingResource(resources.ModelResource):
    """A resource whose import skips import-export's row-by-row path: ``import_data`` hands the
    dataset to ``run_import`` (all or nothing, in bulk, with history rows) and turns its report
    into a ``Result`` for the admin. Subclasses say which import runs."""

    def run_import(self, table, *, user, file_name, dry_run):
        raise NotImplementedError

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        table = imports.table_from_dataset(dataset)
        report = self.run_import(
            table,
            user=kwargs.get("user"),
            file_name=kwargs.get("file_name") or "",
            dry_run=dry_run,
        )
        if raise_errors and report.refused:
            raise imports.ImportRefused(report)
        return report_to_result(report, table.headers)

    def get_user_visible_fields(self):
        return self.get_export_fields()


class RegistryResource(AllOrNothingResource):
    """Import through ``registry.imports``."""

    import_kind = None

    def run_import(self, table, *, user, file_name, dry_run):
        return imports.run_import(
            self.import_kind, table, user=user, file_name=file_name, dry_run=dry_run
        )


class OrganisationResource(RegistryResource):
    import_kind = "organisations"

    enterprise_number = fields.Field(attribute="enterprise_number", column_name="enterprise_number")
    name = fields.Field(attribute="name", column_name="name")
    email = fields.Field(attribute="email", column_name="email")
    phone = fields.Field(attribute="phone", column_name="phone")

    class Meta:
        model = Organisation
        fields = imports.COLUMNS["organisations"]
        export_order = fields
        import_id_fields = ("enterprise_number",)
        name = "Organisaties"

    def filter_export(self, queryset, **kwargs):
        return queryset.order_by("enterprise_number")


class DeskResource(RegistryResource):
    """``municipalities``/``valid_from``: the open-ended service areas (valid_to empty), from the
    latest start among them, so that importing the export changes nothing."""

    import_kind = "desks"

    desk_code = fields.Field(attribute="code", column_name="desk_code")
    name = fields.Field(attribute="name", column_name="name")
    operator_kbo = fields.Field(attribute="operator__enterprise_number", column_name="operator_kbo")
    operator_name = fields.Field(attribute="operator__name", column_name="operator_name")
    status = fields.Field(attribute="status", column_name="status")
    central_registration = fields.Field(column_name="central_registration")
    municipalities = fields.Field(column_name="municipalities")
    valid_from = fields.Field(column_name="valid_from")

    class Meta:
        model = Desk
        fields = imports.COLUMNS["desks"]
        export_order = fields
        import_id_fields = ("desk_code",)
        name = "Loketten"

    def filter_export(self, queryset, **kwargs):
        areas = ServiceArea.objects.select_related("municipality").order_by(
            "municipality__nis_code", "valid_from"
        )
        return (
            queryset.select_related("operator")
            .prefetch_related(Prefetch("service_areas", queryset=areas, to_attr="export_areas"))
            .order_by("code")
        )

    @staticmethod
    def _areas(desk):
        areas = getattr(desk, "export_areas", None)
        if areas is None:
            areas = list(desk.service_areas.select_related("municipality"))
        return areas

    def dehydrate_central_registration(self, desk):
        return yes_no(desk.central_registration)

    def dehydrate_municipalities(self, desk):
        codes = sorted({a.municipality.nis_code for a in self._areas(desk) if a.valid_to is None})
        return ";".join(codes)

    def dehydrate_valid_from(self, desk):
        areas = self._areas(desk)
        open_areas = [a.valid_from for a in areas if a.valid_to is None]
        if open_areas:
            return max(open_areas).isoformat()
        if areas:  # all closed: "from the day after the last one ended, none"
            return (max(a.valid_to for a in areas) + datetime.timedelta(days=1)).isoformat()
        return ""


class LocationResource(RegistryResource):
    import_kind = "locations"

    file_number = fields.Field(attribute="file_number", column_name="file_number")
    name = fields.Field(attribute="name", column_name="name")
    operator_kbo = fields.Field(
        attribute="organisation__enterprise_number", column_name="operator_kbo"
    )
    operator_name = fields.Field(attribute="organisation__name", column_name="operator_name")
    care_type = fields.Field(attribute="care_type", column_name="care_type")
    places = fields.Field(attribute="places", column_name="places")
    nis_code = fields.Field(attribute="municipality__nis_code", column_name="nis_code")
    street = fields.Field(attribute="street", column_name="street")
    postal_code = fields.Field(attribute="postal_code", column_name="postal_code")
    city = fields.Field(attribute="city", column_name="city")
    subsidy_level = fields.Field(attribute="subsidy_level", column_name="subsidy_level")
    income_related_tariff = fields.Field(column_name="income_related_tariff")
    licence_status = fields.Field(attribute="licence_status", column_name="licence_status")
    phone = fields.Field(attribute="phone", column_name="phone")
    email = fields.Field(attribute="email", column_name="email")
    opening_hours = fields.Field(attribute="opening_hours", column_name="opening_hours")

    class Meta:
        model = Location
        fields = imports.COLUMNS["locations"]
        export_order = fields
        import_id_fields = ("file_number",)
        name = "Opvanglocaties"

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation", "municipality").order_by("file_number")

    def dehydrate_income_related_tariff(self, location):
        return yes_no(location.income_related_tariff)


RESOURCES = {
    "organisations": OrganisationResource,
    "desks": DeskResource,
    "locations": LocationResource,
}


def export_dataset(kind, queryset=None):
    """The export of ``kind`` as a ``tablib.Dataset`` (the import's columns)."""
    return RESOURCES[kind]().export(queryset=queryset)
