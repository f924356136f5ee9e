"""A real Celery worker on Redis runs a task that a transaction enqueued on commit.

Needs a running worker that shares this test run's broker, result backend and database, so it is
skipped unless CELERY_WORKER_TEST=1. ``.ci/run`` sets that up: it starts
``celery -A supervision worker`` with CELERY_BROKER_URL and CELERY_RESULT_BACKEND on Redis and
DATABASE_URL on the test database (``test_<name>``), then runs ``pytest -m celery_worker
--reuse-db`` with the same variables.
"""

import os
import uuid

import pytest
from django.conf import settings
from django.db import connection, transaction

from supervision.tasks import ping

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        os.environ.get("CELERY_WORKER_TEST") != "1",
        reason="needs a Celery worker on Redis: set CELERY_WORKER_TEST=1 (.ci/run does)",
    ),
]


def test_a_worker_runs_a_task_enqueued_on_commit(transactional_db):
    assert settings.CELERY_BROKER_URL and not settings.CELERY_TASK_ALWAYS_EAGER, (
        "CELERY_BROKER_URL must point at the worker's Redis"
    )
    assert settings.CELERY_RESULT_BACKEND, "CELERY_RESULT_BACKEND must be set to read the answer"
    token = uuid.uuid4().hex
    results = []
    with transaction.atomic():
        transaction.on_commit(lambda: results.append(ping.delay(token)))
        assert results == []  # nothing leaves before the commit
    [result] = results

    answer = result.get(timeout=30)

    assert answer["token"] == token
    assert answer["pid"] != os.getpid()  # another process ran it: the worker
    assert answer["database"] == connection.settings_dict["NAME"]  # and it shares our database
