"""Helpers for the import tests: build CSV/XLSX files and count rows and history rows."""

import csv
import io

import openpyxl

from registry import imports
from registry.models import Desk, Location, Organisation, ServiceArea
from tests.factories import valid_enterprise_number

COLUMNS = imports.COLUMNS


def csv_file(kind, rows, *, columns=None, delimiter=","):
    """CSV bytes: the kind's columns (or ``columns``) and one line per dict in ``rows``."""
    columns = columns or COLUMNS[kind]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


def xlsx_file(kind, rows, *, columns=None):
    """XLSX bytes: values are written as given (ints, dates...), like a spreadsheet would."""
    columns = columns or COLUMNS[kind]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(kind, data, file_name=None, **kwargs):
    """Import file bytes through the shared path; the file name gives the format."""
    file_name = file_name or f"{kind}.csv"
    table = imports.read_table(data, file_name)
    return imports.run_import(kind, table, file_name=file_name, **kwargs)


def organisation_row(**values):
    return {
        "enterprise_number": valid_enterprise_number(),
        "name": "Kinderopvang De Speelboot vzw",
        "email": "info@speelboot.be",
        "phone": "09 123 45 67",
        **values,
    }


def desk_row(**values):
    return {
        "desk_code": "LLKO-1",
        "name": "Lokaal Loket Kinderopvang Gent",
        "operator_kbo": valid_enterprise_number(),
        "operator_name": "Stad Gent",
        "status": "notified",
        "central_registration": "yes",
        "municipalities": "44021",
        "valid_from": "2025-01-01",
        **values,
    }


def location_row(**values):
    return {
        "file_number": "KO-100001",
        "name": "Kinderdagverblijf De Speelboot",
        "operator_kbo": valid_enterprise_number(),
        "operator_name": "De Speelboot vzw",
        "care_type": "group",
        "places": "18",
        "nis_code": "44021",
        "street": "Kerkstraat 1",
        "postal_code": "9000",
        "city": "Gent",
        "subsidy_level": "2",
        "income_related_tariff": "yes",
        "licence_status": "active",
        "phone": "09 123 45 67",
        "email": "info@speelboot.be",
        "opening_hours": "ma-vr 7:00-18:00",
        **values,
    }


def counts():
    """Rows and history rows of every model an import writes."""
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Organisation, Desk, ServiceArea, Location)
    }
