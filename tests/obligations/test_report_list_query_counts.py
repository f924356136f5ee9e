"""The annual report list and its export cost the same number of queries for 1 report and for
50, for every kind of user."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality

from .reporting import FULL_2023, desk_staff, make_report

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def _reports(n, desk=None):
    for _ in range(n):
        make_report(
            desk or DeskFactory(municipalities=["44021", "44083"]),
            2023,
            "submitted",
            figures=FULL_2023,
        )


@pytest.mark.parametrize("query", ["", "?o=-desk&full_year=true", "?export=csv", "?export=xlsx"])
def test_client_manager_list_and_export(client, client_manager, query):
    client.force_login(client_manager)
    url = reverse("obligations:report-list") + query
    _reports(1)
    one, _ = _count(client, url)
    _reports(49)
    fifty, response = _count(client, url)
    if not query.startswith("?export"):
        assert len(response.context["object_list"]) == 50
    assert fifty == one, f"{one} queries for 1 report, {fifty} for 50"


def test_province_and_overdue_filters(client, client_manager):
    client.force_login(client_manager)
    province = municipality("44021").province
    url = reverse("obligations:report-list") + f"?province={province.pk}&overdue=false"
    _reports(1)
    one, _ = _count(client, url)
    _reports(49)
    fifty, response = _count(client, url)
    assert len(response.context["object_list"]) == 50
    assert fifty == one


def test_desk_staff_list(client):
    desk = DeskFactory(municipalities=["44021"])
    client.force_login(desk_staff(desk))
    url = reverse("obligations:report-list")
    make_report(desk, 2019)
    one, _ = _count(client, url)
    for year in range(2020, 2026):
        make_report(desk, year)
    _reports(10)  # other desks' reports are not listed
    more, response = _count(client, url)
    assert len(response.context["object_list"]) == 7
    assert more == one


def test_local_government_list(client):
    client.force_login(
        UserFactory(
            username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
        )
    )
    url = reverse("obligations:report-list")
    _reports(1)
    one, _ = _count(client, url)
    _reports(49)
    fifty, response = _count(client, url)
    assert len(response.context["object_list"]) == 50
    assert fifty == one
