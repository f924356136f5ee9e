"""What the benchmark scripts share: Django set up on a throwaway database.

The configured database is never touched: Django's test machinery creates ``test_<name>`` on
PostgreSQL, or a temporary SQLite file (a file, as in use, not the in-memory database Django tests
default to), runs the migrations (which load the reference data) and the caller drops it with
``connection.creation.destroy_test_db(old_name)``.
"""

import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def setup_django(database_url, *, production_debug=False):
    """Returns ``(connection, old_name)``. ``production_debug`` turns DEBUG off once set up, to
    time pages as in production (no query log, no template debug)."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervision.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        handle, path = tempfile.mkstemp(prefix="bench-", suffix=".sqlite3")
        os.close(handle)
        database.setdefault("TEST", {})["NAME"] = path
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    if production_debug:
        settings.DEBUG = False
    return connection, old_name
