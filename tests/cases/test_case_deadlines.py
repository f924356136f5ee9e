"""Each open state has a deadline from CASE_STATE_DAYS; a client manager extends it with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case
from cases.workflow import CaseState, Outcome

from .support import case_handler, make_case

S = CaseState
TODAY = datetime.date.today


def days(n):
    return TODAY() + datetime.timedelta(days=n)


@pytest.fixture
def handler(db):
    return case_handler()


def test_each_state_sets_its_deadline(handler, settings):
    settings.CASE_STATE_DAYS = {"received": 3, "investigation": 7, "talk": 11, "enforcement": 13}
    signal = services.record_signal(
        actor=handler,
        source="parent",
        channel="phone",
        description="x",
        about_desk=make_case().about_desk,
    )
    case = services.create_case_from_signal(signal.pk, actor=handler)
    assert case.deadline == days(3)
    services.assign(case.pk, actor=handler, assignee=handler)
    assert services.start_investigation(case.pk, actor=handler).deadline == days(7)
    assert services.start_talk(case.pk, actor=handler).deadline == days(11)
    escalated = services.escalate(case.pk, actor=handler, reason="x", skip_talk_reason="y")
    assert escalated.deadline == days(13)


def test_a_closed_case_has_no_deadline(handler):
    case = make_case(S.TALK, deadline=days(2))
    services.close(case.pk, actor=handler, outcome=Outcome.WITHDRAWN, reason="x")
    assert Case.objects.get(pk=case.pk).deadline is None


def test_extension_needs_a_reason(handler):
    case = make_case(S.INVESTIGATION, deadline=days(5))
    with pytest.raises(ValidationError, match="reden"):
        services.extend_deadline(case.pk, actor=handler, days=10, reason=" ")
    assert Case.objects.get(pk=case.pk).deadline == days(5)


def test_extension_by_days_or_to_a_date_with_the_reason_in_the_history(handler):
    case = make_case(S.INVESTIGATION, deadline=days(5))
    services.extend_deadline(case.pk, actor=handler, days=10, reason="Wacht op stukken")
    assert Case.objects.get(pk=case.pk).deadline == days(15)
    services.extend_deadline(case.pk, actor=handler, until=days(40), reason="Vakantie")
    assert Case.objects.get(pk=case.pk).deadline == days(40)
    assert case.history.first().history_change_reason == "Vakantie"


def test_extension_must_move_the_deadline_later(handler):
    case = make_case(S.INVESTIGATION, deadline=days(5))
    with pytest.raises(ValidationError):
        services.extend_deadline(case.pk, actor=handler, until=days(4), reason="x")
    with pytest.raises(ValidationError):
        services.extend_deadline(case.pk, actor=handler, days=3, until=days(9), reason="x")
    assert Case.objects.get(pk=case.pk).deadline == days(5)


def test_a_closed_case_cannot_be_extended(handler):
    case = make_case(S.CLOSED)
    with pytest.raises(ValidationError, match="afgesloten"):
        services.extend_deadline(case.pk, actor=handler, days=3, reason="x")
