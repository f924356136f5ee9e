"""Each guard of the case workflow refuses with its own message and changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case, TalkParty
from cases.workflow import CaseState, Outcome, TalkOutcome, refusal
from tests.factories import OrganisationFactory

from .support import case_handler, make_case

S = CaseState


@pytest.fixture
def handler(db):
    return case_handler()


def refused(call, message):
    with pytest.raises(ValidationError) as caught:
        call()
    assert message in caught.value.messages[0]


def test_investigation_needs_an_assignee(handler):
    case = make_case(S.RECEIVED)
    refused(
        lambda: services.start_investigation(case.pk, actor=handler),
        "Wijs eerst een klantenbeheerder",
    )
    services.assign(case.pk, actor=handler, assignee=handler)
    services.start_investigation(case.pk, actor=handler)
    assert Case.objects.get(pk=case.pk).state == S.INVESTIGATION


def test_only_a_case_handler_can_be_assigned(handler, management_user):
    case = make_case(S.RECEIVED)
    with pytest.raises(ValidationError):
        services.assign(case.pk, actor=handler, assignee=management_user)
    assert Case.objects.get(pk=case.pk).assignee is None


def test_talk_after_a_desk_reported_a_provider_needs_the_desk_efforts_checked(handler):
    case = make_case(
        S.INVESTIGATION, about_organisation=OrganisationFactory(), desk_reported_provider=True
    )
    refused(lambda: services.start_talk(case.pk, actor=handler), "inspanningen van het loket")
    with pytest.raises(ValidationError):
        services.record_desk_efforts(case.pk, actor=handler, finding="  ")
    services.record_desk_efforts(case.pk, actor=handler, finding="Loket deed voldoende")
    services.start_talk(case.pk, actor=handler)
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.desk_efforts_checked_by) == (S.TALK, handler)


def test_talk_without_a_desk_report_needs_no_efforts_check(handler):
    case = make_case(S.INVESTIGATION)
    services.start_talk(case.pk, actor=handler)
    assert Case.objects.get(pk=case.pk).state == S.TALK


def _talk(case, handler, outcome):
    return services.record_talk(
        case.pk,
        actor=handler,
        held_on=datetime.date.today(),
        participants="Coördinator loket, klantenbeheerder",
        party=TalkParty.DESK,
        agreed="Overleg plannen",
        remedy_by=datetime.date.today() + datetime.timedelta(days=30),
        outcome=outcome,
    )


def test_escalation_needs_a_failed_talk_or_a_reason_to_skip_it(handler):
    case = make_case(S.TALK)
    refused(lambda: services.escalate(case.pk, actor=handler, reason="x"), "gesprek")
    _talk(case, handler, TalkOutcome.AGREEMENT_REACHED)
    refused(lambda: services.escalate(case.pk, actor=handler, reason="x"), "gesprek")
    _talk(case, handler, TalkOutcome.SHORTFALL_PERSISTS)
    services.escalate(case.pk, actor=handler, reason="Tekort blijft")
    assert Case.objects.get(pk=case.pk).state == S.ENFORCEMENT


def test_escalation_from_investigation_needs_a_reason_to_skip_the_talk(handler):
    case = make_case(S.INVESTIGATION)
    refused(lambda: services.escalate(case.pk, actor=handler, reason="x"), "zonder gesprek")
    services.escalate(case.pk, actor=handler, reason="x", skip_talk_reason="Weigert gesprek")
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.talk_skip_reason) == (S.ENFORCEMENT, "Weigert gesprek")


def test_a_talk_is_recorded_only_in_the_talk_state(handler):
    case = make_case(S.INVESTIGATION)
    with pytest.raises(ValidationError):
        _talk(case, handler, TalkOutcome.REMEDIED)
    assert not case.talks.exists()


def test_a_talk_cannot_set_a_remedy_date_before_itself(handler):
    case = make_case(S.TALK)
    with pytest.raises(ValidationError):
        services.record_talk(
            case.pk,
            actor=handler,
            held_on=datetime.date.today(),
            participants="X",
            party=TalkParty.PROVIDER,
            outcome=TalkOutcome.REMEDIED,
            remedy_by=datetime.date.today() - datetime.timedelta(days=1),
        )
    assert not case.talks.exists()


def test_closing_needs_an_outcome(handler):
    case = make_case(S.INVESTIGATION)
    refused(
        lambda: services.close(case.pk, actor=handler, outcome="", reason="x"),
        "Kies de uitkomst",
    )
    assert Case.objects.get(pk=case.pk).state == S.INVESTIGATION


def test_enforcement_outcomes_need_an_enforcement_track(handler):
    case = make_case(S.TALK)
    refused(
        lambda: services.close(
            case.pk, actor=handler, outcome=Outcome.SANCTION_IMPOSED, reason="x"
        ),
        "handhavingstraject",
    )


def test_closing_from_enforcement_is_refused_until_the_track_is_decided(handler):
    case = make_case(S.ENFORCEMENT)
    refused(
        lambda: services.close(
            case.pk, actor=handler, outcome=Outcome.NO_SANCTION_AFTER_ENFORCEMENT, reason="x"
        ),
        "Het handhavingstraject is nog niet beslist",
    )
    assert Case.objects.get(pk=case.pk).state == S.ENFORCEMENT


def test_refusal_explains_the_first_failing_guard(db):
    case = make_case(S.RECEIVED)
    assert "klantenbeheerder" in str(refusal(case, "start_investigation"))
    assert "ontvangen" in str(refusal(case, "reopen"))
    assert refusal(case, "close") is not None  # no outcome chosen yet
