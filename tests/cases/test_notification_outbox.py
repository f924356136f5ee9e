"""The outbox: a step commits with its notifications pending even when the broker is down; the
periodic sweep sends them once; a failing mail server gives retries and finally "failed".

The broker outage points the Celery app at a closed port (``broker_support.celery_broker``). Tasks
otherwise run in-process here: a retry then surfaces as celery's ``Retry`` exception, which a worker
turns into the same task published again after the countdown."""

import smtplib
import time

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from kombu.exceptions import OperationalError

from cases import services
from cases.models import Case, Notification, NotificationStatus
from cases.tasks import send_notification, send_pending_notifications
from cases.workflow import CaseState
from supervision import roles
from supervision.celery import app as celery_app
from supervision.tasks import ping
from tests.factories import UserFactory

from .broker_support import UNREACHABLE_BROKER, celery_broker, publish_failed
from .support import case_handler, make_case

pytestmark = pytest.mark.skipif(
    bool(settings.CELERY_BROKER_URL), reason="CELERY_BROKER_URL is set: tasks go to a broker"
)

S = CaseState


class FailingBackend(EmailBackend):
    """A mail server that refuses the first ``failures`` messages (all of them by default)."""

    failures = None
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if self.failures is None or type(self).calls <= self.failures:
            raise smtplib.SMTPException("451 mail server unavailable")
        return super().send_messages(messages)


@pytest.fixture
def failing_mail(db):
    FailingBackend.calls, FailingBackend.failures = 0, None
    with override_settings(EMAIL_BACKEND=f"{__name__}.FailingBackend"):
        yield FailingBackend


def assign_to_colleague():
    handler = case_handler()
    colleague = UserFactory(username="collega", role=roles.CLIENT_MANAGER)
    case = make_case(S.RECEIVED)
    services.assign(case.pk, actor=handler, assignee=colleague)
    return case, colleague


def test_with_the_broker_down_the_step_commits_and_the_sweep_sends_it_later(reference_data, caplog):
    with celery_broker(UNREACHABLE_BROKER):
        started = time.monotonic()
        case, colleague = assign_to_colleague()
        assert time.monotonic() - started < 3
    assert publish_failed(caplog)

    assert Case.objects.get(pk=case.pk).assignee == colleague  # committed
    notification = Notification.objects.get(case=case)
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 0)
    assert mail.outbox == []

    # The broker is back (here: in-process); the periodic sweep hands the row out again.
    assert send_pending_notifications() == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 1)
    assert [message.to for message in mail.outbox] == [[colleague.email]]

    assert send_pending_notifications() == 0
    assert len(mail.outbox) == 1


def test_after_the_outage_tasks_run_as_before(db):
    before = (celery_app.conf.broker_write_url, celery_app.conf.task_always_eager)
    with celery_broker(UNREACHABLE_BROKER):
        assert celery_app.conf.broker_write_url == UNREACHABLE_BROKER
        assert not celery_app.conf.task_always_eager
        with pytest.raises(OperationalError):
            ping.delay("down")
    assert (celery_app.conf.broker_write_url, celery_app.conf.task_always_eager) == before
    assert ping.delay("back").get()["token"] == "back"


def test_the_sweep_leaves_sent_and_failed_notifications_alone(db):
    case, _ = assign_to_colleague()  # on_commit never runs here: the row stays pending
    Notification.objects.update(status=NotificationStatus.SENT)
    pending = Notification.objects.get()
    pending.pk = None
    pending.status = NotificationStatus.FAILED
    pending.save()
    assert send_pending_notifications() == 0
    assert send_notification.delay(pending.pk).get() is None
    assert mail.outbox == []


def test_a_mail_server_that_is_down_does_not_undo_the_step(
    failing_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case, colleague = assign_to_colleague()
    assert Case.objects.get(pk=case.pk).assignee == colleague
    notification = Notification.objects.get(case=case)
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 1)
    assert notification.last_error == "SMTPException: 451 mail server unavailable"


def test_a_failing_mail_server_gives_retries_with_backoff_and_finally_failed(
    failing_mail, settings
):
    settings.CASE_NOTIFICATION_MAX_ATTEMPTS = 3
    settings.CASE_NOTIFICATION_RETRY_SECONDS = 60
    case, _ = assign_to_colleague()  # no commit callbacks in this test: the worker's part below
    notification = Notification.objects.get(case=case)

    waits = []
    for _ in range(2):
        with pytest.raises(Retry) as retry:
            send_notification.apply(args=[notification.pk])
        waits.append(retry.value.when)
    assert waits == [60, 120]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 2)

    assert send_notification.apply(args=[notification.pk]).get() == NotificationStatus.FAILED
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.FAILED, 3)
    assert notification.last_error == "SMTPException: 451 mail server unavailable"
    assert notification.sent_at is None
    assert failing_mail.calls == 3 and mail.outbox == []

    assert send_pending_notifications() == 0  # failed is final
    assert failing_mail.calls == 3


def test_a_retry_sends_what_failed_at_first(failing_mail):
    failing_mail.failures = 1
    case, colleague = assign_to_colleague()
    notification = Notification.objects.get(case=case)
    with pytest.raises(Retry):
        send_notification.apply(args=[notification.pk])

    assert send_notification.apply(args=[notification.pk]).get() == NotificationStatus.SENT
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 2)
    assert notification.last_error.startswith("SMTPException")
    assert [message.to for message in mail.outbox] == [[colleague.email]]
