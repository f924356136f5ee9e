"""Celery tasks of the cases app: sending the notification outbox, and the daily overdue check
(scheduled in settings.CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification, NotificationStatus

PENDING = NotificationStatus.PENDING


@shared_task(bind=True, max_retries=None)
def send_notification(self, notification_id):
    """Send one pending notification. A failed attempt is recorded on the row (attempts,
    last_error) and retried with a growing delay; after CASE_NOTIFICATION_MAX_ATTEMPTS attempts
    the row is marked failed. A row that is no longer pending is left alone, and the row lock
    makes two runs at once send it only once. Returns the row's status, or None if skipped."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, status=PENDING)
            .first()
        )
        if notification is None:
            return None
        notification.attempts += 1
        try:
            send_mail(
                notification.subject,
                notification.body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.email],
            )
        except Exception as error:  # whatever the mail backend raises: record it, try again
            notification.last_error = f"{type(error).__name__}: {error}"
            if notification.attempts >= settings.CASE_NOTIFICATION_MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
        else:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    if notification.status == PENDING:
        delay = settings.CASE_NOTIFICATION_RETRY_SECONDS * 2 ** (notification.attempts - 1)
        raise self.retry(countdown=delay)
    return notification.status


@shared_task
def send_pending_notifications():
    """Every few minutes: hand every pending notification to ``send_notification`` again. This
    catches up the rows whose hand-over failed (the broker was down at the commit) or whose retry
    was lost. Returns the number handed out."""
    pending = list(Notification.objects.filter(status=PENDING).values_list("pk", flat=True))
    for notification_id in pending:
        send_notification.delay(notification_id)
    return len(pending)


@shared_task
def flag_overdue_cases(today=None):
    """Daily: remind the assignees of open cases whose deadline has passed, once per deadline."""
    from .notifications import flag_overdue

    if isinstance(today, str):  # a date passed through Celery arrives as text
        today = datetime.date.fromisoformat(today)
    return flag_overdue(today)
