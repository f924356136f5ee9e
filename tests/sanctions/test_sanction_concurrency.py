"""Two enforcement leads approving the same decision at once: one approval, one refusal, and the
effect is applied once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from registry.models import LicenceStatus
from sanctions import services
from sanctions.workflow import DecisionState, TrackState

from .support import lead, make_decision, make_track


def test_two_leads_approving_at_once_apply_the_effect_once(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: run with DATABASE_URL=postgres://...")
    track = make_track(state=TrackState.DECISION)
    decision = make_decision(
        track, kind="licence_revocation", state=DecisionState.PROPOSED, effect_status=""
    )
    leads = [lead("eerste"), lead("tweede")]
    results = []
    barrier = threading.Barrier(2)

    def act(user):
        try:
            barrier.wait()
            services.approve_decision(
                decision.pk, actor=user, expected_state=DecisionState.PROPOSED
            )
            results.append("ok")
        except ValidationError:  # TrackChanged is one
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(user,)) for user in leads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    location = track.locations.get()
    assert location.licence_status == LicenceStatus.REVOKED
    assert location.history.count() == 2
    assert decision.history.count() == 2
    assert track.steps.count() == 1
