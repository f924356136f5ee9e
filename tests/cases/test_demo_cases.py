"""The demo cases: deterministic, every state and outcome, history per step, removed by reset."""

from collections import Counter

import pytest
from django.db.models import Count

from cases import demo as cases_demo
from cases.models import Advice, AdviceVerdict, Case, Notification, Signal, Talk
from cases.workflow import OPEN_STATES, CaseState, Outcome
from registry import demo

SCALE = 0.3


def counts():
    return {
        "cases": Counter(Case.objects.values_list("state", flat=True)),
        "signals": Signal.objects.count(),
        "talks": Talk.objects.count(),
        "advice": Advice.objects.count(),
        "history": Case.history.count(),
        "numbers": sorted(Case.objects.values_list("number", flat=True)),
    }


@pytest.fixture
def demo_cases(db):
    demo.build_demo(scale=0.05)
    demo.create_demo_users()
    return cases_demo.build_cases(scale=SCALE)


def test_the_same_seed_builds_the_same_cases(demo_cases):
    first = counts()
    assert first["signals"] > sum(first["cases"].values()) > 0
    cases_demo.wipe_cases()
    assert cases_demo.cases_are_empty()
    cases_demo.build_cases(scale=SCALE)
    assert counts() == first


def test_cases_cover_the_states_and_mediation_outcomes(demo_cases):
    states = set(Case.objects.values_list("state", flat=True))
    assert {CaseState.CLOSED, CaseState.RECEIVED, CaseState.INVESTIGATION} <= states
    assert Case.objects.filter(outcome=Outcome.RESOLVED_MEDIATION).exists()
    assert not Case.objects.filter(state=CaseState.CLOSED, outcome="").exists()
    assert not Case.objects.exclude(state=CaseState.CLOSED).exclude(outcome="").exists()
    assert Case.objects.filter(state__in=OPEN_STATES, deadline__isnull=True).count() == 0
    # Signals without a case wait for a client manager.
    assert Signal.objects.filter(case__isnull=True).exists()


def test_each_step_has_a_history_row_in_time_order(demo_cases):
    closed = Case.objects.filter(outcome=Outcome.RESOLVED_MEDIATION).first()
    rows = list(closed.history.order_by("history_date", "history_id"))
    assert rows[0].history_type == "+"
    assert [row.state for row in rows if row.state != rows[0].state][-1] == CaseState.CLOSED
    assert [r.history_date for r in rows] == sorted(r.history_date for r in rows)
    assert all(row.history_change_reason for row in rows)
    assert closed.talks.exists()
    assert closed.number.startswith(f"SAM-{closed.year}-")
    # Every case has its creation row; every assigned case a row naming the assignment.
    per_case = Case.history.values("id").annotate(n=Count("history_id"))
    assert {row["id"] for row in per_case} == set(Case.objects.values_list("pk", flat=True))


def test_the_demo_client_manager_has_cases_and_local_governments_gave_advice(demo_cases):
    assert Case.objects.filter(assignee__username="klantenbeheerder").exists()
    assert Notification.objects.filter(status="sent").exists()
    assert Advice.objects.filter(
        verdict=AdviceVerdict.NEGATIVE, cooperation_shortfall=True
    ).exists()
    assert Advice.objects.filter(municipality__nis_code="44021").exists()
    assert not Advice.objects.filter(verdict=AdviceVerdict.NEGATIVE, score__isnull=False).exists()


def test_cases_in_enforcement_get_their_track_and_reset_removes_it(demo_cases):
    from sanctions import demo as sanctions_demo
    from sanctions.models import EnforcementTrack

    opened = sanctions_demo.build_tracks()
    tracks = EnforcementTrack.objects.select_related("case")
    assert len(tracks) == opened
    assert all(track.case.state == CaseState.ENFORCEMENT for track in tracks)
    assert all(track.steps.count() == 1 and track.history.exists() for track in tracks)
    assert sanctions_demo.build_tracks() == 0  # only cases without a track
    sanctions_demo.wipe_tracks()
    cases_demo.wipe_cases()
    assert not EnforcementTrack.objects.exists() and cases_demo.cases_are_empty()


def test_cases_closed_after_enforcement_get_their_closed_track(demo_cases):
    from sanctions import demo as sanctions_demo
    from sanctions.models import Decision, EnforcementTrack
    from sanctions.queries import enforcement_outcome
    from sanctions.workflow import TrackState

    closed, fines = sanctions_demo.build_history()
    enforced = Case.objects.filter(
        outcome__in=[Outcome.SANCTION_IMPOSED, Outcome.NO_SANCTION_AFTER_ENFORCEMENT]
    )
    assert closed == enforced.count() > 0
    assert fines == Decision.objects.filter(state="approved", kind="fine").count() > 0
    for case in enforced:
        # The case's outcome is the one its tracks lead to, as the closing guard requires.
        assert enforcement_outcome(case) == case.outcome
    for track in EnforcementTrack.objects.filter(state=TrackState.CLOSED):
        rows = list(track.history.order_by("history_date"))
        assert rows[0].state == TrackState.FORMAL_NOTICE and rows[-1].state == TrackState.CLOSED
        assert track.steps.filter(kind="formal_notice").exists()
        assert track.locations.exists()
    assert sanctions_demo.build_history() == (0, 0)
