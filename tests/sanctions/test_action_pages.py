"""The action pages of a track: each step through its service, refusals shown on the form with the
input kept, a track changed meanwhile sent back to its page, permissions (403) before the scope
(404), and four eyes in the view: the proposer never sees the approval and is refused it."""

import pytest
from django.urls import reverse

from registry.models import LicenceStatus, Location
from sanctions.measures import DecisionKind
from sanctions.models import Decision, EffectStatus, EnforcementTrack, Objection, StepKind
from sanctions.workflow import DecisionState, ObjectionOutcome, TrackState
from supervision import roles
from tests.cases.support import case_handler
from tests.factories import UserFactory

from .pages_support import desk_track, messages_of, review_url, step_url, track_url
from .support import days, lead, make_decision, make_objection, make_track, today

pytestmark = pytest.mark.django_db

S = TrackState
D = DecisionState


def _state(track):
    return EnforcementTrack.objects.get(pk=track.pk).state


def _intention(track, **extra):
    return {
        "expected_state": track.state,
        "intended_measure": DecisionKind.FINE,
        "details": "€ 1.000",
        "response_deadline": days(14),
        **extra,
    }


# --- Workflow steps ---------------------------------------------------------------------------


def test_announcing_the_intended_decision(client, client_manager):
    track = make_track()
    client.force_login(client_manager)
    url = step_url(track, "announce_intention")
    assert client.get(url).status_code == 200
    response = client.post(url, _intention(track))
    assert response.status_code == 302 and response.url == track_url(track)
    track.refresh_from_db()
    assert (track.state, track.intended_measure) == (S.INTENDED_DECISION, DecisionKind.FINE)
    step = track.steps.get()
    assert (step.kind, step.deadline) == (StepKind.INTENDED_DECISION, days(14))


def test_a_step_refused_by_its_guard_says_why_and_keeps_the_input(client, client_manager):
    track = make_track(notice_deadline=days(5))
    client.force_login(client_manager)
    url = step_url(track, "announce_intention")
    assert "De termijn van de aanmaning is nog niet verstreken" in client.get(url).content.decode()
    response = client.post(url, _intention(track, details="Mijn detail"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "De termijn van de aanmaning is nog niet verstreken" in page and "Mijn detail" in page
    assert _state(track) == S.FORMAL_NOTICE


def test_the_intended_measure_is_required(client, client_manager):
    track = make_track()
    client.force_login(client_manager)
    response = client.post(
        step_url(track, "announce_intention"), _intention(track, intended_measure="")
    )
    assert "Geef de voorgenomen maatregel." in response.content.decode()
    assert _state(track) == S.FORMAL_NOTICE


def test_a_track_changed_meanwhile_goes_back_to_its_page(client, client_manager):
    track = make_track(state=S.INTENDED_DECISION)
    client.force_login(client_manager)
    response = client.post(
        step_url(track, "start_hearing"), {"expected_state": S.FORMAL_NOTICE, "reason": ""}
    )
    assert response.status_code == 302 and response.url == track_url(track)
    assert any("intussen gewijzigd" in text for text in messages_of(response))
    assert _state(track) == S.INTENDED_DECISION


def test_hearing_the_party_recording_and_concluding(client, client_manager):
    track = make_track(state=S.INTENDED_DECISION)
    client.force_login(client_manager)
    client.post(step_url(track, "start_hearing"), {"expected_state": track.state})
    assert _state(track) == S.HEARING
    # Concluding before the hearing is recorded is refused with the guard's message.
    track.refresh_from_db()
    EnforcementTrack.objects.filter(pk=track.pk).update(hearing_kind="", hearing_summary="")
    response = client.post(step_url(track, "conclude_hearing"), {"expected_state": S.HEARING})
    assert "Registreer eerst het horen" in response.content.decode()
    hearing = reverse("sanctions:hearing", args=[track.number])
    client.post(hearing, {"kind": "talk", "held_on": today(), "summary": "Gesprek gevoerd"})
    track.refresh_from_db()
    assert (track.hearing_kind, track.hearing_summary) == ("talk", "Gesprek gevoerd")
    client.post(step_url(track, "conclude_hearing"), {"expected_state": S.HEARING})
    assert _state(track) == S.DECISION


def test_the_hearing_is_recorded_only_in_the_hearing_step(client, client_manager):
    track = make_track(state=S.DECISION)
    client.force_login(client_manager)
    url = reverse("sanctions:hearing", args=[track.number])
    assert "novalidate" not in client.get(url).content.decode()
    response = client.post(url, {"kind": "talk", "held_on": today(), "summary": "Te laat"})
    assert "in de stap horen" in response.content.decode()
    assert EnforcementTrack.objects.get(pk=track.pk).hearing_summary == "Brief"


def test_closing_without_a_measure_needs_a_reason(client, client_manager):
    track = make_track()
    client.force_login(client_manager)
    url = step_url(track, "close_without_measure")
    response = client.post(url, {"expected_state": track.state, "reason": ""})
    assert "Geef de reden voor deze stap." in response.content.decode()
    client.post(url, {"expected_state": track.state, "reason": "Rechtgezet"})
    assert _state(track) == S.CLOSED
    assert EnforcementTrack.objects.get(pk=track.pk).steps.get().kind == StepKind.CLOSURE


def test_an_unknown_step_is_not_found(client, client_manager):
    track = make_track()
    client.force_login(client_manager)
    assert client.get(step_url(track, "lodge_objection")).status_code == 404
    assert client.get(step_url(track, "delete")).status_code == 404


@pytest.mark.parametrize("role", [roles.MANAGEMENT, roles.ENFORCEMENT_LEAD])
def test_steps_need_the_handling_permission(client, role):
    track = make_track()
    client.force_login(UserFactory(role=role))
    url = step_url(track, "close_without_measure")
    assert client.get(url).status_code == 403
    assert client.post(url, {"expected_state": track.state, "reason": "x"}).status_code == 403
    assert client.get(reverse("sanctions:hearing", args=[track.number])).status_code == 403
    assert _state(track) == S.FORMAL_NOTICE


def test_desk_staff_cannot_act_on_their_own_track(client):
    track, staff = desk_track(S.FORMAL_NOTICE)
    client.force_login(staff)
    response = client.post(
        step_url(track, "close_without_measure"), {"expected_state": track.state, "reason": "x"}
    )
    assert response.status_code == 403
    assert _state(track) == S.FORMAL_NOTICE


# --- Decisions and four eyes ------------------------------------------------------------------


def _propose(client, track, **data):
    values = {
        "kind": DecisionKind.FINE,
        "amount": "750",
        "due_date": days(30),
        "grounds": "Geen medewerking",
        **data,
    }
    return client.post(reverse("sanctions:decision-propose", args=[track.number]), values)


def test_proposing_a_fine(client, client_manager):
    track = make_track(state=S.DECISION)
    client.force_login(client_manager)
    response = _propose(client, track)
    assert response.status_code == 302
    decision = Decision.objects.get(track=track)
    assert (decision.state, decision.amount, decision.proposed_by) == (
        D.PROPOSED,
        750,
        client_manager,
    )


def test_a_field_the_measure_does_not_have_is_refused_next_to_it(client, client_manager):
    track = make_track(state=S.DECISION)
    client.force_login(client_manager)
    response = _propose(client, track, starts_on=days(1))
    form = response.context["form"]
    assert "Deze maatregel heeft dit veld niet" in " ".join(form.errors["starts_on"])
    assert not Decision.objects.exists()


def test_a_second_proposal_waits_for_the_first(client, client_manager):
    track = make_track(state=S.DECISION)
    make_decision(track, state=D.PROPOSED)
    client.force_login(client_manager)
    url = reverse("sanctions:decision-propose", args=[track.number])
    assert "wacht op goedkeuring" in client.get(url).content.decode()
    _propose(client, track)
    assert Decision.objects.filter(track=track).count() == 1


@pytest.fixture
def proposal(client):
    """A fine proposed through the page by a client manager who is also an enforcement lead."""
    proposer = case_handler("voorsteller")
    track = make_track(state=S.DECISION)
    client.force_login(proposer)
    _propose(client, track)
    return proposer, Decision.objects.get(track=track)


def test_the_proposer_is_never_offered_the_approval(client, proposal):
    proposer, decision = proposal
    page = client.get(track_url(decision.track)).content.decode()
    assert review_url(decision, "approve") not in page
    assert review_url(decision, "reject") not in page
    assert "U hebt deze beslissing zelf voorgesteld" in page
    assert review_url(decision, "withdraw") in page


def test_the_view_refuses_the_proposer_approval(client, proposal):
    proposer, decision = proposal
    url = review_url(decision, "approve")
    response = client.get(url)
    assert response.status_code == 403
    assert "U hebt deze beslissing zelf voorgesteld" in response.content.decode()
    response = client.post(url, {"expected_state": D.PROPOSED, "reason": "Akkoord"})
    assert response.status_code == 403
    response = client.post(
        review_url(decision, "reject"), {"expected_state": D.PROPOSED, "reason": "Toch niet"}
    )
    assert response.status_code == 403
    decision.refresh_from_db()
    assert (decision.state, decision.reviewed_by) == (D.PROPOSED, None)


def test_another_enforcement_lead_approves(client, proposal):
    _proposer, decision = proposal
    approver = lead()
    client.force_login(approver)
    page = client.get(track_url(decision.track)).content.decode()
    assert review_url(decision, "approve") in page
    response = client.post(review_url(decision, "approve"), {"expected_state": D.PROPOSED})
    assert response.status_code == 302
    assert "De beslissing is goedgekeurd." in messages_of(response)
    decision.refresh_from_db()
    assert (decision.state, decision.reviewed_by) == (D.APPROVED, approver)
    assert decision.track.steps.get(kind=StepKind.DECISION).decision == decision


def test_an_approval_of_a_decision_changed_meanwhile_goes_back(client, proposal):
    _proposer, decision = proposal
    Decision.objects.filter(pk=decision.pk).update(state=D.WITHDRAWN)
    client.force_login(lead())
    response = client.post(review_url(decision, "approve"), {"expected_state": D.PROPOSED})
    assert response.status_code == 302 and response.url == track_url(decision.track)
    assert Decision.objects.get(pk=decision.pk).state == D.WITHDRAWN


def test_a_rejection_needs_a_reason(client, proposal):
    _proposer, decision = proposal
    client.force_login(lead())
    url = review_url(decision, "reject")
    response = client.post(url, {"expected_state": D.PROPOSED, "reason": ""})
    assert "Geef de reden voor deze stap." in response.content.decode()
    client.post(url, {"expected_state": D.PROPOSED, "reason": "Bedrag te hoog"})
    assert Decision.objects.get(pk=decision.pk).state == D.REJECTED


def test_without_the_approval_permission_the_approval_is_forbidden(
    client, proposal, client_manager
):
    _proposer, decision = proposal
    client.force_login(client_manager)
    assert (
        review_url(decision, "approve")
        not in client.get(track_url(decision.track)).content.decode()
    )
    response = client.post(review_url(decision, "approve"), {"expected_state": D.PROPOSED})
    assert response.status_code == 403
    assert Decision.objects.get(pk=decision.pk).state == D.PROPOSED


def test_a_client_manager_withdraws_a_proposal(client, proposal, client_manager):
    _proposer, decision = proposal
    client.force_login(client_manager)
    client.post(review_url(decision, "withdraw"), {"expected_state": D.PROPOSED, "reason": "Fout"})
    assert Decision.objects.get(pk=decision.pk).state == D.WITHDRAWN


def test_an_unknown_review_or_decision_is_not_found(client, proposal):
    _proposer, decision = proposal
    client.force_login(lead())
    assert client.get(review_url(decision, "annul")).status_code == 404
    url = reverse(
        "sanctions:decision-review", args=[decision.track.number, "SAM-0-H1-B9", "approve"]
    )
    assert client.get(url).status_code == 404


def test_closing_the_track_after_the_approval(client, client_manager):
    track = make_track(state=S.DECISION)
    make_decision(track)
    client.force_login(client_manager)
    client.post(step_url(track, "close"), {"expected_state": S.DECISION})
    assert _state(track) == S.CLOSED


# --- Objections and notification dates -------------------------------------------------------


def test_recording_and_upholding_an_objection(client, client_manager):
    track = make_track(state=S.DECISION)
    decision = make_decision(track, DecisionKind.LICENCE_REVOCATION)
    location = track.locations.get()
    Location.objects.filter(pk=location.pk).update(licence_status=LicenceStatus.REVOKED)
    client.force_login(client_manager)
    client.post(
        reverse("sanctions:objection-lodge", args=[track.number]),
        {"expected_state": S.DECISION, "lodged_on": today(), "grounds": "Niet akkoord"},
    )
    objection = Objection.objects.get(decision=decision)
    assert _state(track) == S.OBJECTION
    decide = reverse("sanctions:objection-decide", args=[track.number, objection.pk])
    assert client.get(decide).status_code == 403  # a client manager does not decide
    client.force_login(lead())
    assert decide in client.get(track_url(track)).content.decode()
    client.post(
        decide,
        {
            "expected_state": ObjectionOutcome.PENDING,
            "outcome": ObjectionOutcome.UPHELD,
            "decided_on": today(),
            "grounds": "Gegrond",
        },
    )
    objection.refresh_from_db()
    decision.refresh_from_db()
    assert objection.outcome == ObjectionOutcome.UPHELD
    assert decision.effect_status == EffectStatus.ANNULLED
    location.refresh_from_db()
    assert location.licence_status == LicenceStatus.ACTIVE


def test_an_objection_needs_an_approved_measure(client, client_manager):
    track = make_track(state=S.DECISION)
    client.force_login(client_manager)
    url = reverse("sanctions:objection-lodge", args=[track.number])
    assert "Een bezwaar vraagt een goedgekeurde beslissing" in client.get(url).content.decode()


def test_a_decided_objection_is_not_decided_again(client):
    track = make_track(state=S.OBJECTION)
    objection = make_objection(make_decision(track), ObjectionOutcome.REJECTED)
    client.force_login(lead())
    url = reverse("sanctions:objection-decide", args=[track.number, objection.pk])
    assert "novalidate" not in client.get(url).content.decode()


def test_recording_the_notification_date_once(client, client_manager):
    track = make_track()
    step = track.steps.create(kind=StepKind.FORMAL_NOTICE, summary="x", created_by=client_manager)
    client.force_login(client_manager)
    url = reverse("sanctions:step-notification", args=[track.number, step.pk])
    assert url in client.get(track_url(track)).content.decode()
    response = client.post(url, {"notified_on": days(1)})
    assert "kan niet in de toekomst liggen" in response.content.decode()
    client.post(url, {"notified_on": today()})
    step.refresh_from_db()
    assert (step.notified_on, step.public_on) == (today(), days(3))
    assert "al geregistreerd" in client.get(url).content.decode()


def test_a_step_of_another_track_is_not_found(client, client_manager):
    track, other = make_track(), make_track()
    step = other.steps.create(kind=StepKind.FORMAL_NOTICE, summary="x", created_by=client_manager)
    client.force_login(client_manager)
    url = reverse("sanctions:step-notification", args=[track.number, step.pk])
    assert client.get(url).status_code == 404
