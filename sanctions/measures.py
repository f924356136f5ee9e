"""The two enforcement tracks and the measures a decision can take on each (DOMAIN.md section 6).

- licence track (against one or more locations of a provider): no measure, administrative fine
  (amount and due date), licence amendment, licence suspension (period), licence revocation;
- subsidy track (against a desk): no measure, subsidy suspension (period), reduction (amount),
  recovery (amount, optional due date), termination.

Which fields each measure needs is declared here once; ``Decision.clean`` enforces it.
"""

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class TrackKind(models.TextChoices):
    LICENCE = "licence", _("licence")
    SUBSIDY = "subsidy", _("subsidy")


class DecisionKind(models.TextChoices):
    NO_MEASURE = "no_measure", _("no measure")
    FINE = "fine", _("administrative fine")
    LICENCE_AMENDMENT = "licence_amendment", _("licence amendment")
    LICENCE_SUSPENSION = "licence_suspension", _("licence suspension")
    LICENCE_REVOCATION = "licence_revocation", _("licence revocation")
    SUBSIDY_SUSPENSION = "subsidy_suspension", _("subsidy suspension")
    SUBSIDY_REDUCTION = "subsidy_reduction", _("subsidy reduction")
    SUBSIDY_RECOVERY = "subsidy_recovery", _("subsidy recovery")
    SUBSIDY_TERMINATION = "subsidy_termination", _("subsidy termination")


K = DecisionKind

KINDS_BY_TRACK = {
    TrackKind.LICENCE: (
        K.NO_MEASURE,
        K.FINE,
        K.LICENCE_AMENDMENT,
        K.LICENCE_SUSPENSION,
        K.LICENCE_REVOCATION,
    ),
    TrackKind.SUBSIDY: (
        K.NO_MEASURE,
        K.SUBSIDY_SUSPENSION,
        K.SUBSIDY_REDUCTION,
        K.SUBSIDY_RECOVERY,
        K.SUBSIDY_TERMINATION,
    ),
}

SUSPENSIONS = (K.LICENCE_SUSPENSION, K.SUBSIDY_SUSPENSION)
_WITH_AMOUNT = (K.FINE, K.SUBSIDY_REDUCTION, K.SUBSIDY_RECOVERY)

# field -> (the measures that require it, the measures that may have it); others must leave it empty
FIELD_RULES = {
    "amount": (_WITH_AMOUNT, _WITH_AMOUNT),
    "due_date": ((K.FINE,), (K.FINE, K.SUBSIDY_RECOVERY)),
    "starts_on": (SUSPENSIONS, SUSPENSIONS),
    "ends_on": (SUSPENSIONS, SUSPENSIONS),
}


def measures_for(track_kind, *, with_no_measure=True):
    """The (value, label) choices of measures on a track of ``track_kind``."""
    kinds = KINDS_BY_TRACK[track_kind]
    return [(k.value, k.label) for k in kinds if with_no_measure or k != K.NO_MEASURE]


def _date(value):
    return formats.date_format(value, "d/m/Y")


def describe(decision):
    """The measure in words, for letters and history reasons: 'licence suspension from
    01/03/2026 until 31/03/2026', 'administrative fine of € 500.00, due 01/04/2026'."""
    text = str(DecisionKind(decision.kind).label)
    if decision.amount is not None:
        text = _("%(measure)s of € %(amount)s") % {
            "measure": text,
            "amount": formats.number_format(decision.amount, 2, force_grouping=True),
        }
    if decision.starts_on and decision.ends_on:
        text = _("%(measure)s from %(start)s until %(end)s") % {
            "measure": text,
            "start": _date(decision.starts_on),
            "end": _date(decision.ends_on),
        }
    if decision.due_date:
        text = _("%(measure)s, due %(date)s") % {"measure": text, "date": _date(decision.due_date)}
    return str(text)
