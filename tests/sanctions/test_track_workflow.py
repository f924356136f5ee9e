"""The track lifecycle on both tracks, and the decision's: every allowed edge succeeds through its
service, every other one is refused and changes nothing; who and why land in the history."""

import pytest
from django.core.exceptions import ValidationError

from sanctions import services
from sanctions.measures import TrackKind
from sanctions.models import Decision, EnforcementTrack
from sanctions.workflow import (
    DECISION_TRANSITIONS,
    TRACK_TRANSITIONS,
    DecisionState,
    ObjectionOutcome,
    TrackState,
)

from .support import INTENDED, days, lead, make_decision, make_objection, make_track, today

S = TrackState
D = DecisionState

EDGES = {
    ("announce_intention", S.FORMAL_NOTICE): S.INTENDED_DECISION,
    ("start_hearing", S.INTENDED_DECISION): S.HEARING,
    ("conclude_hearing", S.HEARING): S.DECISION,
    ("lodge_objection", S.DECISION): S.OBJECTION,
    ("close", S.DECISION): S.CLOSED,
    ("close", S.OBJECTION): S.CLOSED,
    ("close_without_measure", S.FORMAL_NOTICE): S.CLOSED,
    ("close_without_measure", S.INTENDED_DECISION): S.CLOSED,
    ("revise_intention", S.HEARING): S.INTENDED_DECISION,
    ("revise_intention", S.DECISION): S.INTENDED_DECISION,
}


def run(name, track, actor):
    intention = {"intended_measure": INTENDED[track.kind], "response_deadline": days(14)}
    calls = {
        "announce_intention": lambda: services.announce_intention(
            track.pk, actor=actor, **intention
        ),
        "start_hearing": lambda: services.start_hearing(track.pk, actor=actor),
        "conclude_hearing": lambda: services.conclude_hearing(track.pk, actor=actor),
        "lodge_objection": lambda: services.lodge_objection(
            track.pk, actor=actor, lodged_on=today(), grounds="Niet akkoord"
        ),
        "close": lambda: services.close_track(track.pk, actor=actor),
        "close_without_measure": lambda: services.close_without_measure(
            track.pk, actor=actor, reason="Rechtgezet na aanmaning"
        ),
        "revise_intention": lambda: services.revise_intention(
            track.pk, actor=actor, reason="Nieuwe feiten", **intention
        ),
    }
    return calls[name]()


def ready_track(kind, state, name):
    """A track in ``state`` with what the guards of ``name`` need: an approved measure once
    decided (none for revising the intention), its objection decided in the objection state."""
    track = make_track(kind, state)
    if state in (S.DECISION, S.OBJECTION, S.CLOSED) and name != "revise_intention":
        decision = make_decision(track)
        if state in (S.OBJECTION, S.CLOSED):
            make_objection(decision, ObjectionOutcome.REJECTED)
    return track


@pytest.mark.parametrize("kind", TrackKind.values)
@pytest.mark.parametrize("name", TRACK_TRANSITIONS)
@pytest.mark.parametrize("source", S.values)
def test_every_track_edge(client_manager, kind, name, source):
    track = ready_track(kind, source, name)
    target = EDGES.get((name, source))
    if target is None:
        with pytest.raises(ValidationError):
            run(name, track, client_manager)
        assert EnforcementTrack.objects.get(pk=track.pk).state == source
        assert track.history.count() == 1
    else:
        run(name, track, client_manager)
        assert EnforcementTrack.objects.get(pk=track.pk).state == target
        latest = track.history.first()
        assert (latest.state, latest.history_user) == (target, client_manager)
        assert latest.history_change_reason


DECISION_EDGES = {
    ("approve", D.PROPOSED): D.APPROVED,
    ("reject", D.PROPOSED): D.REJECTED,
    ("withdraw", D.PROPOSED): D.WITHDRAWN,
}


@pytest.mark.parametrize("name", DECISION_TRANSITIONS)
@pytest.mark.parametrize("source", D.values)
def test_every_decision_edge(client_manager, name, source):
    approver = lead()
    decision = make_decision(make_track(state=S.DECISION), state=source, effect_status="")
    actor = client_manager if name == "withdraw" else approver
    service = {
        "approve": services.approve_decision,
        "reject": services.reject_decision,
        "withdraw": services.withdraw_decision,
    }[name]
    target = DECISION_EDGES.get((name, source))
    if target is None:
        with pytest.raises(ValidationError):
            service(decision.pk, actor=actor, reason="Motivering")
        assert Decision.objects.get(pk=decision.pk).state == source
        assert decision.history.count() == 1
    else:
        service(decision.pk, actor=actor, reason="Motivering")
        assert Decision.objects.get(pk=decision.pk).state == target
        latest = decision.history.first()
        assert (latest.state, latest.history_user, latest.history_change_reason) == (
            target,
            actor,
            "Motivering",
        )


def test_a_full_licence_track_from_notice_to_closing(client_manager):
    approver = lead()
    track = make_track(state=S.FORMAL_NOTICE)
    services.announce_intention(
        track.pk,
        actor=client_manager,
        intended_measure=INTENDED[track.kind],
        details="Schorsing van een maand",
        response_deadline=days(14),
    )
    services.start_hearing(track.pk, actor=client_manager)
    services.record_hearing(
        track.pk, actor=client_manager, kind="talk", held_on=today(), summary="Gehoord"
    )
    services.conclude_hearing(track.pk, actor=client_manager)
    decision = services.propose_decision(
        track.pk, actor=client_manager, kind="fine", amount=750, due_date=days(30), grounds="x"
    )
    services.approve_decision(decision.pk, actor=approver)
    services.close_track(track.pk, actor=client_manager)
    track.refresh_from_db()
    assert track.state == S.CLOSED and track.closed_at is not None
    assert list(track.steps.values_list("kind", flat=True)) == [
        "intended_decision",
        "hearing",
        "decision",
    ]


def test_state_field_cannot_be_assigned_directly(db):
    track = make_track()
    with pytest.raises(AttributeError):
        track.state = S.CLOSED
