"""Celery tasks of the obligations app (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task
def recompute_all_compliance(year=None):
    """Nightly: recompute every derived status (dates pass: pending turns overdue)."""
    from .services.compliance import recompute_all

    return recompute_all(year)


@shared_task
def send_reminders(today=None):
    """Daily: remind desks of a missing consultation and of an annual report not yet submitted."""
    from .reminders import send_due_reminders

    return send_due_reminders(today)
