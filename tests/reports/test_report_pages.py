"""The report pages: defaults without parameters, refused parameters, downloads of each table
and of the whole report, the moment of computing and the caveats on the page."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import DeskFactory
from tests.obligations.reporting import FULL_2023, make_report

pytestmark = pytest.mark.django_db

REGISTRATION = reverse("reports:registration")
COVERAGE = reverse("reports:coverage")


@pytest.fixture
def logged_in(client, management_user):
    client.force_login(management_user)
    return client


def test_without_parameters_the_pages_show_last_year_and_today(logged_in):
    response = logged_in.get(REGISTRATION)
    assert response.context["report"].parameters[0][1] == str(timezone.localdate().year - 1)
    response = logged_in.get(COVERAGE)
    assert response.context["report"].parameters[0][1] == timezone.localdate().isoformat()
    assert "Berekend op" in response.content.decode()


@pytest.mark.parametrize(
    "url, params",
    [
        (REGISTRATION, {"year": "2010"}),
        (REGISTRATION, {"year": "abc"}),
        (REGISTRATION, {"year": "2023", "province": "999999"}),
        (COVERAGE, {"date": "2023-02-30"}),
        (COVERAGE, {"date": ""}),
    ],
)
def test_refused_parameters_show_the_error_and_no_figures(logged_in, url, params):
    response = logged_in.get(url, params)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors
    # A download of refused parameters gives the page with its error, not a file.
    download = logged_in.get(url, {**params, "export": "csv"})
    assert download["Content-Type"].startswith("text/html")


def test_every_table_downloads_as_csv_and_xlsx(logged_in):
    make_report(DeskFactory(municipalities=["44021"]), 2023, "validated", figures=FULL_2023)
    page = logged_in.get(REGISTRATION, {"year": 2023})
    content = page.content.decode()
    for table in page.context["report"].tables:
        for fmt in ("csv", "xlsx"):
            assert f"export={fmt}&amp;table={table.slug}" in content
            response = logged_in.get(
                REGISTRATION, {"year": 2023, "export": fmt, "table": table.slug}
            )
            assert response.status_code == 200
            assert response["Content-Disposition"] == (
                f'attachment; filename="registratiecijfers-2023-{table.slug}.{fmt}"'
            )
    csv_rows = list(
        csv.reader(
            io.StringIO(
                logged_in.get(
                    REGISTRATION, {"year": 2023, "export": "csv", "table": "urgent"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert csv_rows[4] == ["Oost-Vlaanderen", "10", "5"]


def test_the_whole_report_downloads_as_one_workbook(logged_in):
    response = logged_in.get(COVERAGE, {"date": "2023-05-31", "export": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="dekking-2023-05-31.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Toelichting", "Dekking", "Zonder loket"]
    assert book["Dekking"]["A1"].value == "Provincie"
    assert book["Dekking"]["B8"].value == 319


def test_an_unknown_table_is_not_found(logged_in):
    response = logged_in.get(COVERAGE, {"date": "2023-05-31", "export": "csv", "table": "x"})
    assert response.status_code == 404


def test_the_registration_page_never_shows_a_share_of_unanswered_requests(logged_in):
    make_report(DeskFactory(municipalities=["44021"]), 2023, "validated", figures=FULL_2023)
    response = logged_in.get(REGISTRATION, {"year": 2023})
    for table in response.context["report"].tables:
        assert all(column.kind != "share" for column in table.columns)
    content = response.content.decode()
    assert "Deze cijfers lezen" in content
    assert "Bereken geen percentage onbeantwoorde vragen" in content
