"""With a real Celery worker on Redis: a step taken while the broker is unreachable commits with
its notification pending; once the broker is back, the periodic sweep has the worker send it.

Skipped unless CELERY_WORKER_TEST=1: ``.ci/run`` starts a worker that shares this run's broker
and test database (see tests/supervision/test_celery_worker.py).
"""

import os
import time

import pytest
from django.conf import settings

from cases import services
from cases.models import Case, Notification, NotificationStatus
from cases.tasks import send_pending_notifications
from cases.workflow import CaseState
from supervision import roles
from tests.factories import UserFactory

from .broker_support import UNREACHABLE_BROKER, celery_broker, publish_failed
from .support import case_handler, make_case

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        os.environ.get("CELERY_WORKER_TEST") != "1",
        reason="needs a Celery worker on Redis: set CELERY_WORKER_TEST=1 (.ci/run does)",
    ),
]


def wait_for_status(notification, status, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.status == status:
            return notification
        time.sleep(0.2)
    raise AssertionError(f"still {notification.status!r} after {timeout}s, not {status!r}")


def test_a_notification_held_up_by_a_broker_outage_is_sent_by_the_worker(reference_data, caplog):
    assert settings.CELERY_BROKER_URL and not settings.CELERY_TASK_ALWAYS_EAGER, (
        "CELERY_BROKER_URL must point at the worker's Redis"
    )
    handler = case_handler()
    colleague = UserFactory(username="collega", role=roles.CLIENT_MANAGER)
    case = make_case(CaseState.RECEIVED)

    with celery_broker(UNREACHABLE_BROKER):
        started = time.monotonic()
        services.assign(case.pk, actor=handler, assignee=colleague)
        assert time.monotonic() - started < 3
    assert publish_failed(caplog)
    assert Case.objects.get(pk=case.pk).assignee == colleague
    notification = Notification.objects.get(case=case)
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 0)

    send_pending_notifications.delay()  # what beat does every five minutes

    sent = wait_for_status(notification, NotificationStatus.SENT)
    assert sent.attempts == 1 and sent.sent_at is not None
