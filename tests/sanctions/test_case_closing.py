"""Closing the loop: a case in enforcement closes once all its tracks (at least one) are closed,
with "sanction imposed" after an approved measure that stands, otherwise "no sanction after
enforcement"; before that, or with the other outcome, it is refused."""

import pytest
from django.core.exceptions import ValidationError

from cases import services as cases
from cases.models import Case
from cases.services.cases import close_outcomes
from cases.workflow import CaseState, Outcome
from sanctions import services
from sanctions.models import EffectStatus
from sanctions.queries import case_steps, enforcement_outcome
from sanctions.workflow import DecisionState, TrackState
from tests.cases.support import case_handler, make_case

from .support import make_decision, make_track

UNDECIDED = "Het handhavingstraject is nog niet beslist"
MISFIT = "De uitkomst past niet bij de handhavingstrajecten"


@pytest.fixture
def handler(db):
    return case_handler()


def _close(case, handler, outcome):
    return cases.close(case.pk, actor=handler, outcome=outcome, reason="Traject afgesloten")


def _refused(case, handler, outcome, match=UNDECIDED):
    with pytest.raises(ValidationError, match=match):
        _close(case, handler, outcome)
    assert Case.objects.get(pk=case.pk).state == CaseState.ENFORCEMENT


def test_a_case_without_a_track_cannot_close(handler):
    case = make_case(CaseState.ENFORCEMENT)
    assert enforcement_outcome(case) is None
    _refused(case, handler, Outcome.NO_SANCTION_AFTER_ENFORCEMENT)


def test_a_case_with_an_open_track_cannot_close(handler):
    track = make_track(state=TrackState.CLOSED)
    make_decision(track)
    make_track(state=TrackState.DECISION, case=track.case)
    _refused(track.case, handler, Outcome.SANCTION_IMPOSED)


def test_an_approved_measure_closes_the_case_with_sanction_imposed(handler):
    track = make_track(state=TrackState.CLOSED)
    make_decision(track)
    make_decision(track, state=DecisionState.REJECTED)
    assert enforcement_outcome(track.case) == Outcome.SANCTION_IMPOSED
    _refused(track.case, handler, Outcome.NO_SANCTION_AFTER_ENFORCEMENT, MISFIT)
    _close(track.case, handler, Outcome.SANCTION_IMPOSED)
    case = Case.objects.get(pk=track.case.pk)
    assert (case.state, case.outcome) == (CaseState.CLOSED, Outcome.SANCTION_IMPOSED)


@pytest.mark.parametrize(
    "decision",
    [None, {"kind": "no_measure", "effect_status": ""}, {"effect_status": EffectStatus.ANNULLED}],
    ids=["closed-without-measure", "no-measure", "annulled-after-objection"],
)
def test_without_a_standing_measure_the_case_closes_with_no_sanction(handler, decision):
    track = make_track(state=TrackState.CLOSED)
    if decision is not None:
        make_decision(track, **decision)
    _refused(track.case, handler, Outcome.SANCTION_IMPOSED, MISFIT)
    _close(track.case, handler, Outcome.NO_SANCTION_AFTER_ENFORCEMENT)
    assert Case.objects.get(pk=track.case.pk).outcome == Outcome.NO_SANCTION_AFTER_ENFORCEMENT


def test_other_outcomes_do_not_close_a_case_in_enforcement(handler):
    track = make_track(state=TrackState.CLOSED)
    _refused(track.case, handler, Outcome.WITHDRAWN, MISFIT)


def test_without_an_outcome_the_case_asks_for_one(handler):
    track = make_track(state=TrackState.CLOSED)
    with pytest.raises(ValidationError, match="Kies de uitkomst"):
        _close(track.case, handler, "")


def test_the_case_timeline_gets_the_steps_of_its_tracks(handler, client_manager):
    track = make_track(state=TrackState.FORMAL_NOTICE)
    services.close_without_measure(track.pk, actor=client_manager, reason="Rechtgezet")
    other = make_track(state=TrackState.FORMAL_NOTICE)
    services.close_without_measure(other.pk, actor=client_manager, reason="Rechtgezet")
    assert [step.track for step in case_steps(track.case, handler)] == [track]


def test_the_case_page_offers_closing_once_the_tracks_are_closed(handler):
    track = make_track(state=TrackState.DECISION)
    steps = {name: why for name, _label, why in cases.transitions_for(track.case, handler)}
    assert UNDECIDED in str(steps["close"])

    closed = make_track(state=TrackState.CLOSED)
    make_decision(closed)
    steps = {name: why for name, _label, why in cases.transitions_for(closed.case, handler)}
    assert steps["close"] is None
    assert close_outcomes(closed.case) == [
        Outcome.SANCTION_IMPOSED,
        Outcome.NO_SANCTION_AFTER_ENFORCEMENT,
    ]
