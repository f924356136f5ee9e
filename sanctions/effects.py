"""What an approved decision does to the registry, and how that is ended or reverted.

| measure | on approval (or its start date) | on its end date | objection upheld |
|---|---|---|---|
| licence suspension | each location: suspend licence | lift suspension | lift suspension |
| licence revocation | each location: revoke licence | - | restore licence |
| subsidy suspension | desk: suspend subsidy | reinstate subsidy | reinstate subsidy |
| subsidy termination | desk: withdraw subsidy | - | restore subsidy |

The other measures (fine, licence amendment, subsidy reduction and recovery) change no status:
they are in force once approved, and annulled when an objection is upheld. Every status change
goes through ``registry.services`` with a reason that names the decision, so the location's or
desk's history points to it.

Callers hold the decision's row lock and save the decision's ``effect_status`` themselves.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry import services as registry
from registry.workflow import DeskStatus, LicenceStatus

from .common import product_language
from .measures import DecisionKind, TrackKind
from .models import EffectStatus

K = DecisionKind


@dataclass(frozen=True)
class Effect:
    apply: str  # the registry transition that applies it
    holds: str  # the status while it holds
    end: str | None  # the transition on its end date (suspensions)
    revert: str  # the transition when an objection against it is upheld


EFFECTS = {
    K.LICENCE_SUSPENSION: Effect(
        "suspend_licence", LicenceStatus.SUSPENDED, "lift_suspension", "lift_suspension"
    ),
    K.LICENCE_REVOCATION: Effect("revoke_licence", LicenceStatus.REVOKED, None, "restore_licence"),
    K.SUBSIDY_SUSPENSION: Effect(
        "suspend_subsidy", DeskStatus.SUBSIDY_SUSPENDED, "reinstate_subsidy", "reinstate_subsidy"
    ),
    K.SUBSIDY_TERMINATION: Effect(
        "withdraw_subsidy", DeskStatus.SUBSIDY_WITHDRAWN, None, "restore_subsidy"
    ),
}


def _targets(decision):
    """The rows the decision acts on, the registry service that changes them, and their field."""
    track = decision.track
    if track.kind == TrackKind.LICENCE:
        return list(track.locations.all()), registry.change_licence_status, "licence_status"
    return [track.desk], registry.change_desk_status, "status"


def _change(decision, transition, *, actor, reason, only_where_it_holds=False):
    """Run ``transition`` on each target; with ``only_where_it_holds``, skip the targets whose
    status changed since (a suspended location that was revoked or stopped meanwhile)."""
    effect = EFFECTS[decision.kind]
    targets, change, field = _targets(decision)
    for target in targets:
        if only_where_it_holds and getattr(target, field) != effect.holds:
            continue
        try:
            change(target.pk, transition, actor=actor, reason=reason)
        except ValidationError as error:
            raise ValidationError(f"{target}: {' '.join(error.messages)}") from None


def start(decision, *, actor, today):
    """Apply the effect of a just-approved decision: now, or on the start date of a suspension
    that starts later. Sets ``effect_status``."""
    if decision.kind == K.NO_MEASURE:
        decision.effect_status = ""
        return
    if decision.starts_on is not None and decision.starts_on > today:
        decision.effect_status = EffectStatus.PENDING
        return
    if decision.kind in EFFECTS:
        with product_language():
            reason = _("Decision %(number)s approved: %(measure)s") % {
                "number": decision.number,
                "measure": decision.measure,
            }
        _change(decision, EFFECTS[decision.kind].apply, actor=actor, reason=reason)
    decision.effect_status = EffectStatus.IN_FORCE


def start_pending(decision):
    """A suspension approved earlier reaches its start date (the daily task)."""
    with product_language():
        reason = _("Decision %(number)s takes effect: %(measure)s") % {
            "number": decision.number,
            "measure": decision.measure,
        }
    _change(decision, EFFECTS[decision.kind].apply, actor=None, reason=reason)
    decision.effect_status = EffectStatus.IN_FORCE


def end(decision):
    """A suspension reaches its end date (the daily task): lift it where it still holds."""
    with product_language():
        reason = _("Decision %(number)s: the suspension ends (%(measure)s)") % {
            "number": decision.number,
            "measure": decision.measure,
        }
    _change(
        decision,
        EFFECTS[decision.kind].end,
        actor=None,
        reason=reason,
        only_where_it_holds=True,
    )
    decision.effect_status = EffectStatus.ENDED


def revert(decision, *, actor):
    """An objection against the decision is upheld: undo its effect where it still holds (a
    suspension not yet started or already ended changes nothing) and mark it annulled."""
    if decision.effect_status == EffectStatus.IN_FORCE and decision.kind in EFFECTS:
        with product_language():
            reason = _("Objection against decision %(number)s upheld: %(measure)s annulled") % {
                "number": decision.number,
                "measure": decision.measure,
            }
        _change(
            decision,
            EFFECTS[decision.kind].revert,
            actor=actor,
            reason=reason,
            only_where_it_holds=True,
        )
    decision.effect_status = EffectStatus.ANNULLED
