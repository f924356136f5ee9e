"""Every report page, and its downloads, costs the same number of queries for 1 desk and for 50
(with their service areas, reports and figures), for every kind of user who may open it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality
from tests.obligations.reporting import FULL_2023, make_report

from .support import NEW, OLD, area

pytestmark = pytest.mark.django_db

GENT = "44021"


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _desks(n, *, year=2023):
    """``n`` desks serving Gent and Deinze (and the 2019-2024 Aalter until the mergers), most
    with a report of ``year`` in a state that counts, some partial or open, some without."""
    for i in range(n):
        desk = DeskFactory(municipalities=[GENT, "44083"])
        area(desk, "44084", OLD, NEW - datetime.timedelta(days=1))
        if i % 5 == 4:
            continue
        make_report(
            desk,
            year,
            "open" if i % 7 == 3 else "validated",
            full_year=i % 6 != 2,
            figures=FULL_2023,
        )
        make_report(desk, year - 1, "published", figures=FULL_2023)


def _province():
    return municipality(GENT).province.pk


REGISTRATION = reverse("reports:registration")
COVERAGE = reverse("reports:coverage")
PAGES = [
    REGISTRATION + "?year=2023",
    REGISTRATION + "?year=2023&province={province}",
    REGISTRATION + "?year=2023&export=csv&table=total",
    REGISTRATION + "?year=2023&export=xlsx",
    COVERAGE + "?date=2023-05-31",
    COVERAGE + "?date=2025-01-01&export=xlsx",
    COVERAGE + "?date=2024-12-31&export=csv&table=without-desk",
]


@pytest.mark.parametrize("page", PAGES)
def test_management_pages(client, management_user, page):
    client.force_login(management_user)
    _desks(1)
    url = page.format(province=_province())
    one = _count(client, url)
    _desks(49)
    fifty = _count(client, url)
    assert fifty == one, f"{one} queries for 1 desk, {fifty} for 50"


@pytest.mark.parametrize("page", PAGES[:4])
def test_local_government_registration_pages(client, page):
    user = UserFactory(role=roles.LOCAL_GOVERNMENT, municipalities=[municipality(GENT)])
    client.force_login(user)
    _desks(1)
    url = page.format(province=_province())
    one = _count(client, url)
    _desks(49)
    fifty = _count(client, url)
    assert fifty == one, f"{one} queries for 1 desk, {fifty} for 50"


def test_desk_staff_registration_page_as_the_years_grow(client):
    desk = DeskFactory(municipalities=[GENT])
    client.force_login(UserFactory(role=roles.DESK_STAFF, desks=[desk]))
    make_report(desk, 2023, "validated", figures=FULL_2023)
    one = _count(client, REGISTRATION + "?year=2023")
    for year in range(2019, 2023):
        make_report(desk, year, "published", figures=FULL_2023)
    _desks(20)  # other desks: out of scope
    more = _count(client, REGISTRATION + "?year=2023")
    assert more == one


def test_the_page_costs_a_handful_of_queries(client, management_user):
    client.force_login(management_user)
    _desks(10)
    registration = _count(client, REGISTRATION + "?year=2023")
    coverage = _count(client, COVERAGE + "?date=2023-05-31")
    assert registration <= 12, registration
    assert coverage <= 10, coverage
