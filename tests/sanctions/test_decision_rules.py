"""Proposing a decision: the measure fits the track, has exactly the fields it needs, one
proposal at a time, at most one approved decision per track; rejecting and withdrawing need a
reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanctions import services
from sanctions.measures import TrackKind
from sanctions.models import Decision
from sanctions.workflow import DecisionState, TrackState

from .support import days, lead, make_decision, make_track, today

S = TrackState


def _propose(track, actor, **values):
    return services.propose_decision(track.pk, actor=actor, grounds="Motivering", **values)


def _errors(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        ("fine", {"due_date": days(30)}, "amount"),
        ("fine", {"amount": 500}, "due_date"),
        ("fine", {"amount": -5, "due_date": days(30)}, "amount"),
        ("licence_suspension", {"starts_on": today()}, "ends_on"),
        ("licence_suspension", {"starts_on": days(5), "ends_on": days(5)}, "ends_on"),
        ("licence_suspension", {"starts_on": days(-1), "ends_on": days(5)}, "starts_on"),
        ("licence_revocation", {"amount": 500}, "amount"),
        ("licence_amendment", {"starts_on": today(), "ends_on": days(5)}, "starts_on"),
        ("fine", {"amount": 500, "due_date": days(-1)}, "due_date"),
        ("subsidy_suspension", {"starts_on": today(), "ends_on": days(5)}, "kind"),
        ("teddybeer", {}, "kind"),
    ],
)
def test_a_licence_measure_has_exactly_its_fields(client_manager, kind, values, field):
    track = make_track(state=S.DECISION)
    errors = _errors(lambda: _propose(track, client_manager, kind=kind, **values))
    assert field in errors, errors
    assert not track.decisions.exists()


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        ("subsidy_reduction", {}, "amount"),
        ("subsidy_recovery", {"amount": 100, "starts_on": today()}, "starts_on"),
        ("fine", {"amount": 100, "due_date": days(5)}, "kind"),
    ],
)
def test_a_subsidy_measure_has_exactly_its_fields(client_manager, kind, values, field):
    track = make_track(TrackKind.SUBSIDY, S.DECISION)
    assert field in _errors(lambda: _propose(track, client_manager, kind=kind, **values))


def test_grounds_are_required(client_manager):
    track = make_track(state=S.DECISION)
    errors = _errors(
        lambda: services.propose_decision(
            track.pk, actor=client_manager, kind="no_measure", grounds=" "
        )
    )
    assert "grounds" in errors


def test_a_proposal_gets_a_number_and_history(client_manager):
    track = make_track(TrackKind.SUBSIDY, S.DECISION)
    decision = _propose(
        track, client_manager, kind="subsidy_recovery", amount=1200, due_date=days(60)
    )
    assert decision.number == f"{track.number}-B1"
    assert (decision.state, decision.proposed_by) == (DecisionState.PROPOSED, client_manager)
    row = decision.history.first()
    assert row.history_change_reason.startswith(
        "Beslissing voorgesteld: terugvordering van de subsidie"
    )


@pytest.mark.parametrize(
    "state", [S.FORMAL_NOTICE, S.INTENDED_DECISION, S.HEARING, S.OBJECTION, S.CLOSED]
)
def test_decisions_are_proposed_only_in_the_decision_step(client_manager, state):
    track = make_track(state=state)
    with pytest.raises(ValidationError, match="stap beslissing"):
        _propose(track, client_manager, kind="no_measure")


def test_one_proposal_at_a_time_and_one_approved_decision(client_manager):
    track = make_track(state=S.DECISION)
    first = _propose(track, client_manager, kind="no_measure")
    with pytest.raises(ValidationError, match="wacht op goedkeuring"):
        _propose(track, client_manager, kind="licence_revocation")
    services.withdraw_decision(first.pk, actor=client_manager, reason="Vergissing")
    second = _propose(track, client_manager, kind="licence_amendment")
    services.approve_decision(second.pk, actor=lead())
    with pytest.raises(ValidationError, match="al een goedgekeurde beslissing"):
        _propose(track, client_manager, kind="no_measure")
    assert second.number.endswith("-B2")


def test_rejecting_and_withdrawing_need_a_reason(client_manager):
    decision = make_decision(
        make_track(state=S.DECISION), state=DecisionState.PROPOSED, effect_status=""
    )
    with pytest.raises(ValidationError, match="reden"):
        services.reject_decision(decision.pk, actor=lead(), reason=" ")
    with pytest.raises(ValidationError, match="reden"):
        services.withdraw_decision(decision.pk, actor=client_manager, reason="")
    assert Decision.objects.get(pk=decision.pk).state == DecisionState.PROPOSED


def test_only_client_managers_propose(management_user):
    track = make_track(state=S.DECISION)
    with pytest.raises(PermissionDenied):
        _propose(track, lead(), kind="no_measure")
    with pytest.raises(PermissionDenied):
        _propose(track, management_user, kind="no_measure")


def test_a_suspension_whose_period_passed_cannot_be_approved(client_manager):
    track = make_track(state=S.DECISION)
    decision = make_decision(
        track,
        kind="licence_suspension",
        state=DecisionState.PROPOSED,
        starts_on=days(-30),
        ends_on=today(),
        effect_status="",
    )
    with pytest.raises(ValidationError, match="al voorbij"):
        services.approve_decision(decision.pk, actor=lead())
    assert Decision.objects.get(pk=decision.pk).state == DecisionState.PROPOSED


def test_a_decision_is_approved_only_while_its_track_decides(client_manager):
    track = make_track(state=S.HEARING)
    decision = make_decision(track, state=DecisionState.PROPOSED, effect_status="")
    with pytest.raises(ValidationError, match="stap beslissing"):
        services.approve_decision(decision.pk, actor=lead())


def test_a_changed_decision_is_a_conflict(client_manager):
    decision = make_decision(
        make_track(state=S.DECISION), state=DecisionState.PROPOSED, effect_status=""
    )
    with pytest.raises(services.TrackChanged):
        services.approve_decision(decision.pk, actor=lead(), expected_state=DecisionState.APPROVED)
    assert Decision.objects.get(pk=decision.pk).state == DecisionState.PROPOSED
