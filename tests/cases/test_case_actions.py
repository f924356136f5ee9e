"""The workflow steps on a case page: shown only as far as the user may take them (a step that
cannot be taken now says why), and each step page refusing what it must refuse."""

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Case, CaseNote, Talk, TalkParty
from cases.workflow import CaseState, Outcome, TalkOutcome
from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality

from .action_support import actions_html, case_url, messages_of, unscoped_user_with
from .support import case_handler, make_case

S = CaseState


@pytest.fixture
def handler(db):
    return case_handler()


def step_url(case, name):
    return reverse("cases:case-transition", args=[case.number, name])


def logged_in(client, user):
    client.force_login(user)
    return client


# The partial: only what the user may do -------------------------------------------------------


def test_the_steps_possible_from_the_state_are_links(handler):
    case = make_case(S.RECEIVED, assignee=handler)
    html = actions_html(handler, case)
    assert step_url(case, "start_investigation") in html
    assert step_url(case, "close") in html
    # Not steps from "received": no link, and no noise either.
    assert step_url(case, "escalate") not in html
    assert step_url(case, "reopen") not in html


def test_a_refused_step_shows_why_instead_of_a_link(handler):
    case = make_case(S.RECEIVED)
    html = actions_html(handler, case)
    assert step_url(case, "start_investigation") not in html
    assert "Wijs eerst een klantenbeheerder toe" in html


def test_closing_from_enforcement_is_refused_until_the_track_is_decided(handler):
    html = actions_html(handler, make_case(S.ENFORCEMENT))
    assert "handhavingstraject" in html
    assert "/stap/close/" not in html


def test_escalating_from_investigation_links_to_the_page_that_asks_why_the_talk_is_skipped(
    handler,
):
    case = make_case(S.INVESTIGATION)
    assert step_url(case, "escalate") in actions_html(handler, case)


def test_only_reopening_is_offered_on_a_closed_case(handler):
    case = make_case(S.CLOSED, outcome=Outcome.UNFOUNDED)
    html = actions_html(handler, case)
    assert step_url(case, "reopen") in html
    for name in ("start_investigation", "start_talk", "escalate", "close"):
        assert step_url(case, name) not in html
    assert reverse("cases:case-assign", args=[case.number]) not in html
    assert reverse("cases:case-deadline", args=[case.number]) not in html


def test_a_client_manager_cannot_reopen(client_manager):
    case = make_case(S.CLOSED, outcome=Outcome.UNFOUNDED)
    assert step_url(case, "reopen") not in actions_html(client_manager, case)


def test_the_assign_form_offers_only_active_case_handlers(handler, client_manager):
    inactive = UserFactory(username="vertrokken", role=roles.CLIENT_MANAGER, is_active=False)
    manager = UserFactory(username="directie", role=roles.MANAGEMENT)
    html = actions_html(handler, make_case(S.RECEIVED))
    assert f'value="{client_manager.pk}"' in html
    assert f'value="{inactive.pk}"' not in html
    assert f'value="{manager.pk}"' not in html


def _users_without_handling():
    desk = DeskFactory(municipalities=["11002"])
    return desk, [
        UserFactory(username="loket", role=roles.DESK_STAFF, desks=[desk]),
        UserFactory(
            username="gemeente",
            role=roles.LOCAL_GOVERNMENT,
            municipalities=[municipality("11002")],
        ),
        UserFactory(username="directie", role=roles.MANAGEMENT),
    ]


def test_desk_staff_local_governments_and_management_see_no_actions(db):
    desk, users = _users_without_handling()
    case = make_case(S.INVESTIGATION, about_desk=desk)
    for user in users:
        assert Case.objects.for_user(user).filter(pk=case.pk).exists()
        assert "<form" not in actions_html(user, case)
        assert "/stap/" not in actions_html(user, case)


def test_the_case_page_shows_the_actions(client, handler):
    case = make_case(S.RECEIVED, assignee=handler)
    response = logged_in(client, handler).get(case_url(case))
    assert response.status_code == 200
    assert step_url(case, "start_investigation") in response.text
    assert reverse("cases:case-assign", args=[case.number]) in response.text


# The step pages -------------------------------------------------------------------------------


def test_the_step_page_says_what_happens_and_keeps_the_state_it_was_rendered_in(client, handler):
    case = make_case(S.RECEIVED, assignee=handler)
    response = logged_in(client, handler).get(step_url(case, "start_investigation"))
    assert response.status_code == 200
    assert "Het dossier gaat van “ontvangen” naar “onderzoek”." in response.text
    assert 'name="expected_state" value="received"' in response.text


def test_a_step_page_for_a_refused_step_says_why_and_has_no_form(client, handler):
    case = make_case(S.RECEIVED)
    response = logged_in(client, handler).get(step_url(case, "start_investigation"))
    assert "Wijs eerst een klantenbeheerder toe" in response.text
    assert 'name="expected_state"' not in response.text


def test_the_closing_page_offers_only_the_outcomes_possible_from_the_state(client, handler):
    case = make_case(S.INVESTIGATION)
    response = logged_in(client, handler).get(step_url(case, "close"))
    assert f'value="{Outcome.UNFOUNDED}"' in response.text
    assert f'value="{Outcome.SANCTION_IMPOSED}"' not in response.text
    response = client.post(
        step_url(case, "close"),
        {"expected_state": S.INVESTIGATION, "outcome": Outcome.SANCTION_IMPOSED, "reason": "x"},
    )
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).state == S.INVESTIGATION


def test_closing_from_the_page_records_the_outcome_and_the_reason(client, handler):
    case = make_case(S.TALK)
    response = logged_in(client, handler).post(
        step_url(case, "close"),
        {
            "expected_state": S.TALK,
            "outcome": Outcome.RESOLVED_MEDIATION,
            "reason": "Samenwerking hersteld na bemiddeling",
        },
    )
    assert response.status_code == 302
    assert response.url == case_url(case)
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.outcome) == (S.CLOSED, Outcome.RESOLVED_MEDIATION)
    latest = case.history.first()
    assert latest.history_change_reason == "Samenwerking hersteld na bemiddeling"
    assert latest.history_user == handler


@pytest.mark.parametrize("name", ["close", "escalate", "reopen"])
def test_a_step_that_needs_a_reason_is_refused_without_one(client, handler, name):
    state = {"close": S.TALK, "escalate": S.TALK, "reopen": S.CLOSED}[name]
    case = make_case(state, outcome=Outcome.UNFOUNDED if state == S.CLOSED else "")
    data = {
        "expected_state": state,
        "reason": "   ",
        "outcome": Outcome.WITHDRAWN,
        "skip_talk_reason": "De organisator weigert elk gesprek",
    }
    response = logged_in(client, handler).post(step_url(case, name), data)
    assert response.status_code == 200
    assert "Geef de reden voor deze stap." in response.text
    if name == "escalate":
        assert "De organisator weigert elk gesprek" in response.text
    assert Case.objects.get(pk=case.pk).state == state
    assert case.history.count() == 1


def test_a_guard_refusal_is_shown_on_the_page_with_the_input_kept(client, handler):
    case = make_case(S.RECEIVED)
    response = logged_in(client, handler).post(
        step_url(case, "start_investigation"),
        {"expected_state": S.RECEIVED, "reason": "Meteen starten"},
    )
    assert response.status_code == 200
    assert "Wijs eerst een klantenbeheerder toe" in response.text
    assert "Meteen starten" in response.text
    assert case.history.count() == 1


def test_escalating_without_a_failed_talk_asks_why_the_talk_is_skipped(client, handler):
    case = make_case(S.INVESTIGATION)
    client = logged_in(client, handler)
    assert 'name="skip_talk_reason"' in client.get(step_url(case, "escalate")).text
    data = {"expected_state": S.INVESTIGATION, "reason": "Ernstige tekortkoming"}
    response = client.post(step_url(case, "escalate"), data)
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).state == S.INVESTIGATION
    data["skip_talk_reason"] = "De organisator weigert elk gesprek"
    assert client.post(step_url(case, "escalate"), data).status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.talk_skip_reason) == (S.ENFORCEMENT, data["skip_talk_reason"])


def test_escalating_after_a_failed_talk_does_not_ask_to_skip_it(client, handler):
    case = make_case(S.TALK)
    Talk.objects.create(
        case=case,
        held_on="2026-01-05",
        participants="Loket",
        party=TalkParty.PROVIDER,
        outcome=TalkOutcome.SHORTFALL_PERSISTS,
        recorded_by=handler,
    )
    response = logged_in(client, handler).get(step_url(case, "escalate"))
    assert 'name="skip_talk_reason"' not in response.text


def test_a_step_on_a_case_changed_meanwhile_sends_back_to_the_case_with_a_message(client, handler):
    case = make_case(S.INVESTIGATION)
    response = logged_in(client, handler).post(
        step_url(case, "close"),
        {"expected_state": S.RECEIVED, "outcome": Outcome.UNFOUNDED, "reason": "Ongegrond"},
    )
    assert response.status_code == 302
    assert response.url == case_url(case)
    assert any("Iemand anders heeft dit dossier" in text for text in messages_of(response))
    assert Case.objects.get(pk=case.pk).state == S.INVESTIGATION
    assert case.history.count() == 1


def test_an_unknown_step_is_404(client, handler):
    case = make_case(S.RECEIVED)
    assert logged_in(client, handler).get(step_url(case, "delete")).status_code == 404


def test_a_case_out_of_scope_is_404(client, db):
    outsider = unscoped_user_with("cases.handle_case", "cases.reopen_case", "cases.add_casenote")
    case = make_case(S.RECEIVED, assignee=outsider)
    client = logged_in(client, outsider)
    assert client.get(step_url(case, "start_investigation")).status_code == 404
    assert client.post(step_url(case, "close"), {"expected_state": S.RECEIVED}).status_code == 404
    for name in ("case-assign", "case-note", "case-deadline", "case-talk", "case-desk-efforts"):
        assert client.get(reverse(f"cases:{name}", args=[case.number])).status_code == 404


def test_users_without_the_permission_are_forbidden(client, db):
    desk, users = _users_without_handling()
    case = make_case(S.RECEIVED, about_desk=desk)
    data = {"expected_state": S.RECEIVED, "reason": "x", "text": "x"}
    for user in users:
        client = logged_in(Client(), user)
        for name in ("start_investigation", "close", "reopen"):
            assert client.post(step_url(case, name), data).status_code == 403
        for name in ("case-assign", "case-note", "case-deadline", "case-talk", "case-desk-efforts"):
            url = reverse(f"cases:{name}", args=[case.number])
            assert client.get(url).status_code == 403
            assert client.post(url, data).status_code == 403
    assert case.history.count() == 1
    assert not CaseNote.objects.exists()


def test_a_client_manager_may_not_reopen(client, client_manager):
    case = make_case(S.CLOSED, outcome=Outcome.UNFOUNDED)
    response = logged_in(client, client_manager).post(
        step_url(case, "reopen"), {"expected_state": S.CLOSED, "reason": "Nieuwe feiten"}
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).state == S.CLOSED


def test_a_step_without_the_csrf_token_is_refused(handler):
    case = make_case(S.RECEIVED, assignee=handler)
    client = logged_in(Client(enforce_csrf_checks=True), handler)
    response = client.post(step_url(case, "start_investigation"), {"expected_state": S.RECEIVED})
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).state == S.RECEIVED


# Assignment and notes -------------------------------------------------------------------------


def test_assigning_from_the_case_page(client, handler, client_manager):
    case = make_case(S.RECEIVED)
    response = logged_in(client, handler).post(
        reverse("cases:case-assign", args=[case.number]), {"assignee": client_manager.pk}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).assignee == client_manager


def test_a_case_cannot_be_assigned_to_someone_who_does_not_handle_cases(
    client, handler, management_user
):
    case = make_case(S.RECEIVED)
    response = logged_in(client, handler).post(
        reverse("cases:case-assign", args=[case.number]), {"assignee": management_user.pk}
    )
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).assignee is None


def test_a_closed_case_cannot_be_assigned(client, handler, client_manager):
    case = make_case(S.CLOSED, outcome=Outcome.UNFOUNDED)
    response = logged_in(client, handler).post(
        reverse("cases:case-assign", args=[case.number]), {"assignee": client_manager.pk}
    )
    assert response.status_code == 200
    assert "Het dossier is afgesloten." in response.text
    assert Case.objects.get(pk=case.pk).assignee is None


def test_adding_a_note(client, handler):
    case = make_case(S.INVESTIGATION)
    url = reverse("cases:case-note", args=[case.number])
    client = logged_in(client, handler)
    assert client.post(url, {"text": "  "}).status_code == 200
    assert not CaseNote.objects.exists()
    assert client.post(url, {"text": "Loket gebeld"}).status_code == 302
    note = CaseNote.objects.get()
    assert (note.case, note.text, note.author) == (case, "Loket gebeld", handler)
