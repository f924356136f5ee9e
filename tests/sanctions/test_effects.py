"""Approving a decision applies its effect to the locations' licence status or the desk's status,
with a history row naming the decision; an upheld objection reverts it, with history too."""

import pytest
from django.core.exceptions import ValidationError

from registry import services as registry
from registry.models import Desk, DeskStatus, LicenceStatus, Location
from sanctions import services
from sanctions.measures import TrackKind
from sanctions.models import Decision, EffectStatus, EnforcementTrack, StepKind
from sanctions.workflow import DecisionState, ObjectionOutcome, TrackState
from tests.factories import LocationFactory

from .support import days, lead, make_track, today

L = LicenceStatus


@pytest.fixture
def approver(db):
    return lead("goedkeurder")


def _approved(track, proposer, approver, **fields):
    decision = services.propose_decision(
        track.pk, actor=proposer, grounds="Geen beterschap", **fields
    )
    return services.approve_decision(decision.pk, actor=approver)


def _objection_decided(track, decision, client_manager, approver, outcome):
    objection = services.lodge_objection(
        track.pk, actor=client_manager, lodged_on=today(), grounds="Niet akkoord"
    )
    return services.decide_objection(
        objection.pk, actor=approver, outcome=outcome, decided_on=today(), grounds="Motivering"
    )


def _latest(obj):
    return obj.history.first()


def test_a_licence_suspension_suspends_every_location_with_history(client_manager, approver):
    track = make_track(state=TrackState.DECISION)
    second = LocationFactory(organisation=track.case.about_organisation)
    track.locations.add(second)
    decision = _approved(
        track,
        client_manager,
        approver,
        kind="licence_suspension",
        starts_on=today(),
        ends_on=days(30),
    )
    assert decision.effect_status == EffectStatus.IN_FORCE
    for location in Location.objects.filter(enforcement_tracks=track):
        assert location.licence_status == L.SUSPENDED
        row = _latest(location)
        assert (row.licence_status, row.history_user) == (L.SUSPENDED, approver)
        assert decision.number in row.history_change_reason
        assert "schorsing van de vergunning" in row.history_change_reason
    step = track.steps.get(kind=StepKind.DECISION)
    assert step.decision == decision


def test_a_revocation_revokes_and_an_upheld_objection_restores_the_licence(
    client_manager, approver
):
    track = make_track(state=TrackState.DECISION)
    decision = _approved(track, client_manager, approver, kind="licence_revocation")
    location = track.locations.get()
    assert location.licence_status == L.REVOKED
    _objection_decided(track, decision, client_manager, approver, ObjectionOutcome.UPHELD)
    location.refresh_from_db()
    assert location.licence_status == L.ACTIVE
    row = _latest(location)
    assert (row.licence_status, row.history_user) == (L.ACTIVE, approver)
    assert f"Bezwaar tegen beslissing {decision.number} gegrond" in row.history_change_reason
    decision.refresh_from_db()
    assert decision.effect_status == EffectStatus.ANNULLED
    assert _latest(decision).history_change_reason == "Bezwaar gegrond: beslissing vernietigd"
    assert track.steps.filter(kind=StepKind.OBJECTION_DECISION).count() == 1


def test_an_upheld_objection_lifts_a_licence_suspension(client_manager, approver):
    track = make_track(state=TrackState.DECISION)
    decision = _approved(
        track,
        client_manager,
        approver,
        kind="licence_suspension",
        starts_on=today(),
        ends_on=days(30),
    )
    _objection_decided(track, decision, client_manager, approver, ObjectionOutcome.UPHELD)
    location = track.locations.get()
    assert location.licence_status == L.ACTIVE
    assert location.history.count() == 3  # created, suspended, lifted after the objection


def test_a_rejected_objection_leaves_the_effect(client_manager, approver):
    track = make_track(state=TrackState.DECISION)
    decision = _approved(track, client_manager, approver, kind="licence_revocation")
    _objection_decided(track, decision, client_manager, approver, ObjectionOutcome.REJECTED)
    assert track.locations.get().licence_status == L.REVOKED
    decision.refresh_from_db()
    assert decision.effect_status == EffectStatus.IN_FORCE


def test_a_fine_changes_no_status_and_an_upheld_objection_annuls_it(client_manager, approver):
    track = make_track(state=TrackState.DECISION)
    decision = _approved(
        track, client_manager, approver, kind="fine", amount=1500, due_date=days(30)
    )
    location = track.locations.get()
    assert (location.licence_status, location.history.count()) == (L.ACTIVE, 1)
    assert decision.effect_status == EffectStatus.IN_FORCE
    assert decision.measure == "bestuurlijke geldboete van € 1.500,00, te betalen uiterlijk op " + (
        days(30).strftime("%d/%m/%Y")
    )
    _objection_decided(track, decision, client_manager, approver, ObjectionOutcome.UPHELD)
    decision.refresh_from_db()
    assert decision.effect_status == EffectStatus.ANNULLED
    assert location.history.count() == 1


@pytest.mark.parametrize(
    ("kind", "applied"),
    [
        ("subsidy_suspension", DeskStatus.SUBSIDY_SUSPENDED),
        ("subsidy_termination", DeskStatus.SUBSIDY_WITHDRAWN),
    ],
)
def test_subsidy_measures_change_the_desk_and_an_upheld_objection_reinstates_it(
    client_manager, approver, kind, applied
):
    track = make_track(TrackKind.SUBSIDY, TrackState.DECISION)
    period = {"starts_on": today(), "ends_on": days(60)} if kind == "subsidy_suspension" else {}
    decision = _approved(track, client_manager, approver, kind=kind, **period)
    desk = Desk.objects.get(pk=track.desk_id)
    assert desk.status == applied
    assert decision.number in _latest(desk).history_change_reason
    _objection_decided(track, decision, client_manager, approver, ObjectionOutcome.UPHELD)
    desk.refresh_from_db()
    assert desk.status == DeskStatus.SUBSIDISED
    row = _latest(desk)
    assert (row.status, row.history_user) == (DeskStatus.SUBSIDISED, approver)
    assert decision.number in row.history_change_reason


def test_a_subsidy_recovery_changes_no_status(client_manager, approver):
    track = make_track(TrackKind.SUBSIDY, TrackState.DECISION)
    _approved(track, client_manager, approver, kind="subsidy_recovery", amount=2500)
    assert Desk.objects.get(pk=track.desk_id).status == DeskStatus.SUBSIDISED


def test_no_measure_has_no_effect(client_manager, approver):
    track = make_track(state=TrackState.DECISION)
    decision = _approved(track, client_manager, approver, kind="no_measure")
    assert decision.effect_status == ""
    assert not decision.imposes_measure
    assert track.locations.get().licence_status == L.ACTIVE


def test_approval_is_refused_when_the_effect_cannot_apply_and_nothing_changes(
    client_manager, approver
):
    track = make_track(state=TrackState.DECISION)
    stopped = LocationFactory(organisation=track.case.about_organisation, licence_status=L.STOPPED)
    track.locations.add(stopped)
    decision = services.propose_decision(
        track.pk, actor=client_manager, kind="licence_revocation", grounds="x"
    )
    with pytest.raises(ValidationError, match=stopped.name):
        services.approve_decision(decision.pk, actor=approver)
    assert Decision.objects.get(pk=decision.pk).state == DecisionState.PROPOSED
    assert set(
        Location.objects.filter(enforcement_tracks=track).values_list("licence_status", flat=True)
    ) == {
        L.ACTIVE,
        L.STOPPED,
    }
    assert not track.steps.exists()


def test_an_upheld_objection_skips_a_location_whose_status_changed_since(client_manager, approver):
    track = make_track(state=TrackState.DECISION)
    decision = _approved(
        track,
        client_manager,
        approver,
        kind="licence_suspension",
        starts_on=today(),
        ends_on=days(30),
    )
    location = track.locations.get()
    registry.change_licence_status(location.pk, "stop_location", actor=None, reason="Stopgezet")
    _objection_decided(track, decision, client_manager, approver, ObjectionOutcome.UPHELD)
    location.refresh_from_db()
    assert location.licence_status == L.STOPPED
    assert Decision.objects.get(pk=decision.pk).effect_status == EffectStatus.ANNULLED


def test_a_suspension_that_starts_later_waits_and_an_upheld_objection_cancels_it(
    client_manager, approver
):
    track = make_track(state=TrackState.DECISION)
    decision = _approved(
        track,
        client_manager,
        approver,
        kind="licence_suspension",
        starts_on=days(10),
        ends_on=days(40),
    )
    assert decision.effect_status == EffectStatus.PENDING
    assert track.locations.get().licence_status == L.ACTIVE
    _objection_decided(track, decision, client_manager, approver, ObjectionOutcome.UPHELD)
    assert Decision.objects.get(pk=decision.pk).effect_status == EffectStatus.ANNULLED
    assert services.start_due_suspensions(days(10)) == []
    assert track.locations.get().licence_status == L.ACTIVE


def test_the_track_closes_after_the_objection_is_decided(client_manager, approver):
    track = make_track(state=TrackState.DECISION)
    decision = _approved(track, client_manager, approver, kind="licence_revocation")
    _objection_decided(track, decision, client_manager, approver, ObjectionOutcome.REJECTED)
    services.close_track(track.pk, actor=client_manager)
    assert EnforcementTrack.objects.get(pk=track.pk).state == TrackState.CLOSED
