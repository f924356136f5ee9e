"""Without a broker, tasks run in-process, and only once the transaction has committed."""

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from supervision.tasks import ping, ping_cache_key

pytestmark = pytest.mark.skipif(
    bool(settings.CELERY_BROKER_URL), reason="CELERY_BROKER_URL is set: tasks go to a broker"
)


def test_without_a_broker_a_task_runs_in_process_after_commit(
    db, django_capture_on_commit_callbacks
):
    token = uuid.uuid4().hex
    results = []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            transaction.on_commit(lambda: results.append(ping.delay(token)))
        assert results == [] and cache.get(ping_cache_key(token)) is None
    [result] = results
    assert result.get()["token"] == token
    assert cache.get(ping_cache_key(token)) == os.getpid()


def test_a_rolled_back_transaction_enqueues_nothing(db, django_capture_on_commit_callbacks):
    token = uuid.uuid4().hex
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        transaction.on_commit(lambda: ping.delay(token))
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert cache.get(ping_cache_key(token)) is None
