"""The dates of suspensions, run daily (``sanctions.tasks``): a suspension approved to start later
takes effect on its start date, and every suspension is lifted on its end date, with history on
the location or desk (no user: the system) and on the decision.

Each decision is handled in its own transaction: one that cannot change (say, the location was
stopped meanwhile) is logged and retried the next day, and does not hold up the others.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import effects
from ..common import product_language, save_with_history
from ..measures import SUSPENSIONS
from ..models import Decision, EffectStatus
from ..workflow import DecisionState
from .decisions import locked_decision

logger = logging.getLogger(__name__)


def _each(decisions, status, change, reason):
    done = []
    for pk in decisions.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                decision = locked_decision(pk)
                if decision.effect_status != status:  # changed since the query
                    continue
                change(decision)
                save_with_history(decision, None, reason)
        except ValidationError as error:
            logger.warning("Decision %s: %s", pk, " ".join(error.messages))
            continue
        done.append(decision.number)
    return done


def start_due_suspensions(today=None):
    """Suspensions whose start date has come take effect. Returns the decision numbers."""
    today = today or timezone.localdate()
    due = Decision.objects.filter(
        state=DecisionState.APPROVED,
        kind__in=SUSPENSIONS,
        effect_status=EffectStatus.PENDING,
        starts_on__lte=today,
    )
    with product_language():
        reason = _("Suspension started on its start date")
    return _each(due, EffectStatus.PENDING, effects.start_pending, reason)


def lift_ended_suspensions(today=None):
    """Suspensions whose end date has come are lifted. Returns the decision numbers."""
    today = today or timezone.localdate()
    ended = Decision.objects.filter(
        state=DecisionState.APPROVED,
        kind__in=SUSPENSIONS,
        effect_status=EffectStatus.IN_FORCE,
        ends_on__lte=today,
    )
    with product_language():
        reason = _("Suspension lifted on its end date")
    return _each(ended, EffectStatus.IN_FORCE, effects.end, reason)
