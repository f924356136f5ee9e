"""The enforcement track, its decisions and objections, as django-fsm state machines (DOMAIN.md
section 6; the graph and its back-steps are explained in ``docs/sanctions.md``).

Track: formal_notice -> intended_decision -> hearing -> decision -> (objection ->) closed.
Back-steps: formal_notice and intended_decision close without a measure when the party put things
right; hearing and decision go back to intended_decision when the intended measure changes (the
party must then be heard on the new one), as long as no decision is approved.

Decision: proposed -> approved or rejected (by another person than the proposer, who holds
``sanctions.approve_decision``: four eyes), or withdrawn. Objection: pending -> upheld or rejected.

Each guard carries the user-facing message that says why it refuses (``supervision.fsm.guard``;
``supervision.fsm.refusal`` reads it). Only ``sanctions.services`` calls these transitions.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from supervision.fsm import guard

from .measures import KINDS_BY_TRACK, DecisionKind

APPROVE = "sanctions.approve_decision"


class TrackState(models.TextChoices):
    FORMAL_NOTICE = "formal_notice", _("formal notice")
    INTENDED_DECISION = "intended_decision", _("intended decision")
    HEARING = "hearing", _("hearing")
    DECISION = "decision", _("decision")
    OBJECTION = "objection", _("objection")
    CLOSED = "closed", _("closed")


class DecisionState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", _("pending")
    UPHELD = "upheld", _("upheld")
    REJECTED = "rejected", _("not upheld")


S = TrackState
D = DecisionState


# --- Track guards ------------------------------------------------------------------------------


@guard(
    _("The deadline of the formal notice has not passed yet: the party may still put things right.")
)
def notice_deadline_passed(track):
    return track.notice_deadline is not None and track.notice_deadline < timezone.localdate()


@guard(_("Name the intended measure."))
def intended_measure_named(track):
    return track.intended_measure in KINDS_BY_TRACK[track.kind] and (
        track.intended_measure != DecisionKind.NO_MEASURE
    )


@guard(_("Give the deadline by which the party can respond to the intended decision."))
def response_deadline_given(track):
    return track.response_deadline is not None


@guard(
    _(
        "Record the hearing first: the written response, the hearing talk, or that the party did "
        "not respond."
    )
)
def hearing_recorded(track):
    return bool(track.hearing_kind and track.hearing_on and track.hearing_summary.strip())


@guard(_("Approve a decision first."))
def decision_approved(track):
    return track.decisions.filter(state=D.APPROVED).exists()


@guard(_("A proposed decision is waiting for approval: approve, reject or withdraw it first."))
def no_proposal_pending(track):
    return not track.decisions.filter(state=D.PROPOSED).exists()


@guard(_("A decision has been approved: the intended decision can no longer be revised."))
def no_decision_approved(track):
    return not track.decisions.filter(state=D.APPROVED).exists()


@guard(_("An objection needs an approved decision that imposes a measure."))
def measure_approved(track):
    return track.decisions.filter(state=D.APPROVED).exclude(kind=DecisionKind.NO_MEASURE).exists()


@guard(_("Decide the objection first."))
def objection_decided(track):
    return not track.decisions.filter(objection__outcome=ObjectionOutcome.PENDING).exists()


# --- Decision guards and the four-eyes rule ---------------------------------------------------


@guard(_("Decisions are approved while the track is in the decision step."))
def track_deciding(decision):
    return decision.track.state == S.DECISION


def review_refusal(decision, user):
    """Why ``user`` may not approve or reject ``decision`` (four eyes), or None if they may."""
    if not (user and user.is_active and user.has_perm(APPROVE)):
        return _("You may not approve or reject decisions.")
    if decision.proposed_by_id == user.pk:
        return _(
            "You proposed this decision yourself: another person with the approval permission "
            "must approve or reject it."
        )
    return None


def may_review(decision, user):
    return review_refusal(decision, user) is None


class TrackWorkflow(models.Model):
    state = FSMField(
        _("state"), default=S.FORMAL_NOTICE, choices=S.choices, protected=True, db_index=True
    )

    class Meta:
        abstract = True

    @transition(
        field=state,
        source=S.FORMAL_NOTICE,
        target=S.INTENDED_DECISION,
        conditions=[notice_deadline_passed, intended_measure_named, response_deadline_given],
        custom={"label": _("Announce the intended decision")},
    )
    def announce_intention(self):
        pass

    @transition(
        field=state,
        source=S.INTENDED_DECISION,
        target=S.HEARING,
        custom={"label": _("Hear the party")},
    )
    def start_hearing(self):
        pass

    @transition(
        field=state,
        source=S.HEARING,
        target=S.DECISION,
        conditions=[hearing_recorded],
        custom={"label": _("Conclude the hearing")},
    )
    def conclude_hearing(self):
        pass

    @transition(
        field=state,
        source=S.DECISION,
        target=S.OBJECTION,
        conditions=[measure_approved],
        custom={"label": _("Record an objection")},
    )
    def lodge_objection(self):
        pass

    @transition(
        field=state,
        source=S.DECISION,
        target=S.CLOSED,
        conditions=[decision_approved, no_proposal_pending],
        custom={"label": _("Close the track")},
    )
    @transition(
        field=state,
        source=S.OBJECTION,
        target=S.CLOSED,
        conditions=[objection_decided],
        custom={"label": _("Close the track")},
    )
    def close(self):
        pass

    @transition(
        field=state,
        source=[S.FORMAL_NOTICE, S.INTENDED_DECISION],
        target=S.CLOSED,
        custom={"label": _("Close without a measure")},
    )
    def close_without_measure(self):
        pass

    @transition(
        field=state,
        source=[S.HEARING, S.DECISION],
        target=S.INTENDED_DECISION,
        conditions=[
            no_proposal_pending,
            no_decision_approved,
            intended_measure_named,
            response_deadline_given,
        ],
        custom={"label": _("Revise the intended decision")},
    )
    def revise_intention(self):
        pass


TRACK_TRANSITIONS = (
    "announce_intention",
    "start_hearing",
    "conclude_hearing",
    "lodge_objection",
    "close",
    "close_without_measure",
    "revise_intention",
)


class DecisionWorkflow(models.Model):
    state = FSMField(
        _("state"), default=D.PROPOSED, choices=D.choices, protected=True, db_index=True
    )

    class Meta:
        abstract = True

    @transition(
        field=state,
        source=D.PROPOSED,
        target=D.APPROVED,
        conditions=[track_deciding],
        permission=may_review,
        custom={"label": _("Approve")},
    )
    def approve(self):
        pass

    @transition(
        field=state,
        source=D.PROPOSED,
        target=D.REJECTED,
        permission=may_review,
        custom={"label": _("Reject")},
    )
    def reject(self):
        pass

    @transition(field=state, source=D.PROPOSED, target=D.WITHDRAWN, custom={"label": _("Withdraw")})
    def withdraw(self):
        pass


DECISION_TRANSITIONS = ("approve", "reject", "withdraw")


class ObjectionWorkflow(models.Model):
    outcome = FSMField(
        _("outcome"),
        default=ObjectionOutcome.PENDING,
        choices=ObjectionOutcome.choices,
        protected=True,
        db_index=True,
    )

    class Meta:
        abstract = True

    @transition(
        field=outcome,
        source=ObjectionOutcome.PENDING,
        target=ObjectionOutcome.UPHELD,
        custom={"label": _("Uphold")},
    )
    def uphold(self):
        pass

    @transition(
        field=outcome,
        source=ObjectionOutcome.PENDING,
        target=ObjectionOutcome.REJECTED,
        custom={"label": _("Dismiss")},
    )
    def dismiss(self):
        pass
