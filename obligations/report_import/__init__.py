"""Import of annual registration reports (one row per desk and year) from CSV or XLSX.

The registry's import machinery does the reading and the run (``registry.imports``: ``read_table``,
``Table`` with line numbers, ``BaseImporter``'s all-or-nothing run, ``ImportReport``); the figures
are checked by ``obligations.report_rules``, the same rules as the desk's form. One path for the
admin (``obligations.resources``), the ``import_annual_reports`` command and any view:

- a file with any bad row imports nothing; the report lists every bad row, with its line, in Dutch;
- a new report is created in the state "submitted": the file holds figures reported to Opgroeien;
- an existing report that is open or returned is replaced (its figures, ``full_year``) and
  submitted, through the workflow's ``submit`` transition, with history rows;
- an existing report that is submitted, validated, shared or published is never overwritten: a row
  with the same figures leaves it unchanged, a row with other figures is refused;
- every written row gets one history row (reason ``Import <file name>``, the importing user);
  importing the same file twice changes nothing.

What lives where: ``messages`` (the Dutch texts), ``importer`` (``AnnualReportImporter``: the
rows, the lookups and the writes), and below the entry points.
"""

from pathlib import Path

from registry.imports import ImportRefused, ImportReport, Table, read_table, table_from_dataset

from .importer import COLUMNS, AnnualReportImporter
from .messages import MESSAGES, message

__all__ = [
    "COLUMNS",
    "MESSAGES",
    "AnnualReportImporter",
    "ImportRefused",
    "ImportReport",
    "Table",
    "import_file",
    "message",
    "read_table",
    "run_import",
    "table_from_dataset",
]


def run_import(table, *, user=None, file_name="", dry_run=False, today=None):
    """Import a ``Table`` of annual reports, all or nothing; returns an ``ImportReport``.

    When ``report.refused``, nothing was written and ``report.errors`` lists every reason."""
    importer = AnnualReportImporter(user=user, file_name=file_name, today=today)
    return importer.run(table, dry_run=dry_run)


def import_file(path, *, user=None, dry_run=False, today=None):
    """Read a CSV or XLSX file from disk and import it (see ``run_import``)."""
    path = Path(path)
    table = read_table(path.read_bytes(), path.name)
    return run_import(table, user=user, file_name=path.name, dry_run=dry_run, today=today)
