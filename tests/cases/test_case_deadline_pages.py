"""Extending a case's deadline from the case page: by a number of days or to a new date, always
with a reason, only on an open case and only by those who handle cases."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case
from cases.workflow import CaseState, Outcome
from supervision import roles
from tests.factories import DeskFactory, UserFactory

from .action_support import actions_html, case_url, unscoped_user_with
from .support import case_handler, make_case

S = CaseState
TODAY = datetime.date.today()
DEADLINE = TODAY + datetime.timedelta(days=5)


@pytest.fixture
def handler(db):
    return case_handler()


def deadline_url(case):
    return reverse("cases:case-deadline", args=[case.number])


def test_extending_by_days_with_a_reason(client, handler):
    case = make_case(S.INVESTIGATION, deadline=DEADLINE)
    client.force_login(handler)
    response = client.post(deadline_url(case), {"days": "10", "reason": "Wacht op verslag"})
    assert response.status_code == 302
    assert response.url == case_url(case)
    case = Case.objects.get(pk=case.pk)
    assert case.deadline == DEADLINE + datetime.timedelta(days=10)
    latest = case.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Wacht op verslag", handler)


def test_extending_to_a_date(client, handler):
    case = make_case(S.TALK, deadline=DEADLINE)
    new = DEADLINE + datetime.timedelta(days=20)
    client.force_login(handler)
    response = client.post(
        deadline_url(case), {"until": new.isoformat(), "reason": "Gesprek verplaatst"}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).deadline == new


@pytest.mark.parametrize(
    "data, message",
    [
        ({"days": "10", "reason": "  "}, "Geef de reden voor de verlenging."),
        ({"reason": "Wacht"}, "aantal dagen of een nieuwe datum"),
        (
            {
                "days": "3",
                "until": (DEADLINE + datetime.timedelta(days=9)).isoformat(),
                "reason": "x",
            },
            "aantal dagen of een nieuwe datum",
        ),
        ({"until": TODAY.isoformat(), "reason": "Wacht"}, "later vallen dan de huidige"),
        ({"days": "0", "reason": "Wacht"}, ""),
    ],
)
def test_a_refused_extension_changes_nothing_and_keeps_the_input(client, handler, data, message):
    case = make_case(S.INVESTIGATION, deadline=DEADLINE)
    client.force_login(handler)
    response = client.post(deadline_url(case), data)
    assert response.status_code == 200
    assert message in response.text
    if data["reason"].strip():
        assert data["reason"] in response.text
    assert Case.objects.get(pk=case.pk).deadline == DEADLINE
    assert case.history.count() == 1


def test_a_closed_case_has_no_deadline_to_extend(client, handler):
    case = make_case(S.CLOSED, outcome=Outcome.UNFOUNDED)
    client.force_login(handler)
    response = client.get(deadline_url(case))
    assert "Het dossier is afgesloten." in response.text
    assert 'name="days"' not in response.text
    response = client.post(deadline_url(case), {"days": "10", "reason": "Wacht"})
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).deadline is None
    assert deadline_url(case) not in actions_html(handler, case)


def test_the_page_shows_the_current_deadline(client, handler):
    case = make_case(S.INVESTIGATION, deadline=datetime.date(2030, 3, 14))
    client.force_login(handler)
    assert "De huidige termijn is 14 maart 2030." in client.get(deadline_url(case)).text


def test_only_case_handlers_extend_deadlines(client, db):
    desk = DeskFactory()
    case = make_case(S.INVESTIGATION, about_desk=desk, deadline=DEADLINE)
    for user in (
        UserFactory(role=roles.MANAGEMENT),
        UserFactory(role=roles.DESK_STAFF, desks=[desk]),
    ):
        assert deadline_url(case) not in actions_html(user, case)
        client.force_login(user)
        assert client.post(deadline_url(case), {"days": "9", "reason": "x"}).status_code == 403
    client.force_login(unscoped_user_with("cases.handle_case"))
    assert client.post(deadline_url(case), {"days": "9", "reason": "x"}).status_code == 404
    assert Case.objects.get(pk=case.pk).deadline == DEADLINE
