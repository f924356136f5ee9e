"""A report as a file or as text: CSV (one table), XLSX (the tables asked for, with a sheet that
says what the report is and its caveats) and a plain-text rendering for the commands.

- CSV is data: the header line and the rows, the total row last; UTF-8 with a BOM (Excel then reads
  the accents right, like the registry's exports); counts as whole numbers, shares as a
  percentage with one decimal.
- XLSX: the first sheet ("Toelichting") holds the title, the parameters, the moment of computing,
  the summary and the caveats; then a sheet per table, header in row 1, its notes below it.
- Text: everything, tables aligned, numbers formatted in the active language.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from supervision.lists import EXPORT_FORMATS

from .tables import SHARE, format_value, raw_value

SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def computed_at_text(report):
    return date_format(timezone.localtime(report.computed_at), "DATETIME_FORMAT")


def _data_rows(table):
    for row in table.all_rows():
        yield [
            str(row.label),
            *(raw_value(value, column.kind) for value, column in table.pairs(row)),
        ]


def to_csv(table):
    """The table as CSV bytes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(_data_rows(table))
    return out.getvalue().encode("utf-8-sig")


def _sheet_title(name, taken):
    title = str(name).translate(SHEET_FORBIDDEN).strip()[:31] or "Tabel"
    candidate, n = title, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate, n = title[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def to_xlsx(report, tables=None):
    """The report as XLSX bytes: the explanation sheet and a sheet per table (all by default)."""
    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    taken = set()
    sheet.title = _sheet_title(_("Explanation"), taken)
    sheet.append([report.title])
    sheet["A1"].font = bold
    for label, value in report.parameters:
        sheet.append([str(label), str(value)])
    sheet.append([_("Computed at"), computed_at_text(report)])
    sheet.append([])
    for line in report.summary:
        sheet.append([str(line)])
    sheet.append([])
    sheet.append([_("Reading these figures")])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    for caveat in report.caveats:
        sheet.append([str(caveat)])
    sheet.column_dimensions["A"].width = 40

    for table in tables or report.tables:
        sheet = book.create_sheet(_sheet_title(table.sheet_name or table.slug, taken))
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = bold
        for row in _data_rows(table):
            sheet.append(row)
        for index, column in enumerate(table.columns, start=2):
            if column.kind == SHARE:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "0.0"
        if table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        if table.notes:
            sheet.append([])
            for note in table.notes:
                sheet.append([str(note)])
        sheet.column_dimensions["A"].width = max(
            12, min(60, max((len(str(r.label)) for r in table.all_rows()), default=0) + 2)
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_table(table):
    headers = table.headers
    cells = [
        [str(row.label), *(format_value(value, column.kind) for value, column in table.pairs(row))]
        for row in table.all_rows()
    ]
    widths = [max(len(line[i]) for line in [headers, *cells]) for i in range(len(headers))]
    numeric = [False, *(column.numeric for column in table.columns)]

    def line(values):
        return "  ".join(
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric, strict=True)
        ).rstrip()

    lines = [str(table.title), line(headers), "  ".join("-" * width for width in widths)]
    for index, values in enumerate(cells):
        if table.total and index == len(cells) - 1:
            lines.append("  ".join("-" * width for width in widths))
        lines.append(line(values))
    if not table.rows:
        lines.append(_("(none)"))
    lines += [str(note) for note in table.notes]
    return lines


def to_text(report, tables=None):
    """The whole report as plain text (for a terminal or a text file)."""
    lines = [str(report.title), "=" * len(str(report.title))]
    lines += [f"{label}: {value}" for label, value in report.parameters]
    lines.append(f"{_('Computed at')}: {computed_at_text(report)}")
    lines.append("")
    lines += [str(line) for line in report.summary]
    for table in tables or report.tables:
        lines.append("")
        lines += _text_table(table)
    lines += ["", _("Reading these figures")]
    lines += [f"- {caveat}" for caveat in report.caveats]
    return "\n".join(lines) + "\n"


def file_name(report, fmt, table=None):
    stem = report.file_name + (f"-{table.slug}" if table else "")
    return f"{slugify(stem)}.{EXPORT_FORMATS[fmt][1]}"


def export_response(report, fmt, table=None):
    """The download of ``report`` in ``fmt`` ("csv": one table, the first by default; "xlsx":
    the one table asked for, or all of them)."""
    if fmt == "csv":
        table = table or report.tables[0]
        body = to_csv(table)
    else:
        body = to_xlsx(report, [table] if table else None)
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, fmt, table)}"'
    return response
