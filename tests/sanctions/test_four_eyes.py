"""A decision is approved or rejected by another person than its proposer, who holds the approval
permission: in the service, in the transition's permission (what pages ask) and in the admin."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_fsm import has_transition_perm

from registry.models import LicenceStatus, Location
from sanctions import services
from sanctions.models import Decision
from sanctions.workflow import DecisionState, TrackState
from tests.cases.support import case_handler

from .support import days, lead, make_track

D = DecisionState


@pytest.fixture
def proposer(db):
    """A client manager who is also an enforcement lead: holds the approval permission."""
    return case_handler("voorsteller")


def _suspension(proposer):
    track = make_track(state=TrackState.DECISION)
    decision = services.propose_decision(
        track.pk,
        actor=proposer,
        kind="licence_suspension",
        starts_on=days(0),
        ends_on=days(30),
        grounds="Geen medewerking na aanmaning",
    )
    return track, decision


def test_the_proposer_cannot_approve_their_own_decision(proposer):
    track, decision = _suspension(proposer)
    assert proposer.has_perm("sanctions.approve_decision")
    with pytest.raises(PermissionDenied, match="zelf voorgesteld"):
        services.approve_decision(decision.pk, actor=proposer)
    decision.refresh_from_db()
    assert (decision.state, decision.reviewed_by) == (D.PROPOSED, None)
    assert decision.history.count() == 1
    location = track.locations.get()
    assert location.licence_status == LicenceStatus.ACTIVE
    assert location.history.count() == 1


def test_the_proposer_cannot_reject_their_own_decision(proposer):
    _track, decision = _suspension(proposer)
    with pytest.raises(PermissionDenied, match="zelf voorgesteld"):
        services.reject_decision(decision.pk, actor=proposer, reason="Toch niet")
    assert Decision.objects.get(pk=decision.pk).state == D.PROPOSED


def test_without_the_approval_permission_no_one_approves(proposer, client_manager):
    _track, decision = _suspension(proposer)
    with pytest.raises(PermissionDenied):
        services.approve_decision(decision.pk, actor=client_manager)
    assert Decision.objects.get(pk=decision.pk).state == D.PROPOSED


def test_another_enforcement_lead_approves(proposer):
    approver = lead()
    track, decision = _suspension(proposer)
    services.approve_decision(decision.pk, actor=approver)
    decision.refresh_from_db()
    assert (decision.state, decision.reviewed_by, decision.proposed_by) == (
        D.APPROVED,
        approver,
        proposer,
    )
    assert track.locations.get().licence_status == LicenceStatus.SUSPENDED


def test_the_transition_permission_tells_pages_who_may_approve(proposer, client_manager):
    _track, decision = _suspension(proposer)
    assert not has_transition_perm(decision.approve, proposer)
    assert not has_transition_perm(decision.approve, client_manager)
    assert has_transition_perm(decision.approve, lead())


def _admin_approve(client, user, decision):
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client.post(
        reverse("admin:sanctions_decision_changelist"),
        {"action": "approve", "_selected_action": [decision.pk]},
        follow=True,
    )


def test_the_admin_action_refuses_the_proposer(client, proposer):
    track, decision = _suspension(proposer)
    response = _admin_approve(client, proposer, decision)
    assert response.status_code == 200
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("zelf voorgesteld" in text for text in texts), texts
    assert Decision.objects.get(pk=decision.pk).state == D.PROPOSED
    assert Location.objects.get(pk=track.locations.get().pk).licence_status == LicenceStatus.ACTIVE


def test_the_admin_action_approves_for_another_lead(client, proposer):
    track, decision = _suspension(proposer)
    approver = lead()
    _admin_approve(client, approver, decision)
    decision.refresh_from_db()
    assert (decision.state, decision.reviewed_by) == (D.APPROVED, approver)
    assert track.locations.get().licence_status == LicenceStatus.SUSPENDED


def test_the_admin_offers_no_approval_without_the_permission(client, administrator, proposer):
    _track, decision = _suspension(proposer)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:sanctions_decision_changelist"),
        {"action": "approve", "_selected_action": [decision.pk]},
    )
    assert response.status_code in (200, 302)
    assert Decision.objects.get(pk=decision.pk).state == D.PROPOSED
