"""The case list: each filter keeps the right cases and drops the others, sorting, pagination,
the overdue flag, the export, and a constant number of queries for 1 and 50 cases."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from cases.views.cases import CaseListView
from cases.workflow import CaseState
from supervision import roles
from tests.factories import DeskFactory, LocationFactory, OrganisationFactory, UserFactory
from tests.factories import municipality as reference_municipality

from .case_pages_support import add_signal, obligation
from .support import make_case

TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=3)
FUTURE = TODAY + datetime.timedelta(days=3)
LONG_AGO = TODAY - datetime.timedelta(days=30)


def _case(state, *, year, **values):
    case = make_case(state, **values)
    Case.objects.filter(pk=case.pk).update(year=year)
    return case


@pytest.fixture
def world(db, client_manager):
    """late: desk in Gent (Oost-Vlaanderen), investigation, mine, overdue, 2025, obligation D1.
    waiting: provider with a location in Antwerpen, received, unassigned, 2026, obligation D2.
    done: desk in Antwerpen, closed with a past deadline (not overdue), a colleague's, 2026."""
    colleague = UserFactory(
        username="collega", first_name="Zoë", last_name="Zwart", role=roles.CLIENT_MANAGER
    )
    client_manager.first_name, client_manager.last_name = "Anna", "Aerts"
    client_manager.save()
    gent = DeskFactory(name="Loket Gent", municipalities=["44021"])
    antwerpen = DeskFactory(name="Loket Antwerpen", municipalities=["11002"])
    provider = OrganisationFactory(name="Kinderopvang Zonneschijn")
    location = LocationFactory(organisation=provider, municipality=reference_municipality("11002"))
    late = _case(
        CaseState.INVESTIGATION,
        year=2025,
        about_desk=gent,
        assignee=client_manager,
        deadline=PAST,
    )
    add_signal(late, reported_by=client_manager, obligations=[obligation("D1")])
    waiting = _case(CaseState.RECEIVED, year=2026, about_organisation=provider, deadline=FUTURE)
    waiting.locations.add(location)
    add_signal(waiting, reported_by=client_manager, obligations=[obligation("D2")])
    add_signal(waiting, reported_by=client_manager)
    done = _case(
        CaseState.CLOSED,
        year=2026,
        about_desk=antwerpen,
        assignee=colleague,
        deadline=LONG_AGO,
        outcome="unfounded",
    )
    return {"late": late, "waiting": waiting, "done": done, "colleague": colleague}


def _numbers(client, user, query=""):
    client.force_login(user)
    response = client.get(f"{reverse('cases:case-list')}?{query}")
    assert response.status_code == 200
    return [case.number for case in response.context["object_list"]]


def _names(world, numbers):
    by_number = {case.number: name for name, case in world.items() if isinstance(case, Case)}
    return {by_number[number] for number in numbers}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"late", "waiting", "done"}),
        ("state=investigation", {"late"}),
        ("state=open", {"late", "waiting"}),
        ("state=closed", {"done"}),
        ("assignee=me", {"late"}),
        ("assignee=none", {"waiting"}),
        ("party_type=desk", {"late", "done"}),
        ("party_type=provider", {"waiting"}),
        ("overdue=true", {"late"}),
        ("overdue=false", {"waiting", "done"}),
        ("year=2025", {"late"}),
        ("year=2026", {"waiting", "done"}),
        ("q=zonneschijn", {"waiting"}),
        ("q=loket", {"late", "done"}),
    ],
)
def test_each_filter_keeps_the_right_cases(client, client_manager, world, query, expected):
    assert _names(world, _numbers(client, client_manager, query)) == expected


def test_filter_by_a_colleague_by_province_by_obligation_and_by_number(
    client, client_manager, world
):
    colleague = world["colleague"]
    assert _names(world, _numbers(client, client_manager, f"assignee={colleague.pk}")) == {"done"}
    east_flanders = reference_municipality("44021").province
    antwerp = reference_municipality("11002").province
    assert _names(world, _numbers(client, client_manager, f"province={east_flanders.pk}")) == {
        "late"
    }
    # A desk through its service area, a provider through the case's locations.
    assert _names(world, _numbers(client, client_manager, f"province={antwerp.pk}")) == {
        "waiting",
        "done",
    }
    assert _names(world, _numbers(client, client_manager, f"obligation={obligation('D1').pk}")) == {
        "late"
    }
    assert _names(world, _numbers(client, client_manager, f"q={world['done'].number}")) == {"done"}


def test_sorting(client, client_manager, world):
    late, waiting, done = world["late"].number, world["waiting"].number, world["done"].number
    assert _numbers(client, client_manager, "o=deadline") == [done, late, waiting]
    assert _numbers(client, client_manager, "o=-deadline") == [waiting, late, done]
    assert _numbers(client, client_manager, "o=number") == sorted([late, waiting, done])
    assert _numbers(client, client_manager, "o=-number") == sorted(
        [late, waiting, done], reverse=True
    )
    # Party names: Kinderopvang Zonneschijn, Loket Antwerpen, Loket Gent.
    assert _numbers(client, client_manager, "o=party") == [waiting, done, late]
    # Client managers by last name: Aerts, Zwart; the unassigned case first or last.
    by_assignee = _numbers(client, client_manager, "o=assignee")
    assert by_assignee.index(late) < by_assignee.index(done)
    assert _numbers(client, client_manager, "o=state")[0] == done  # "closed" < "investigation"


def test_pagination(client, client_manager, world, monkeypatch):
    monkeypatch.setattr(CaseListView, "paginate_by", 2)
    first = _numbers(client, client_manager, "o=number")
    second = _numbers(client, client_manager, "o=number&page=2")
    assert len(first) == 2 and len(second) == 1
    assert set(first) | set(second) == {world[name].number for name in ("late", "waiting", "done")}


def test_overdue_rows_are_flagged_in_words(client, client_manager, world):
    client.force_login(client_manager)
    page = client.get(reverse("cases:case-list") + "?o=number").content.decode()
    rows = {
        name: page.split(world[name].number + "</a>", 1)[1].split("</tr>", 1)[0]
        for name in ("late", "waiting", "done")
    }
    assert "te laat" in rows["late"]
    assert "te laat" not in rows["waiting"]
    assert "te laat" not in rows["done"]  # closed cases are never overdue


def test_the_list_shows_province_obligations_and_signal_count(client, client_manager, world):
    client.force_login(client_manager)
    response = client.get(reverse("cases:case-list"))
    waiting = next(c for c in response.context["object_list"] if c.pk == world["waiting"].pk)
    assert waiting.provinces == [reference_municipality("11002").province]
    assert [o.code for o in waiting.obligations] == ["D2"]
    assert waiting.signal_count == 2


def test_export_as_csv(client, client_manager, world):
    client.force_login(client_manager)
    response = client.get(reverse("cases:case-list") + "?state=open&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["number"] for row in rows} == {world["late"].number, world["waiting"].number}
    late = next(row for row in rows if row["number"] == world["late"].number)
    assert (late["overdue"], late["obligations"], late["party_type"]) == ("yes", "D1", "desk")
    xlsx = client.get(reverse("cases:case-list") + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet")


def test_desk_staff_see_only_their_cases(client, world):
    desk = world["late"].about_desk
    staff = UserFactory(username="loket-gent", role=roles.DESK_STAFF, desks=[desk])
    assert _names(world, _numbers(client, staff)) == {"late"}


def test_me_is_offered_only_to_those_who_handle_cases(client, client_manager, world):
    def choices(user):
        client.force_login(user)
        response = client.get(reverse("cases:case-list"))
        return [
            value for value, _label in response.context["filter"].form["assignee"].field.choices
        ]

    assert choices(client_manager)[:3] == ["", "me", "none"]
    staff = UserFactory(
        username="loket-gent", role=roles.DESK_STAFF, desks=[world["late"].about_desk]
    )
    assert "me" not in choices(staff)
    assert str(world["colleague"].pk) in choices(staff)


def test_the_list_needs_the_view_permission(client, db):
    client.force_login(UserFactory(username="zonder-rol"))
    assert client.get(reverse("cases:case-list")).status_code == 403


def _cases_with_records(count, assignee):
    provider = OrganisationFactory()
    for index in range(count):
        desk_case = index % 2 == 0
        location = None
        if not desk_case:
            location = LocationFactory(
                organisation=provider, municipality=reference_municipality("44021")
            )
        case = make_case(
            CaseState.INVESTIGATION,
            about_desk=DeskFactory(municipalities=["44021", "11002"]) if desk_case else None,
            about_organisation=None if desk_case else provider,
            assignee=assignee,
            deadline=PAST if index % 3 else FUTURE,
        )
        if location:
            case.locations.add(location)
        add_signal(case, reported_by=assignee, obligations=[obligation("D1"), obligation("D2")])
        add_signal(case, reported_by=assignee, obligations=[obligation("D3")])


@pytest.mark.parametrize("filtered", [False, True])
def test_queries_do_not_grow_with_the_number_of_cases(client, client_manager, filtered):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("cases:case-list"), query)
        assert response.status_code == 200
        assert len(response.context["object_list"]) == len(Case.objects.all())
        return len(queries)

    query = {"o": "party"}
    if filtered:
        province = reference_municipality("44021").province
        query = {
            "state": "open",
            "assignee": "me",
            "province": province.pk,
            "obligation": obligation("D1").pk,
            "o": "assignee",
        }

    client.force_login(client_manager)
    _cases_with_records(1, client_manager)
    one = count()
    _cases_with_records(49, client_manager)
    fifty = count()
    assert fifty == one
