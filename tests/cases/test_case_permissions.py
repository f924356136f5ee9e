"""Who may move a case: handling needs cases.handle_case, reopening cases.reopen_case."""

import pytest
from django.core.exceptions import PermissionDenied

from cases import services
from cases.models import Case
from cases.workflow import CaseState, Outcome
from supervision import roles
from tests.factories import UserFactory

from .support import make_case

S = CaseState

STEPS = {
    "start_investigation": (S.RECEIVED, {}),
    "start_talk": (S.INVESTIGATION, {}),
    "escalate": (S.INVESTIGATION, {"reason": "x", "skip_talk_reason": "y"}),
    "close": (S.TALK, {"reason": "x", "outcome": Outcome.WITHDRAWN}),
    "reopen": (S.CLOSED, {"reason": "x"}),
}
# role -> the steps it may take
ALLOWED = {
    roles.CLIENT_MANAGER: {"start_investigation", "start_talk", "escalate", "close"},
    roles.ENFORCEMENT_LEAD: {"reopen"},
    roles.MANAGEMENT: set(),
    roles.DESK_STAFF: set(),
    roles.LOCAL_GOVERNMENT: set(),
    roles.ADMINISTRATOR: set(),
}


@pytest.mark.parametrize("name", STEPS)
@pytest.mark.parametrize("role", ALLOWED)
def test_permission_per_role_per_step(db, role, name):
    user = UserFactory(username=f"u-{role}", role=role)
    source, arguments = STEPS[name]
    case = make_case(source, assignee=UserFactory(username="km", role=roles.CLIENT_MANAGER))
    step = services.TRANSITION_SERVICES[name]
    if name in ALLOWED[role]:
        step(case.pk, actor=user, **arguments)
        assert Case.objects.get(pk=case.pk).state != source
    else:
        with pytest.raises(PermissionDenied):
            step(case.pk, actor=user, **arguments)
        assert Case.objects.get(pk=case.pk).state == source
        assert case.history.count() == 1


@pytest.mark.parametrize("role", [r for r in ALLOWED if r != roles.CLIENT_MANAGER])
def test_only_client_managers_open_and_handle_cases(db, role):
    user = UserFactory(username=f"u-{role}", role=role)
    case = make_case(S.RECEIVED)
    with pytest.raises(PermissionDenied):
        services.assign(case.pk, actor=user, assignee=user)
    with pytest.raises(PermissionDenied):
        services.extend_deadline(case.pk, actor=user, days=5, reason="x")
    with pytest.raises(PermissionDenied):
        services.record_desk_efforts(case.pk, actor=user, finding="x")
    with pytest.raises(PermissionDenied):
        services.add_note(case.pk, actor=user, text="x")
    assert case.history.count() == 1


def test_transitions_for_lists_the_steps_of_the_role(db, client_manager):
    case = make_case(S.RECEIVED)
    steps = {name: why for name, _label, why in services.transitions_for(case, client_manager)}
    assert set(steps) == {"start_investigation", "start_talk", "escalate", "close"}
    assert "klantenbeheerder" in steps["start_investigation"]
