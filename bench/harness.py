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


def run_on_throwaway_database(run, args, *, production_debug=True):
    """Set Django up on a throwaway database, call ``run(args, connection)``, drop the database."""
    connection, old_name = setup_django(args.database_url, production_debug=production_debug)
    try:
        run(args, connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(func, repeat):
    """``(best, median, last result)`` of ``repeat`` calls of ``func``, in seconds."""
    import statistics
    import time

    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def time_pages(pages, repeat, connection):
    """Time each ``(label, client, url, params)`` page (after one warm-up request) and print its
    best and median time, its query count and its ratio to the first page, the baseline."""
    from django.test.utils import CaptureQueriesContext

    baseline = None
    for label, client, url, params in pages:

        def get(client=client, url=url, params=params, label=label):
            response = client.get(url, params)
            assert response.status_code == 200, (label, response.status_code)
            return response

        get()  # warm: templates compiled, session cached
        best, median, _response = timed(get, repeat)
        with CaptureQueriesContext(connection) as queries:
            get()
        baseline = baseline or best
        print(
            f"  {label:<40} {best * 1000:7.1f} ms ({median * 1000:.1f} ms)  "
            f"{len(queries):2d} queries  {best / baseline:4.2f}x"
        )
