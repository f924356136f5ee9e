"""The dashboard page: who may open it, the year and province filters, a chart beside every
table, when the figures were computed, the row links and the downloads."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Province
from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality

from .dashboard_support import make_world

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")


@pytest.fixture
def management(client, management_user):
    make_world()
    client.force_login(management_user)
    return client


def _oost_vlaanderen():
    return Province.objects.get(report_label="Oost-Vlaanderen")


@pytest.mark.parametrize("role", [roles.MANAGEMENT, roles.CLIENT_MANAGER])
def test_management_and_client_managers_open_the_dashboard(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(DASHBOARD + "?year=2022&export=xlsx").status_code == 200
    index = client.get(reverse("reports:index"))
    assert DASHBOARD in index.content.decode()


def test_desk_staff_and_local_governments_are_refused(client):
    desk = DeskFactory(municipalities=["44021"])
    users = [
        UserFactory(role=roles.DESK_STAFF, desks=[desk]),
        UserFactory(role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]),
        UserFactory(role=None),
    ]
    for user in users:
        client.force_login(user)
        assert client.get(DASHBOARD).status_code == 403
        assert client.get(DASHBOARD + "?year=2022&export=xlsx").status_code == 403
        assert client.get(DASHBOARD + "?year=2022&export=csv&table=mediation").status_code == 403
    # Desk staff still see the registration figures in the index, not the dashboard.
    client.force_login(users[0])
    index = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:registration") in index
    assert DASHBOARD not in index


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_without_parameters_this_year_nationally(management):
    response = management.get(DASHBOARD)
    report = response.context["report"]
    this_year = str(timezone.localdate().year)
    assert report.parameters == [("Jaar", this_year), ("Provincie", "Alle provincies")]


def test_a_chart_beside_every_table_and_the_moment_of_computing(management):
    response = management.get(DASHBOARD, {"year": 2022})
    page = response.content.decode()
    report = response.context["report"]
    assert len(report.tables) == 10
    assert page.count('role="img"') == len(report.tables)
    for table in report.tables:
        assert f'<title id="chart-{table.slug}-title">{table.title}</title>' in page
        assert f'aria-labelledby="chart-{table.slug}-title chart-{table.slug}-desc"' in page
    assert "<script" not in page
    assert re.search(r"Berekend op \d", page)
    assert "Meldingen en dossiers 2022" in page


def test_filter_by_year_and_province(management):
    province = _oost_vlaanderen()
    response = management.get(DASHBOARD, {"year": 2022, "province": province.pk})
    report = response.context["report"]
    assert report.parameters == [("Jaar", "2022"), ("Provincie", "Oost-Vlaanderen")]
    rows = report.table("signals-per-province").rows
    assert [(row.label, row.values) for row in rows] == [("Oost-Vlaanderen", [2])]
    assert rows[0].link == f"?year=2022&province={province.pk}"
    years = {row.label: row.link for row in report.table("signals-per-year").rows}
    assert years["2021"] == f"?year=2021&province={province.pk}"


def test_province_rows_open_the_province(management):
    report = management.get(DASHBOARD, {"year": 2022}).context["report"]
    links = {row.label: row.link for row in report.table("mediation").rows}
    assert links["Oost-Vlaanderen"] == f"?year=2022&province={_oost_vlaanderen().pk}"
    assert links["Geen provincie bekend"] == ""
    years = {row.label: row.link for row in report.table("signals-per-year").rows}
    assert years["2023"] == "?year=2023"


def test_a_year_before_the_first_signal_is_refused(management):
    response = management.get(DASHBOARD, {"year": 1990})
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors["year"]


def test_csv_of_one_table(management):
    response = management.get(
        DASHBOARD, {"year": 2022, "export": "csv", "table": "signals-per-province"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "meldingen-en-dossiers-2022-signals-per-province.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Provincie", "Meldingen"]
    assert ["Geen provincie bekend", "1"] in rows
    assert rows[-1] == ["Totaal", "6"]


def test_xlsx_of_every_table(management):
    province = _oost_vlaanderen()
    response = management.get(DASHBOARD, {"year": 2022, "province": province.pk, "export": "xlsx"})
    assert "meldingen-en-dossiers-2022-oost-vlaanderen.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Toelichting"
    assert "Meldingen per provincie" in book.sheetnames
    assert "Bemiddeling" in book.sheetnames
    assert len(book.sheetnames) == 11
    sheet = book["Meldingen per provincie"]
    assert [cell.value for cell in sheet[2]] == ["Oost-Vlaanderen", 2]


def test_an_unknown_table_is_not_found(management):
    response = management.get(DASHBOARD, {"year": 2022, "export": "csv", "table": "nope"})
    assert response.status_code == 404


def test_the_navigation_leads_to_the_figures(management):
    page = management.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("reports:index")}"' in page
    assert ">Cijfers<" in page
