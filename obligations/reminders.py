"""Email reminders to a desk's staff, run daily by ``obligations.tasks.send_reminders``.

- Consultation (D3): from ``settings.CONSULTATION_REMINDER_DATE`` ("11-01") of a year, a desk with
  no consultation of a kind that counts for D3 in that year is reminded once.
- Annual report: from ``settings.ANNUAL_REPORT_REMINDER_DAYS`` (30) days before the deadline of the
  report of the year before (``services.reports.report_deadline``) up to the deadline itself, a
  desk whose report is not submitted (none yet, open, or returned to the desk) is reminded once.
  After the deadline, the report is overdue: the client managers follow that up, not an email.

Only desks that hold these duties now: a consultation reminder for a notified, subsidised or
suspended desk with a service area in the year; a report reminder for a subsidised or suspended
desk (the annual registration comes with the subsidy). A desk whose staff have no email address is
skipped and looked at again the next day.

Each reminder is a ``Reminder`` row (desk, kind, year) written first; the email goes out after the
commit and then sets ``sent_at``. A row whose email failed is sent again on the next run, and the
row lock makes two runs at once send it only once.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from registry.models import Desk, DeskStatus, ServiceArea

from .compliance import CONSULTATION_KINDS_FOR_D3, month_day
from .models import AnnualReport, Consultation, Reminder, ReminderKind
from .services.reports import EDITABLE, report_deadline

logger = logging.getLogger(__name__)

CONSULTATION_DESKS = (DeskStatus.NOTIFIED, DeskStatus.SUBSIDISED, DeskStatus.SUBSIDY_SUSPENDED)
REPORT_DESKS = (DeskStatus.SUBSIDISED, DeskStatus.SUBSIDY_SUSPENDED)
NOT_SUBMITTED = EDITABLE  # none yet, open or returned: what services.reports.is_overdue counts


def _not_reminded(kind, year):
    return ~Exists(Reminder.objects.filter(desk=OuterRef("pk"), kind=kind, year=year))


def desks_due_consultation_reminder(today):
    """Desks to remind of a missing consultation on ``today`` (a queryset)."""
    year = today.year
    if today < month_day(settings.CONSULTATION_REMINDER_DATE, year):
        return Desk.objects.none()
    held = Consultation.objects.filter(
        desk=OuterRef("pk"), date__year=year, kind__in=CONSULTATION_KINDS_FOR_D3
    )
    area_this_year = ServiceArea.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)),
        desk=OuterRef("pk"),
        valid_from__lte=datetime.date(year, 12, 31),
    )
    return Desk.objects.filter(
        Exists(area_this_year),
        ~Exists(held),
        _not_reminded(ReminderKind.CONSULTATION, year),
        status__in=CONSULTATION_DESKS,
    )


def desks_due_report_reminder(today):
    """Desks to remind of last year's annual report on ``today`` (a queryset)."""
    year = today.year - 1
    deadline = report_deadline(year)
    start = deadline - datetime.timedelta(days=settings.ANNUAL_REPORT_REMINDER_DAYS)
    if not start <= today <= deadline:
        return Desk.objects.none()
    submitted = AnnualReport.objects.filter(desk=OuterRef("pk"), year=year).exclude(
        state__in=NOT_SUBMITTED
    )
    return Desk.objects.filter(
        ~Exists(submitted),
        _not_reminded(ReminderKind.ANNUAL_REPORT, year),
        status__in=REPORT_DESKS,
    )


def send_due_reminders(today=None):
    """Record every reminder due on ``today`` and send it after the commit; send again those whose
    email failed earlier. Returns the number of reminders recorded or sent again."""
    if isinstance(today, str):  # a date passed through Celery arrives as text
        today = datetime.date.fromisoformat(today)
    today = today or timezone.localdate()
    sent = 0
    # First the outbox: reminders recorded earlier whose email did not go out.
    for pk in Reminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        sent += _send(pk)
    due = (
        (ReminderKind.CONSULTATION, today.year, desks_due_consultation_reminder(today)),
        (ReminderKind.ANNUAL_REPORT, today.year - 1, desks_due_report_reminder(today)),
    )
    for kind, year, desks in due:
        for desk in _with_recipients(desks):
            recipients = sorted({user.email for user in desk.reachable_staff})
            if not recipients:
                logger.warning("Geen e-mailadres voor een herinnering aan %s", desk)
                continue
            with transaction.atomic():
                reminder, created = Reminder.objects.get_or_create(
                    desk=desk, kind=kind, year=year, defaults={"recipients": "\n".join(recipients)}
                )
                if created:
                    transaction.on_commit(lambda pk=reminder.pk: _send(pk), robust=True)
                    sent += 1
    return sent


def _with_recipients(desks):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return desks.prefetch_related(Prefetch("staff", queryset=users, to_attr="reachable_staff"))


def _send(reminder_id):
    """Send one recorded reminder unless it went out already; 1 when sent, else 0."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .select_related("desk")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return 0
        recipients = [address for address in reminder.recipients.split("\n") if address]
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _message(reminder)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
    return 1


def _message(reminder):
    """The subject and body of a reminder, in the product's language."""
    values = {"desk": reminder.desk.name, "year": reminder.year}
    if reminder.kind == ReminderKind.CONSULTATION:
        subject = _("Reminder: no consultation with the providers yet in %(year)s – %(desk)s")
        text = _(
            "No consultation on cooperation agreements with the childcare providers has been "
            "recorded for %(desk)s in %(year)s. The desk must create at least once a year an "
            "occasion to make agreements on cooperation (obligation D3), and invite every "
            "provider in its service area to it (obligation D1).\n\n"
            "Record the consultation with its invitees and minutes."
        )
    else:
        values["deadline"] = report_deadline(reminder.year).strftime("%d/%m/%Y")
        subject = _("Reminder: annual report %(year)s not yet submitted – %(desk)s")
        text = _(
            "The annual registration report of %(desk)s for %(year)s has not been submitted yet. "
            "It is due by %(deadline)s."
        )
    site = getattr(settings, "SITE_URL", "")
    if site:
        where = _(
            "Log in at %(site)s: your home page shows what is missing and where to add it."
        ) % {"site": site}
    else:
        where = _(
            "Log in to the supervision system: your home page shows what is missing and where "
            "to add it."
        )
    body = "\n\n".join([_("Hello,"), text % values, where, _("Kind regards,\nOpgroeien")])
    return subject % values, body + "\n"
