"""A suspension is lifted by the daily task on its end date, and one approved to start later takes
effect on its start date: with history on the location or desk (no user: the system) and on the
decision. Time travels with time-machine."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from registry import services as registry
from registry.models import Desk, DeskStatus, LicenceStatus
from sanctions import services
from sanctions.measures import TrackKind
from sanctions.models import Decision, EffectStatus
from sanctions.tasks import apply_suspension_dates
from sanctions.workflow import TrackState

from .support import lead, make_track

L = LicenceStatus
START = datetime.date(2026, 3, 2)


def _at(date):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(date, datetime.time(9))), tick=False
    )


def _suspend(client_manager, kind=TrackKind.LICENCE, starts_on=START, days=30):
    track = make_track(kind, TrackState.DECISION)
    measure = "licence_suspension" if kind == TrackKind.LICENCE else "subsidy_suspension"
    decision = services.propose_decision(
        track.pk,
        actor=client_manager,
        kind=measure,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days),
        grounds="Geen medewerking",
    )
    services.approve_decision(decision.pk, actor=lead())
    return track, Decision.objects.get(pk=decision.pk)


@pytest.mark.django_db
def test_a_licence_suspension_is_lifted_on_its_end_date(client_manager):
    with _at(START):
        track, decision = _suspend(client_manager)
    location = track.locations.get()
    end = decision.ends_on
    with _at(end - datetime.timedelta(days=1)):
        assert apply_suspension_dates.delay().get() == {"started": [], "lifted": []}
    location.refresh_from_db()
    assert location.licence_status == L.SUSPENDED
    with _at(end):
        assert apply_suspension_dates.delay().get() == {"started": [], "lifted": [decision.number]}
    location.refresh_from_db()
    assert location.licence_status == L.ACTIVE
    row = location.history.first()
    assert (row.licence_status, row.history_user) == (L.ACTIVE, None)
    assert decision.number in row.history_change_reason
    assert row.history_date.date() == end
    decision.refresh_from_db()
    assert decision.effect_status == EffectStatus.ENDED
    assert decision.history.first().history_change_reason == "Schorsing opgeheven op de einddatum"
    with _at(end + datetime.timedelta(days=1)):
        assert services.lift_ended_suspensions() == []


@pytest.mark.django_db
def test_a_subsidy_suspension_is_lifted_on_its_end_date(client_manager):
    with _at(START):
        track, decision = _suspend(client_manager, TrackKind.SUBSIDY)
    assert Desk.objects.get(pk=track.desk_id).status == DeskStatus.SUBSIDY_SUSPENDED
    with _at(decision.ends_on):
        services.lift_ended_suspensions()
    desk = Desk.objects.get(pk=track.desk_id)
    assert desk.status == DeskStatus.SUBSIDISED
    assert decision.number in desk.history.first().history_change_reason


@pytest.mark.django_db
def test_a_suspension_approved_to_start_later_takes_effect_on_its_start_date(client_manager):
    later = START + datetime.timedelta(days=14)
    with _at(START):
        track, decision = _suspend(client_manager, starts_on=later)
    location = track.locations.get()
    assert (decision.effect_status, location.licence_status) == (EffectStatus.PENDING, L.ACTIVE)
    with _at(later - datetime.timedelta(days=1)):
        assert services.start_due_suspensions() == []
    with _at(later):
        assert services.start_due_suspensions() == [decision.number]
    location.refresh_from_db()
    assert location.licence_status == L.SUSPENDED
    row = location.history.first()
    assert row.history_user is None and decision.number in row.history_change_reason
    assert Decision.objects.get(pk=decision.pk).effect_status == EffectStatus.IN_FORCE


@pytest.mark.django_db
def test_a_suspension_that_cannot_start_is_retried_and_holds_up_no_other(client_manager):
    later = START + datetime.timedelta(days=5)
    with _at(START):
        blocked, first = _suspend(client_manager, starts_on=later)
        free, second = _suspend(client_manager, starts_on=later)
    registry.change_licence_status(
        blocked.locations.get().pk, "stop_location", actor=None, reason="Stopgezet"
    )
    with _at(later):
        assert services.start_due_suspensions() == [second.number]
    assert Decision.objects.get(pk=first.pk).effect_status == EffectStatus.PENDING
    assert free.locations.get().licence_status == L.SUSPENDED


@pytest.mark.django_db
def test_a_suspension_whose_location_was_revoked_meanwhile_ends_without_reactivating_it(
    client_manager,
):
    with _at(START):
        track, decision = _suspend(client_manager)
    location = track.locations.get()
    registry.change_licence_status(location.pk, "revoke_licence", actor=None, reason="Opgeheven")
    with _at(decision.ends_on):
        assert services.lift_ended_suspensions() == [decision.number]
    location.refresh_from_db()
    assert location.licence_status == L.REVOKED
