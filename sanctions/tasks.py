"""Celery tasks of the sanctions app (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task
def apply_suspension_dates(today=None):
    """Daily: suspensions start on their start date and are lifted on their end date."""
    from .services import lift_ended_suspensions, start_due_suspensions

    return {"started": start_due_suspensions(today), "lifted": lift_ended_suspensions(today)}
