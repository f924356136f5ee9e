"""Recording a talk from the case page: date, participants, party, what was agreed, the date by
which the shortfall must be remedied, outcome; only while the case is in the talk state."""

import datetime
import re

import pytest
from django.urls import reverse

from cases.models import Talk, TalkParty
from cases.workflow import CaseState, TalkOutcome
from supervision import roles
from tests.factories import OrganisationFactory, UserFactory

from .action_support import actions_html, case_url, unscoped_user_with
from .support import case_handler, make_case

S = CaseState
TODAY = datetime.date.today()


@pytest.fixture
def handler(db):
    return case_handler()


def talk_url(case):
    return reverse("cases:case-talk", args=[case.number])


def talk_data(**changes):
    return {
        "held_on": TODAY.isoformat(),
        "participants": "Coördinator loket, directie organisator",
        "party": TalkParty.PROVIDER,
        "agreed": "De organisator neemt deel aan het volgende overleg.",
        "remedy_by": (TODAY + datetime.timedelta(days=30)).isoformat(),
        "outcome": TalkOutcome.AGREEMENT_REACHED,
        **changes,
    }


def test_the_talk_link_is_shown_only_in_the_talk_state(handler):
    in_talk = make_case(S.TALK)
    assert talk_url(in_talk) in actions_html(handler, in_talk)
    investigating = make_case(S.INVESTIGATION)
    assert talk_url(investigating) not in actions_html(handler, investigating)


def test_the_talk_page_proposes_today_and_the_party_of_the_case(client, handler):
    case = make_case(S.TALK, about_organisation=OrganisationFactory())
    client.force_login(handler)
    response = client.get(talk_url(case))
    assert response.status_code == 200
    assert f'value="{TODAY.isoformat()}"' in response.text
    assert re.search(rf'value="{TalkParty.PROVIDER}"[^>]* checked', response.text)
    assert not re.search(rf'value="{TalkParty.DESK}"[^>]* checked', response.text)


def test_recording_a_talk(client, handler):
    case = make_case(S.TALK, about_organisation=OrganisationFactory())
    client.force_login(handler)
    response = client.post(talk_url(case), talk_data())
    assert response.status_code == 302
    assert response.url == case_url(case)
    talk = Talk.objects.get()
    assert (talk.case, talk.held_on, talk.party, talk.outcome, talk.recorded_by) == (
        case,
        TODAY,
        TalkParty.PROVIDER,
        TalkOutcome.AGREEMENT_REACHED,
        handler,
    )
    assert talk.remedy_by == TODAY + datetime.timedelta(days=30)
    assert talk.agreed == "De organisator neemt deel aan het volgende overleg."


def test_a_talk_in_the_future_is_refused_with_the_input_kept(client, handler):
    case = make_case(S.TALK)
    client.force_login(handler)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(talk_url(case), talk_data(held_on=tomorrow, remedy_by=""))
    assert response.status_code == 200
    assert "niet in de toekomst" in response.text
    assert "De organisator neemt deel aan het volgende overleg." in response.text
    assert not Talk.objects.exists()


def test_a_remedy_date_before_the_talk_is_refused(client, handler):
    case = make_case(S.TALK)
    client.force_login(handler)
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = client.post(talk_url(case), talk_data(remedy_by=yesterday))
    assert response.status_code == 200
    assert not Talk.objects.exists()


def test_participants_and_outcome_are_required(client, handler):
    case = make_case(S.TALK)
    client.force_login(handler)
    response = client.post(talk_url(case), talk_data(participants=" ", outcome=""))
    assert response.status_code == 200
    assert not Talk.objects.exists()


def test_no_talk_outside_the_talk_state(client, handler):
    case = make_case(S.INVESTIGATION)
    client.force_login(handler)
    response = client.get(talk_url(case))
    assert "fase gesprek" in response.text
    assert 'name="participants"' not in response.text
    response = client.post(talk_url(case), talk_data())
    assert response.status_code == 200
    assert "fase gesprek" in response.text
    assert not Talk.objects.exists()


def test_recording_a_talk_needs_the_permission_and_the_scope(client, db):
    case = make_case(S.TALK)
    client.force_login(UserFactory(role=roles.MANAGEMENT))
    assert client.post(talk_url(case), talk_data()).status_code == 403
    client.force_login(unscoped_user_with("cases.handle_case"))
    assert client.post(talk_url(case), talk_data()).status_code == 404
    assert not Talk.objects.exists()
