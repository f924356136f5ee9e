"""The home page's case blocks: a client manager's own open cases by deadline with the work
waiting; desk staff and local governments the latest open cases that concern them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Signal
from cases.workflow import CaseState
from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality

from .support import make_case

TODAY = datetime.date.today()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_my_open_cases_by_deadline_with_the_overdue_flagged(client, client_manager):
    colleague = UserFactory(username="collega", role=roles.CLIENT_MANAGER)
    later = make_case(CaseState.TALK, assignee=client_manager, deadline=_days(20))
    overdue = make_case(CaseState.INVESTIGATION, assignee=client_manager, deadline=_days(-2))
    soon = make_case(CaseState.INVESTIGATION, assignee=client_manager, deadline=_days(1))
    make_case(CaseState.CLOSED, assignee=client_manager, deadline=_days(-5), outcome="unfounded")
    make_case(CaseState.INVESTIGATION, assignee=colleague, deadline=_days(-1))
    make_case(CaseState.RECEIVED)
    make_case(CaseState.RECEIVED)
    response = _home(client, client_manager)
    mine = response.context["my_cases"]
    assert [case.number for case in mine["cases"]] == [overdue.number, soon.number, later.number]
    assert [case.is_overdue for case in mine["cases"]] == [True, False, False]
    assert (mine["mine"], mine["overdue"], mine["unassigned"]) == (3, 1, 2)
    page = response.content.decode()
    row = page.split(overdue.number + "</a>", 1)[1].split("</tr>", 1)[0]
    assert "te laat" in row
    list_url = reverse("cases:case-list")
    assert f"{list_url}?assignee=me&amp;state=open" in page
    assert f"{list_url}?assignee=none&amp;state=open" in page


def test_signals_without_a_case_are_counted(client, client_manager):
    desk = DeskFactory()
    for _ in range(2):
        Signal.objects.create(
            source="parent",
            channel="mail",
            reported_by=client_manager,
            about_desk=desk,
            description="Geen antwoord van het loket",
        )
    Signal.objects.create(
        source="parent",
        channel="mail",
        reported_by=client_manager,
        about_desk=desk,
        description="Al in een dossier",
        case=make_case(about_desk=desk),
    )
    response = _home(client, client_manager)
    assert response.context["my_cases"]["signals_without_case"] == 2
    assert reverse("cases:signal-list") in response.content.decode()


def test_desk_staff_see_the_open_cases_concerning_their_desk(client, db):
    desk = DeskFactory(municipalities=["44021"])
    other = DeskFactory(municipalities=["11002"])
    own = make_case(CaseState.INVESTIGATION, about_desk=desk)
    make_case(CaseState.CLOSED, about_desk=desk, outcome="unfounded")
    foreign = make_case(CaseState.INVESTIGATION, about_desk=other)
    staff = UserFactory(username="loket", role=roles.DESK_STAFF, desks=[desk])
    response = _home(client, staff)
    assert "my_cases" not in response.context
    assert [case.number for case in response.context["cases_concerning"]] == [own.number]
    page = response.content.decode()
    assert own.number in page and foreign.number not in page


def test_local_government_sees_the_cases_of_the_desk_serving_it(client, db):
    desk = DeskFactory(municipalities=["44021"])
    own = make_case(CaseState.RECEIVED, about_desk=desk)
    make_case(CaseState.RECEIVED, about_desk=DeskFactory(municipalities=["11002"]))
    official = UserFactory(
        username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    response = _home(client, official)
    assert [case.number for case in response.context["cases_concerning"]] == [own.number]


def test_management_gets_neither_block(client, management_user):
    make_case(CaseState.RECEIVED)
    response = _home(client, management_user)
    assert "my_cases" not in response.context
    assert "cases_concerning" not in response.context


def test_home_queries_do_not_grow_with_the_number_of_cases(client, client_manager):
    def count(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        assert response.status_code == 200
        return len(queries)

    desk = DeskFactory(municipalities=["44021"])
    staff = UserFactory(username="loket", role=roles.DESK_STAFF, desks=[desk])
    make_case(CaseState.INVESTIGATION, assignee=client_manager, about_desk=desk)
    one = count(client_manager), count(staff)
    for index in range(15):
        make_case(
            CaseState.INVESTIGATION, assignee=client_manager, about_desk=desk, deadline=_days(index)
        )
    assert (count(client_manager), count(staff)) == one
