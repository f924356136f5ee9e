"""Decisions with a second pair of eyes, and objections against them.

- A decision is proposed (``sanctions.add_decision``) while its track is in the decision step, one
  at a time, and a track has at most one approved decision.
- Another person holding ``sanctions.approve_decision`` approves or rejects it; the proposer
  never can, whatever their permissions (``workflow.review_refusal``: the same rule for the
  pages, the admin and these services). Approval applies the effect (``sanctions.effects``).
- An objection against an approved measure is recorded (``sanctions.add_objection``) and decided
  (``sanctions.decide_objection``); upheld, the decision's effect is reverted and it is annulled.

Locks are taken in one order: track, decision, objection, then the registry rows.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.fsm import refusal

from .. import effects
from ..common import TrackChanged, product_language, require, save_with_history
from ..measures import SUSPENSIONS
from ..models import Decision, Objection, StepKind
from ..workflow import (
    APPROVE,
    DecisionState,
    ObjectionOutcome,
    TrackState,
    no_proposal_pending,
    review_refusal,
)
from . import tracks

PROPOSE = "sanctions.add_decision"
OBJECT = "sanctions.add_objection"
DECIDE_OBJECTION = "sanctions.decide_objection"


def locked_decision(decision_id):
    """The decision with its track, both locked (track first)."""
    track_id = Decision.objects.values_list("track_id", flat=True).get(pk=decision_id)
    track = tracks.locked(track_id)
    decision = Decision.objects.select_for_update().get(pk=decision_id)
    decision.track = track
    return decision


def _measure(decision):
    with product_language():
        return decision.measure


def proposal_refusal(track):
    """Why no decision can be proposed on the track now, or None (pages ask before they offer)."""
    if track.state != TrackState.DECISION:
        return _("Decisions are proposed while the track is in the decision step.")
    if not no_proposal_pending(track):
        return str(no_proposal_pending.message)
    if track.decisions.filter(state=DecisionState.APPROVED).exists():
        return _("This track already has an approved decision.")
    return None


def propose_decision(
    track_id,
    *,
    actor,
    kind,
    grounds,
    amount=None,
    due_date=None,
    starts_on=None,
    ends_on=None,
):
    """Propose a decision on a track in the decision step; errors are per field where they can
    be (``ValidationError.message_dict``)."""
    require(actor, PROPOSE, _("You may not propose decisions."))
    today = timezone.localdate()
    errors = {}
    if due_date is not None and due_date < today:
        errors["due_date"] = [_("The due date cannot be in the past.")]
    if starts_on is not None and starts_on < today:
        errors["starts_on"] = [_("The measure cannot start in the past.")]
    with transaction.atomic():
        track = tracks.locked(track_id)
        why = proposal_refusal(track)
        if why:
            raise ValidationError(str(why))
        decision = Decision(
            number=f"{track.number}-B{track.decisions.count() + 1}",
            track=track,
            kind=kind,
            amount=amount,
            due_date=due_date,
            starts_on=starts_on,
            ends_on=ends_on,
            grounds=(grounds or "").strip(),
            proposed_by=actor,
        )
        try:
            decision.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        with product_language():
            reason = _("Decision proposed: %(measure)s") % {"measure": decision.measure}
        save_with_history(decision, actor, reason)
    return decision


def _review(decision_id, name, *, actor, expected_state):
    """Lock the decision and check that ``actor`` may ``name`` it (four eyes) and that it can."""
    require(actor, APPROVE, _("You may not approve or reject decisions."))
    decision = locked_decision(decision_id)
    if expected_state is not None and decision.state != expected_state:
        raise TrackChanged()
    why = review_refusal(decision, actor)
    if why:
        raise PermissionDenied(str(why))
    why = refusal(decision, name)
    if why:
        raise ValidationError(str(why))
    return decision


def approve_decision(decision_id, *, actor, reason="", expected_state=None):
    """Approve a decision someone else proposed, and apply its effect: the locations' licence
    status or the desk's status changes with a history reason naming the decision (a suspension
    that starts later: on its start date). The decision's letter is a new step."""
    with transaction.atomic():
        decision = _review(decision_id, "approve", actor=actor, expected_state=expected_state)
        today = timezone.localdate()
        if decision.kind in SUSPENSIONS and decision.ends_on <= today:
            raise ValidationError(
                _(
                    "The suspension period has already ended: reject this proposal and propose a new one."
                )
            )
        decision.approve()
        decision.reviewed_by, decision.reviewed_at = actor, timezone.now()
        effects.start(decision, actor=actor, today=today)
        measure = _measure(decision)
        with product_language():
            default = _("Decision approved: %(measure)s") % {"measure": measure}
        save_with_history(decision, actor, (reason or "").strip() or default)
        tracks.add_step(
            decision.track,
            StepKind.DECISION,
            actor,
            summary=measure,
            deadline=decision.due_date,
            decision=decision,
        )
    return decision


def reject_decision(decision_id, *, actor, reason, expected_state=None):
    """Reject a decision someone else proposed, with a reason; a new one can then be proposed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for this step."))
    with transaction.atomic():
        decision = _review(decision_id, "reject", actor=actor, expected_state=expected_state)
        decision.reject()
        decision.reviewed_by, decision.reviewed_at = actor, timezone.now()
        save_with_history(decision, actor, reason)
    return decision


def withdraw_decision(decision_id, *, actor, reason, expected_state=None):
    """Withdraw a proposal that is still waiting for approval, with a reason."""
    require(actor, PROPOSE, _("You may not propose decisions."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for this step."))
    with transaction.atomic():
        decision = locked_decision(decision_id)
        if expected_state is not None and decision.state != expected_state:
            raise TrackChanged()
        why = refusal(decision, "withdraw")
        if why:
            raise ValidationError(str(why))
        decision.withdraw()
        save_with_history(decision, actor, reason)
    return decision


def lodge_objection(track_id, *, actor, lodged_on, grounds, expected_state=None):
    """decision -> objection: the party objects to the approved measure. Returns the objection."""
    require(actor, OBJECT, _("You may not record objections."))
    grounds = (grounds or "").strip()
    if not grounds:
        raise ValidationError(_("Give the grounds of the objection."))
    if lodged_on is None or lodged_on > timezone.localdate():
        raise ValidationError(_("Give the date of the objection; it cannot be in the future."))
    created = {}

    def apply(track):
        decision = track.decisions.filter(state=DecisionState.APPROVED).first()
        if decision is not None and lodged_on < timezone.localdate(decision.reviewed_at):
            raise ValidationError(
                _("An objection cannot be lodged before the decision was approved.")
            )
        created["decision"] = decision

    def step(track):
        objection = Objection(
            decision=created["decision"], lodged_on=lodged_on, grounds=grounds, recorded_by=actor
        )
        with product_language():
            reason = _("Objection recorded")
        created["objection"] = save_with_history(objection, actor, reason)

    tracks.run(
        track_id,
        "lodge_objection",
        actor=actor,
        expected_state=expected_state,
        apply=apply,
        step=step,
    )
    return created["objection"]


def decide_objection(objection_id, *, actor, outcome, decided_on, grounds, expected_state=None):
    """Decide an objection: upheld reverts the decision's effect (lift the suspension, restore the
    licence, reinstate or restore the subsidy) with history, and annuls the decision; rejected
    leaves it. Either way the outcome's letter is a new step."""
    require(actor, DECIDE_OBJECTION, _("You may not decide objections."))
    if outcome not in (ObjectionOutcome.UPHELD, ObjectionOutcome.REJECTED):
        raise ValidationError(_("Choose whether the objection is upheld or rejected."))
    grounds = (grounds or "").strip()
    if not grounds:
        raise ValidationError(_("Give the grounds of the outcome."))
    today = timezone.localdate()
    if decided_on is None or decided_on > today:
        raise ValidationError(_("Give the date of the outcome; it cannot be in the future."))
    with transaction.atomic():
        decision_id = Objection.objects.values_list("decision_id", flat=True).get(pk=objection_id)
        decision = locked_decision(decision_id)
        objection = Objection.objects.select_for_update().get(pk=objection_id)
        if expected_state is not None and objection.outcome != expected_state:
            raise TrackChanged()
        name = "uphold" if outcome == ObjectionOutcome.UPHELD else "dismiss"
        why = refusal(objection, name)
        if why:
            raise ValidationError(str(why))
        if decided_on < objection.lodged_on:
            raise ValidationError(_("The objection cannot be decided before it was lodged."))
        getattr(objection, name)()
        objection.decided_on, objection.outcome_grounds, objection.decided_by = (
            decided_on,
            grounds,
            actor,
        )
        with product_language():
            reason = _("Objection %(outcome)s") % {"outcome": objection.get_outcome_display()}
        save_with_history(objection, actor, reason)
        if outcome == ObjectionOutcome.UPHELD:
            effects.revert(decision, actor=actor)
            with product_language():
                annulled = _("Objection upheld: decision annulled")
            save_with_history(decision, actor, annulled)
        tracks.add_step(
            decision.track,
            StepKind.OBJECTION_DECISION,
            actor,
            summary=f"{reason}: {grounds}",
            decision=decision,
            objection=objection,
        )
    return objection
