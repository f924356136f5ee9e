"""Every case step schedules the single notification hook after its commit, and only then."""

import pytest
from django.core.exceptions import ValidationError

from cases import notifications, services
from cases.workflow import CaseState

from .support import case_handler, make_case


def test_steps_call_the_hook_after_commit(db, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr(
        notifications, "case_event", lambda case_id, event: calls.append((case_id, event))
    )
    handler = case_handler()
    case = make_case(CaseState.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(case.pk, actor=handler, assignee=handler)
        services.start_investigation(case.pk, actor=handler)
    assert calls == [(case.pk, "assigned"), (case.pk, "start_investigation")]


def test_a_refused_step_schedules_nothing(db, django_capture_on_commit_callbacks):
    handler = case_handler()
    case = make_case(CaseState.RECEIVED)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        services.start_investigation(case.pk, actor=handler)
    assert callbacks == []
