"""Management figures: read-only queries across the apps, shown as pages, exported as CSV and
XLSX and printed by management commands (``docs/reports.md``).

One module per report builds a ``tables.Report`` from the database in a fixed number of queries
(``coverage.py``, ``registration.py``); ``exports.py`` renders any report as CSV, XLSX or plain
text; ``views/`` and the commands only choose the parameters and the scope.
"""
