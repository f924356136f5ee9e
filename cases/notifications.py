"""Case notifications by email, through an outbox.

Who gets what:

- ``assigned``: the new assignee (not when the actor assigned the case to themself);
- ``close``: the active staff of every desk that reported a signal of the case;
- ``overdue`` (``flag_overdue``, daily): the assignee of an open case whose deadline has passed,
  once per deadline (an extended deadline that passes again gives a new one).

Users without an email address are skipped. Every other event writes nothing. A notification
that failed after every attempt can be sent again by a client manager (``resend``).

Each notification is a ``Notification`` row written in the transaction of the change it announces,
with its subject and body in the product language: a change that rolls back leaves none. After the
commit, each new row is handed to the ``cases.tasks.send_notification`` task; when the broker is
down the change still stands and the row stays pending until ``send_pending_notifications`` (every
few minutes) hands it out again. See docs/case-notifications.md.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Case, Notification, NotificationStatus
from .tasks import send_notification
from .workflow import OPEN_STATES

OVERDUE = "overdue"


def case_event(case, event, *, actor):
    """Write the notifications of ``event`` on ``case`` (in the caller's transaction) and send
    them after its commit. Returns the rows written."""
    if event == "assigned":
        recipients = [case.assignee] if case.assignee != actor else []
    elif event == "close":
        recipients = _reporting_desk_staff(case)
    else:
        return []
    return [
        _write(case, event, user, _message(case, event, actor))
        for user in recipients
        if user.is_active and user.email
    ]


def flag_overdue(today=None):
    """Remind the assignee of every open case whose deadline lies before ``today`` (default:
    today), once per deadline. Returns the number of reminders written."""
    today = today or timezone.localdate()
    written = 0
    for case_id in _overdue(today).values_list("pk", flat=True):
        with transaction.atomic():
            # Locked and checked again: the case may have moved on since the query above.
            case = (
                _overdue(today)
                .select_for_update(of=("self",))
                .select_related("assignee")
                .filter(pk=case_id)
                .first()
            )
            if case is not None:
                written += _write_once(
                    case, case.assignee, f"{OVERDUE}:{case.deadline.isoformat()}"
                )
    return written


def _overdue(today):
    """Open cases whose deadline lies before ``today``, with an active assignee to remind."""
    return Case.objects.filter(
        state__in=OPEN_STATES, deadline__lt=today, assignee__is_active=True
    ).exclude(assignee__email="")


def _reporting_desk_staff(case):
    """The active users with an email address working for a desk that reported a signal of the
    case, one per address."""
    users = (
        get_user_model()
        .objects.filter(desks__signals_reported__case=case, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("email", "pk")
    )
    by_email = {}
    for user in users:
        by_email.setdefault(user.email, user)
    return list(by_email.values())


def _write(case, event, user, message, once_key=""):
    subject, body = message
    notification = Notification.objects.create(
        case=case,
        event=event,
        recipient=user,
        email=user.email,
        subject=subject,
        body=body,
        once_key=once_key,
    )
    _send_after_commit(notification)
    return notification


def _write_once(case, user, once_key):
    """Write the overdue reminder with ``once_key`` unless it exists; 1 if written, else 0. The
    unique constraint makes concurrent runs write it once."""
    subject, body = _message(case, OVERDUE, None)
    notification, created = Notification.objects.get_or_create(
        case=case,
        email=user.email,
        once_key=once_key,
        defaults={"event": OVERDUE, "recipient": user, "subject": subject, "body": body},
    )
    if created:
        _send_after_commit(notification)
    return int(created)


def _send_after_commit(notification):
    """Hand the row to the worker once the transaction commits. A broker that is down must not
    undo the change: the error is logged and the row stays pending for the periodic sweep."""
    transaction.on_commit(lambda pk=notification.pk: send_notification.delay(pk), robust=True)


def resend(notification_id, *, actor):
    """Send a failed notification again (e.g. after the mail server was down for a while): it is
    pending again with its attempts counted anew, and handed to the worker after the commit. The
    last error stays on the row until the next attempt replaces it."""
    from .services.common import HANDLE, require  # the services write notifications: no cycle

    require(actor, HANDLE, _("You may not handle cases."))
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status != NotificationStatus.FAILED:
            raise ValidationError(_("Only a notification that failed can be sent again."))
        notification.status = NotificationStatus.PENDING
        notification.attempts = 0
        notification.save(update_fields=["status", "attempts"])
        _send_after_commit(notification)
    return notification


# --- Texts, in the product language -------------------------------------------------------------


def _message(case, event, actor):
    """The subject and body of the notification of ``event`` on ``case``."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "number": case.number,
            "party": str(case.about),
            "state": case.get_state_display(),
            "deadline": case.deadline.strftime("%d/%m/%Y") if case.deadline else "",
            "outcome": case.get_outcome_display(),
            "actor": (actor.get_full_name() or actor.username) if actor else "",
        }
        if event == "assigned":
            subject = _("Case %(number)s has been assigned to you – %(party)s")
            text = _("%(actor)s has assigned case %(number)s about %(party)s to you.")
        elif event == "close":
            subject = _("Case %(number)s has been closed – %(party)s")
            text = _(
                "Case %(number)s about %(party)s, which your desk reported, has been closed "
                "with the outcome “%(outcome)s”."
            )
        else:
            subject = _("Case %(number)s is overdue – %(party)s")
            text = _(
                "The deadline of case %(number)s about %(party)s passed on %(deadline)s. Take "
                "the next step in the case, or extend its deadline with a reason."
            )
        body = "\n\n".join(
            [
                _("Hello,"),
                text % values,
                _details(case) % values,
                _where(case),
                _("Kind regards,\nOpgroeien"),
            ]
        )
        return subject % values, body + "\n"


def _details(case):
    lines = [_("Case: %(number)s"), _("About: %(party)s"), _("State: %(state)s")]
    if case.deadline:
        lines.append(_("Deadline: %(deadline)s"))
    return "\n".join(lines)


def _where(case):
    site = getattr(settings, "SITE_URL", "")
    if not site:
        return _("Log in to the supervision system to see the case.")
    url = site.rstrip("/") + reverse("cases:case-detail", args=[case.number])
    return _("See the case at %(url)s") % {"url": url}
