"""The dashboard and the signals report cost the same number of queries for 1 signal, case and
decision as for 50 of each (with desks, locations, obligations, history): the database groups,
and the open cases are read with their age in one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Province
from reports.dashboard import dashboard_report, signals_report
from supervision import roles
from tests.factories import DeskFactory, LocationFactory, UserFactory, municipality

from .dashboard_support import at, case, decision, signal

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
PAGES = [
    DASHBOARD + "?year=2022",
    DASHBOARD + "?year=2022&province={province}",
    DASHBOARD + "?year=2022&export=csv&table=mediation",
    DASHBOARD + "?year=2022&export=xlsx",
]
CITIES = ["44021", "11002", "24062", "71011"]


def _add(n):
    """``n`` times: a desk with a signal and an open case with its history, a provider's
    location with a signal and a closed case, an approved measure on a licence track."""
    from sanctions.models import EnforcementTrack

    recorder = UserFactory(username="registratie", role=roles.CLIENT_MANAGER)
    for i in range(n):
        city = CITIES[i % len(CITIES)]
        desk = DeskFactory(municipalities=[city])
        location = LocationFactory(municipality=municipality(city))
        day = datetime.date(2022, 1 + i % 12, 1 + i % 28)
        signal(day, desk=desk, reported_by=recorder, obligations=["D1", "D2"])
        signal(
            day,
            provider=location.organisation,
            locations=[location],
            reported_by=recorder,
            obligations=["P1"],
            source="desk",
        )
        open_case = case(
            2022,
            "talk",
            [(at(2022, 3, 1), "received"), (at(2022, 4, 1), "talk")],
            desk=desk,
            opened_at=at(2022, 3, 1),
            deadline=datetime.date(2022, 5, 1),
        )
        case(
            2022,
            "closed",
            outcome="resolved_mediation",
            provider=location.organisation,
            locations=[location],
        )
        track = EnforcementTrack.objects.create(
            number=f"HH-{open_case.number}",
            case=open_case,
            kind="licence",
            facts="Feiten",
            notice_deadline=day,
            opened_by=recorder,
        )
        track.locations.set([location])
        decision(track, "fine", "approved", at(2022, 6, 1), amount=100)


def _queries(func):
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def _province():
    return Province.objects.get(report_label="Oost-Vlaanderen").pk


@pytest.mark.parametrize("page", PAGES)
def test_pages(client, management_user, page):
    client.force_login(management_user)
    _add(1)
    url = page.format(province=_province())

    def get():
        assert client.get(url).status_code == 200

    one = _queries(get)
    _add(49)
    fifty = _queries(get)
    assert fifty == one, f"{one} queries for 1 of each, {fifty} for 50"


def test_the_reports_read_in_a_fixed_number_of_queries():
    _add(1)
    assert _queries(lambda: dashboard_report(2022)) == 8
    assert _queries(lambda: signals_report(2022)) == 6
    _add(49)
    assert _queries(lambda: dashboard_report(2022)) == 8
    province = Province.objects.first()
    assert _queries(lambda: dashboard_report(2022, province=province)) == 10
    assert _queries(lambda: signals_report(2022)) == 6
