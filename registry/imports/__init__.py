"""Import of the registry (organisations, desks, locations) from CSV or XLSX.

One path for the admin, the ``import_registry`` command and any future view:

1. ``read_table`` reads the file (CSV or XLSX by extension) into a ``Table``: headers and rows of
   text, each row with its line number in the file (the header is line 1).
2. ``run_import`` checks the columns, then validates EVERY row against lookups loaded up front
   (one query for the municipalities, one for the organisations by enterprise number, one for the
   existing rows by key, in chunks), and collects every error.
3. A file with any bad row imports nothing: the report lists every error. Otherwise all rows are
   written in one transaction with ``bulk_create_with_history`` / ``bulk_update_with_history``:
   one history row per created or changed row, with the importing user and the reason
   "Import <file name>". Unchanged rows are not written and get no history row, so importing the
   same file twice changes nothing.

The state fields (``Desk.status``, ``Location.licence_status``) are protected: they are set only
when a row is created. For an existing row the file must give the current status; a different one
refuses the row, because status changes go through ``registry.services`` (the status change on the
desk or location page). They are never part of a bulk update.

What lives where:

- ``messages``: ``MESSAGES`` (every text of a report, in Dutch), ``message()``, ``ImportRefused``;
- ``columns``: ``COLUMNS`` (the columns of each kind: the file format), ``YES`` and ``NO``;
- ``reading``: ``Table``, ``cell_text``, ``read_csv``, ``read_xlsx``, ``read_table``,
  ``table_from_dataset``;
- ``report``: ``RowOutcome`` (``NEW``, ``UPDATE``, ``SKIP``) and ``ImportReport``;
- ``validation``: ``Row`` (one row's checks and errors), ``parse_date``;
- ``lookups``: ``_load_by`` and ``_chunks`` (rows by key, ``CHUNK`` keys per query),
  ``MunicipalityLookup`` (a NIS code on a date, or why not);
- ``base``: ``BaseImporter``, the whole run and what every importer shares;
- ``organisations``: ``OrganisationImporter``, and ``OperatorMixin`` for the organisation that
  desks and locations name;
- ``desks``: ``DeskImporter`` (with the service areas); ``locations``: ``LocationImporter``;
- ``run``: ``KINDS``, ``run_import`` and ``import_file``.

The names below are the public API: import them from ``registry.imports``.
"""

from .columns import COLUMNS, NO, YES
from .messages import MESSAGES, ImportRefused, message
from .reading import Table, read_table, table_from_dataset
from .report import ImportReport
from .run import KINDS, import_file, run_import

__all__ = [
    "COLUMNS",
    "KINDS",
    "MESSAGES",
    "NO",
    "YES",
    "ImportRefused",
    "ImportReport",
    "Table",
    "import_file",
    "message",
    "read_table",
    "run_import",
    "table_from_dataset",
]
