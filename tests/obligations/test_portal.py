"""The desk portal on a desk user's home page: this year's obligations D1-D7 with their status,
what is missing, where to record it, and last year's annual report with its deadline."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obligations.models import AnnualReport, ConsultationKind
from obligations.services.compliance import recompute_for_desk
from obligations.services.consultations import record_consultation
from supervision import roles
from tests.factories import DeskFactory, UserFactory
from tests.obligations.desk_records import make_world

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def on(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(9), BRUSSELS), tick=False
    )


@pytest.fixture
def world(db):
    return make_world()


def _portal(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["desk_portals"], response.content.decode()


def test_before_any_computation_the_statuses_are_not_yet_computed(client, world):
    [portal], page = _portal(client, world.staff)
    assert portal.desk == world.gent and not portal.computed
    assert [row.obligation.code for row in portal.rows] == [f"D{n}" for n in range(1, 8)]
    assert "Nog niet berekend" in page and "nog niet berekend" in page


def test_shows_each_status_and_what_is_missing_with_a_link(client, world):
    consultation = record_consultation(
        user=world.staff,
        desk=world.gent,
        date=datetime.date.today(),
        kind=ConsultationKind.COOPERATION,
        invitees=[world.kind_en_co],
    )
    recompute_for_desk(world.gent.pk, datetime.date.today().year)
    [portal], page = _portal(client, world.staff)
    rows = {row.obligation.code: row for row in portal.rows}
    assert portal.computed
    assert rows["D1"].compliance.status == "not_met"
    [missing] = rows["D1"].missing
    assert missing.names == ["Het Zonnetje"]
    assert missing.url == reverse("obligations:consultation-detail", args=[consultation.pk])
    assert rows["D3"].compliance.status != "met"
    assert [m.url for m in rows["D3"].missing] == [missing.url]  # no minutes yet
    assert "Het Zonnetje" in page
    assert f'compliance-not_met">{rows["D1"].compliance.get_status_display()}<' in page


def test_links_where_to_record_or_upload(client, world):
    [portal], _page = _portal(client, world.staff)
    links = {row.obligation.code: [a.url for a in row.actions] for row in portal.rows}
    desk = world.gent.pk
    assert f"{reverse('obligations:consultation-create')}?desk={desk}" in links["D1"]
    assert f"{reverse('obligations:document-create')}?desk={desk}&kind=procedure" in links["D2"]
    assert f"{reverse('obligations:document-create')}?desk={desk}&kind=agreements" in links["D4"]
    assert links["D5"] == [reverse("obligations:report-list")]
    assert links["D6"][0].startswith(f"{reverse('obligations:evidence-create')}?desk={desk}")


def test_last_years_report_with_its_deadline_and_overdue_flag(client, world):
    with on(datetime.date(2026, 3, 31)):
        [portal], page = _portal(client, world.staff)
    assert portal.report_year == 2025 and portal.report is None
    assert portal.report_deadline == datetime.date(2026, 3, 31)
    assert not portal.report_overdue
    assert "31 maart 2026" in page
    with on(datetime.date(2026, 4, 1)):
        [portal], page = _portal(client, world.staff)
    assert portal.report_overdue and "te laat" in page


def test_a_submitted_report_is_not_overdue_and_is_linked(client, world):
    report = AnnualReport.objects.create(desk=world.gent, year=2025)
    AnnualReport.objects.filter(pk=report.pk).update(state="submitted")
    with on(datetime.date(2026, 5, 1)):
        [portal], page = _portal(client, world.staff)
    assert portal.report == report and not portal.report_overdue
    assert reverse("obligations:report-detail", args=[report.pk]) in page


def test_only_the_users_own_desks(client, world):
    portals, page = _portal(client, world.brugge_staff)
    assert [p.desk for p in portals] == [world.brugge]
    assert "Loket Gent" not in page


def test_no_portal_for_other_roles(client, world, client_manager):
    client.force_login(client_manager)
    assert not client.get(reverse("home")).context.get("desk_portals")


def test_queries_do_not_grow_with_the_number_of_desks(client, db):
    def count(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        assert response.status_code == 200
        return len(queries), response

    one_desk = DeskFactory(municipalities=["44021"])
    one = UserFactory(username="een", role=roles.DESK_STAFF, desks=[one_desk])
    five_desks = [DeskFactory(municipalities=["44021"]) for _ in range(5)]
    five = UserFactory(username="vijf", role=roles.DESK_STAFF, desks=five_desks)
    for desk in [one_desk, *five_desks]:
        recompute_for_desk(desk.pk, datetime.date.today().year)
        AnnualReport.objects.create(desk=desk, year=datetime.date.today().year - 1)
    queries_one, _ = count(one)
    queries_five, response = count(five)
    assert len(response.context["desk_portals"]) == 5
    assert queries_five == queries_one
