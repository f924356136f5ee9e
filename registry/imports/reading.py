"""Reading a file (CSV or XLSX) or a ``tablib.Dataset`` into a ``Table`` of text cells."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from .columns import NO, YES
from .messages import message


@dataclass
class Table:
    """A file as read: headers, and rows of text each with its line in the file (header = 1)."""

    headers: list
    rows: list  # [(line, [text, ...]), ...]
    errors: list = field(default_factory=list)  # the file could not be read at all


def cell_text(value):
    """A cell as text: XLSX gives numbers, dates and booleans, CSV gives text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data):
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # CSV saved by Excel on Windows


def read_csv(data):
    """CSV text or bytes; the delimiter (',' or ';', as Excel in Dutch saves it) from the header."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = None
    rows = []
    last_line = 0
    for cells in reader:
        line = last_line + 1  # a quoted value can span lines: a row starts after the previous
        last_line = reader.line_num
        if headers is None:
            headers = [cell_text(c) for c in cells]
            continue
        if not any(c.strip() for c in cells):
            continue  # blank line
        rows.append((line, [cell_text(c) for c in cells]))
    return Table(headers or [], rows)


def read_xlsx(data):
    """The first sheet of an XLSX workbook; the line number is the sheet's row number."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # zipfile, XML and openpyxl errors alike: not a readable workbook
        return Table([], [], [message("unreadable", format="XLSX")])
    try:
        sheet = book.worksheets[0]
        headers = None
        rows = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if headers is None:
                headers = cells
                continue
            if any(cells):
                rows.append((line, cells))
    finally:
        book.close()
    return Table(headers or [], rows)


def read_table(data, file_name):
    """Read CSV or XLSX (by the file name's extension) into a ``Table``."""
    extension = Path(file_name).suffix.lower()
    if extension == ".csv":
        try:
            return read_csv(data)
        except csv.Error:
            return Table([], [], [message("unreadable", format="CSV")])
    if extension == ".xlsx":
        return read_xlsx(data)
    return Table([], [], [message("unsupported_file", extension=extension or file_name)])


def table_from_dataset(dataset):
    """A ``tablib.Dataset`` as a ``Table``. Datasets read by ``registry.resources`` formats carry
    the file's line numbers; for any other dataset, row i is line i + 2."""
    table = getattr(dataset, "registry_table", None)
    if table is not None:
        return table
    headers = [cell_text(h) for h in (dataset.headers or [])]
    rows = [
        (i + 2, [cell_text(v) for v in row])
        for i, row in enumerate(dataset)
        if any(v not in (None, "") for v in row)
    ]
    return Table(headers, rows)
