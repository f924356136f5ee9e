"""Reads about enforcement for pages, the case workflow and exports."""

from cases.workflow import Outcome

from .measures import DecisionKind
from .models import Decision, EffectStatus, EnforcementTrack, TrackStep
from .workflow import DecisionState, TrackState


def enforcement_outcome(case):
    """The outcome a case in enforcement closes with, once all its tracks (at least one) are
    closed: "sanction imposed" when an approved measure stands (not "no measure", not annulled
    after an objection), otherwise "no sanction after enforcement". None while a track is open."""
    states = set(EnforcementTrack.objects.filter(case=case).values_list("state", flat=True))
    if states != {TrackState.CLOSED}:
        return None
    imposed = (
        Decision.objects.filter(track__case=case, state=DecisionState.APPROVED)
        .exclude(kind=DecisionKind.NO_MEASURE)
        .exclude(effect_status=EffectStatus.ANNULLED)
        .exists()
    )
    return Outcome.SANCTION_IMPOSED if imposed else Outcome.NO_SANCTION_AFTER_ENFORCEMENT


def case_steps(case, user):
    """The steps of the case's tracks that ``user`` may see, oldest first (the case timeline)."""
    return (
        TrackStep.objects.for_user(user)
        .filter(track__case=case)
        .select_related("track", "decision", "objection", "created_by")
    )
