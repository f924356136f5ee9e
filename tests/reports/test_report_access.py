"""Who sees which figures: coverage is for those who see every party (management, client
managers); registration figures are national for them, and limited to the desks in scope for
desk staff and local governments (``for_user``), desk by desk, in the page and its downloads."""

import csv
import io

import pytest
from django.urls import reverse

from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality
from tests.obligations.reporting import FULL_2023, desk_staff, make_report

pytestmark = pytest.mark.django_db

REGISTRATION = reverse("reports:registration")
COVERAGE = reverse("reports:coverage")


@pytest.fixture
def gent_and_leuven(db):
    gent = DeskFactory(name="Loket Gent", municipalities=["44021"])
    leuven = DeskFactory(name="Loket Leuven", municipalities=["24062"])
    make_report(gent, 2023, "validated", figures=FULL_2023)
    make_report(leuven, 2023, "validated", figures={"total": (500, 200)})
    return gent, leuven


def _labels(response, slug):
    return [str(row.label) for row in response.context["report"].table(slug).all_rows()]


@pytest.mark.parametrize("role", [roles.MANAGEMENT, roles.CLIENT_MANAGER])
def test_management_and_client_managers_see_coverage(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(COVERAGE).status_code == 200


@pytest.mark.parametrize("role", [roles.DESK_STAFF, roles.LOCAL_GOVERNMENT, None])
def test_coverage_is_refused_to_the_others(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(COVERAGE).status_code == 403
    assert client.get(COVERAGE + "?date=2023-05-31&export=csv").status_code == 403


def test_anonymous_users_are_sent_to_the_login(client):
    for url in (COVERAGE, REGISTRATION, reverse("reports:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_user_without_a_role_sees_no_registration_figures(client):
    client.force_login(UserFactory(role=None))
    assert client.get(REGISTRATION + "?year=2023").status_code == 403
    assert client.get(reverse("reports:index")).status_code == 403


def test_management_sees_every_desk_per_province(client, management_user, gent_and_leuven):
    client.force_login(management_user)
    response = client.get(REGISTRATION, {"year": 2023})
    rows = {str(r.label): r.values for r in response.context["report"].table("total").all_rows()}
    assert rows["Oost-Vlaanderen"] == [100, 40]
    assert rows["Vlaams-Brabant"] == [500, 200]
    assert rows["Totaal"] == [600, 240]


def test_desk_staff_see_only_their_desk(client, gent_and_leuven):
    gent, leuven = gent_and_leuven
    other = DeskFactory(name="Loket Aalst", municipalities=["41002"])  # no report: not listed
    client.force_login(desk_staff(gent))
    response = client.get(REGISTRATION, {"year": 2023})
    assert response.status_code == 200
    assert _labels(response, "total") == ["Loket Gent", "Totaal"]
    assert _labels(response, "not-counted") == []
    assert response.context["report"].table("desks") is None
    content = response.content.decode()
    assert "Loket Leuven" not in content and other.name not in content
    export = client.get(REGISTRATION, {"year": 2023, "export": "csv", "table": "total"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1:] == [["Loket Gent", "100", "40"], ["Totaal", "100", "40"]]


def test_desk_staff_asking_another_province_get_nothing_of_it(client, gent_and_leuven):
    gent, _leuven = gent_and_leuven
    client.force_login(desk_staff(gent))
    brabant = municipality("24062").province
    response = client.get(REGISTRATION, {"year": 2023, "province": brabant.pk})
    assert _labels(response, "total") == ["Totaal"]
    assert response.context["report"].table("total").total.values == [0, 0]


def test_a_local_government_sees_the_desks_serving_its_municipalities(client, gent_and_leuven):
    gent, _leuven = gent_and_leuven
    user = UserFactory(role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")])
    client.force_login(user)
    response = client.get(REGISTRATION, {"year": 2023})
    assert _labels(response, "total") == ["Loket Gent", "Totaal"]
    xlsx = client.get(REGISTRATION, {"year": 2023, "export": "xlsx"})
    assert xlsx.status_code == 200
    assert b"Loket Leuven" not in xlsx.content


def test_the_index_lists_the_pages_the_user_may_open(client, management_user, gent_and_leuven):
    client.force_login(management_user)
    pages = [page.url_name for page in client.get(reverse("reports:index")).context["pages"]]
    assert pages == ["reports:coverage", "reports:registration", "reports:dashboard"]
    client.force_login(desk_staff(gent_and_leuven[0]))
    pages = [page.url_name for page in client.get(reverse("reports:index")).context["pages"]]
    assert pages == ["reports:registration"]


def test_rows_link_to_a_province_or_to_the_report(client, management_user, gent_and_leuven):
    gent, _leuven = gent_and_leuven
    client.force_login(management_user)
    response = client.get(REGISTRATION, {"year": 2023})
    province = municipality("44021").province
    links = {str(r.label): r.link for r in response.context["report"].table("total").rows}
    assert links["Oost-Vlaanderen"] == f"?year=2023&province={province.pk}"
    response = client.get(REGISTRATION, {"year": 2023, "province": province.pk})
    (row,) = response.context["report"].table("total").rows
    report = gent.annual_reports.get()
    assert row.link == reverse("obligations:report-detail", args=[report.pk])
