"""The admin reads tracks, steps, decisions and objections: nothing is added, changed or deleted
there, the states are never editable and the history's revert is off."""

import pytest
from django.urls import reverse

from sanctions.models import Decision, EnforcementTrack, Objection, TrackStep
from sanctions.workflow import TrackState

from .support import make_decision, make_objection, make_track


@pytest.fixture
def records(db):
    track = make_track(state=TrackState.OBJECTION)
    decision = make_decision(track)
    objection = make_objection(decision)
    step = TrackStep.objects.create(
        track=track, kind="decision", summary="x", created_by=decision.proposed_by
    )
    return {EnforcementTrack: track, Decision: decision, Objection: objection, TrackStep: step}


def _url(model, name, *args):
    return reverse(f"admin:sanctions_{model._meta.model_name}_{name}", args=args)


@pytest.mark.parametrize("model", [EnforcementTrack, Decision, Objection, TrackStep])
def test_the_admin_shows_but_never_writes(client, administrator, records, model):
    obj = records[model]
    client.force_login(administrator)
    assert client.get(_url(model, "changelist")).status_code == 200
    page = client.get(_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert b'name="state"' not in page.content and b'name="outcome"' not in page.content
    assert client.get(_url(model, "add")).status_code == 403
    before = model.objects.get(pk=obj.pk)
    client.post(_url(model, "change", obj.pk), {"state": "closed", "outcome": "upheld"})
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    after = model.objects.get(pk=obj.pk)
    assert [getattr(after, f.attname) for f in model._meta.concrete_fields] == [
        getattr(before, f.attname) for f in model._meta.concrete_fields
    ]


def test_the_history_cannot_be_reverted(client, administrator, records):
    track = records[EnforcementTrack]
    client.force_login(administrator)
    version = track.history.first().history_id
    url = reverse("admin:sanctions_enforcementtrack_simple_history", args=[track.pk, version])
    assert client.post(url, {}).status_code == 403
    assert EnforcementTrack.objects.get(pk=track.pk).state == TrackState.OBJECTION
