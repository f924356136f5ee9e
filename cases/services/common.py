"""What every service of the cases app shares: permission checks, row locks, saving with who and
why in the history, the case-number counter, state deadlines and the notification hook."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from supervision import fsm

from .. import notifications
from ..models import Case, CaseNumber
from ..workflow import OPEN_STATES

HANDLE = "cases.handle_case"
REOPEN = "cases.reopen_case"


class CaseChanged(ValidationError):
    """Someone else changed the case between reading and writing it."""

    def __init__(self):
        super().__init__(
            _("Someone else changed this case in the meantime. Reload it and try again.")
        )


def product_language(text):
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def require(actor, perm, message):
    if not (actor and actor.is_active and actor.has_perm(perm)):
        raise PermissionDenied(message)


def notify(case, event, actor):
    """Write the case's notifications for ``event`` to the outbox, in the caller's transaction;
    they are sent after its commit (``cases.notifications``)."""
    notifications.case_event(case, event, actor=actor)


def locked(case_id):
    return Case.objects.select_for_update().get(pk=case_id)


def save_with_history(obj, actor, reason):
    """Save with who and why in the history; a concurrent change raises ``CaseChanged``."""
    return fsm.save_with_history(obj, actor, reason, conflict=CaseChanged)


def check_open(case):
    if case.state not in OPEN_STATES:
        raise ValidationError(_("The case is closed."))


def state_deadline(state, start=None):
    """The deadline of a case entering ``state`` on ``start`` (default today), from
    ``settings.CASE_STATE_DAYS``; None for a state without one (closed)."""
    days = settings.CASE_STATE_DAYS.get(str(state))
    if days is None:
        return None
    return (start or timezone.localdate()) + datetime.timedelta(days=days)


def next_number(year):
    """The next case number of ``year`` (``SAM-2026-00042``). Call inside a transaction: the
    year's counter row stays locked until it commits, so concurrent calls never share a number."""
    CaseNumber.objects.get_or_create(year=year)
    counter = CaseNumber.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"SAM-{year}-{counter.last:05d}"
