"""The case lifecycle: every allowed edge succeeds through its service, every other one is refused
and changes nothing; who, when and why land in the history."""

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case
from cases.workflow import CASE_TRANSITIONS, CaseState, Outcome

from .support import case_handler, make_case

S = CaseState

EDGES = {
    ("start_investigation", S.RECEIVED): S.INVESTIGATION,
    ("start_talk", S.INVESTIGATION): S.TALK,
    ("escalate", S.INVESTIGATION): S.ENFORCEMENT,
    ("escalate", S.TALK): S.ENFORCEMENT,
    ("close", S.RECEIVED): S.CLOSED,
    ("close", S.INVESTIGATION): S.CLOSED,
    ("close", S.TALK): S.CLOSED,
    ("reopen", S.CLOSED): S.INVESTIGATION,
    # ("close", S.ENFORCEMENT) is refused here (no enforcement track); it succeeds once every
    # track of the case is closed: tests/sanctions/test_case_closing.py.
}

ARGUMENTS = {
    "start_investigation": {},
    "start_talk": {},
    "escalate": {"reason": "Tekort blijft", "skip_talk_reason": "Geen medewerking"},
    "close": {"reason": "Opgelost", "outcome": Outcome.RESOLVED_MEDIATION},
    "reopen": {"reason": "Nieuwe feiten"},
}


@pytest.fixture
def handler(db):
    return case_handler()


def run(name, case, actor, **extra):
    return services.TRANSITION_SERVICES[name](case.pk, actor=actor, **{**ARGUMENTS[name], **extra})


@pytest.mark.parametrize("name", CASE_TRANSITIONS)
@pytest.mark.parametrize("source", S.values)
def test_every_case_edge(handler, name, source):
    case = make_case(source, assignee=handler)
    target = EDGES.get((name, source))
    if target is None:
        with pytest.raises(ValidationError):
            run(name, case, handler)
        assert Case.objects.get(pk=case.pk).state == source
        assert case.history.count() == 1
    else:
        run(name, case, handler)
        assert Case.objects.get(pk=case.pk).state == target
        latest = case.history.first()
        assert (latest.state, latest.history_user) == (target, handler)
        assert case.history.count() == 2


def test_the_reason_lands_in_the_history(handler):
    case = make_case(S.TALK, assignee=handler)
    services.close(case.pk, actor=handler, outcome=Outcome.WITHDRAWN, reason="Klacht ingetrokken")
    latest = case.history.first()
    assert (latest.history_change_reason, latest.outcome) == ("Klacht ingetrokken", "withdrawn")


@pytest.mark.parametrize("name", ["escalate", "close", "reopen"])
def test_escalation_closure_and_reopening_need_a_reason(handler, name):
    source = {"escalate": S.INVESTIGATION, "close": S.RECEIVED, "reopen": S.CLOSED}[name]
    case = make_case(source, assignee=handler)
    with pytest.raises(ValidationError, match="reden"):
        run(name, case, handler, reason="   ")
    assert Case.objects.get(pk=case.pk).state == source
    assert case.history.count() == 1


def test_steps_without_required_reason_record_their_label(handler):
    case = make_case(S.RECEIVED, assignee=handler)
    services.start_investigation(case.pk, actor=handler)
    assert case.history.first().history_change_reason


def test_reopening_clears_the_outcome_and_the_history_keeps_it(handler):
    case = make_case(S.RECEIVED, assignee=handler)
    services.close(case.pk, actor=handler, outcome=Outcome.UNFOUNDED, reason="Ongegrond")
    services.reopen(case.pk, actor=handler, reason="Nieuwe feiten")
    assert Case.objects.get(pk=case.pk).outcome == ""
    assert case.history.all()[1].outcome == Outcome.UNFOUNDED


def test_unknown_outcome_is_refused(handler):
    case = make_case(S.RECEIVED)
    with pytest.raises(ValidationError):
        services.close(case.pk, actor=handler, outcome="vergeten", reason="x")
    assert Case.objects.get(pk=case.pk).state == S.RECEIVED


def test_state_field_cannot_be_assigned_directly(db):
    case = make_case(S.RECEIVED)
    with pytest.raises(AttributeError):
        case.state = S.CLOSED
