"""The entry points: ``run_import`` (a ``Table``) and ``import_file`` (a file on disk), and
``KINDS``, the importer of each kind."""

from pathlib import Path

from .desks import DeskImporter
from .locations import LocationImporter
from .organisations import OrganisationImporter
from .reading import read_table

KINDS = {
    "organisations": OrganisationImporter,
    "desks": DeskImporter,
    "locations": LocationImporter,
}


def run_import(kind, table, *, user=None, file_name="", dry_run=False, today=None):
    """Import a ``Table`` of ``kind`` ("organisations", "desks" or "locations"), all or nothing.

    Returns an ``ImportReport``; when ``report.refused``, nothing was written and
    ``report.errors`` lists every reason, in Dutch, with its line number.
    """
    importer = KINDS[kind](user=user, file_name=file_name, today=today)
    return importer.run(table, dry_run=dry_run)


def import_file(kind, path, *, user=None, dry_run=False, today=None):
    """Read a CSV or XLSX file from disk and import it (see ``run_import``)."""
    path = Path(path)
    table = read_table(path.read_bytes(), path.name)
    return run_import(kind, table, user=user, file_name=path.name, dry_run=dry_run, today=today)
