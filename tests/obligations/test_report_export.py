"""The report list exports in the import format (the filtered list, in scope); importing the
export changes nothing."""

import io

import openpyxl
import pytest
from django.urls import reverse

from obligations.report_import import COLUMNS
from tests.factories import DeskFactory

from .reporting import FULL_2023, counts, desk_staff, make_report, run

pytestmark = pytest.mark.django_db

LIST = reverse("obligations:report-list")


@pytest.fixture
def reports():
    gent = DeskFactory(code="LLKO-GENT", municipalities=["44021"])
    brugge = DeskFactory(code="LLKO-BRUGGE", municipalities=["31005"])
    figures_2024 = {c: v for c, v in FULL_2023.items() if c not in ("priority_group", "urgent")}
    return [
        make_report(gent, 2023, "validated", figures=FULL_2023),
        make_report(gent, 2024, "submitted", figures=figures_2024, full_year=False),
        make_report(brugge, 2023, "published", figures=FULL_2023),
    ]


def test_csv_export_has_the_import_columns_and_values(client, client_manager, reports):
    client.force_login(client_manager)
    response = client.get(LIST + "?export=csv")
    assert response["Content-Disposition"].startswith('attachment; filename="jaarverslagen-')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1] == "LLKO-BRUGGE,2023,yes,100,40,10,5,8,3,30,12,20,9,4,1"
    assert lines[3] == "LLKO-GENT,2024,no,100,40,,,8,3,,,20,9,4,1"


def test_export_is_the_filtered_list_in_scope(client, reports):
    client.force_login(desk_staff(reports[0].desk))
    response = client.get(LIST + "?export=csv&year=2023")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[:2] for line in lines[1:]] == [["LLKO-GENT", "2023"]]


def test_importing_the_export_changes_nothing(client, client_manager, reports):
    client.force_login(client_manager)
    data = client.get(LIST + "?export=xlsx").content
    assert openpyxl.load_workbook(io.BytesIO(data)).active.max_row == 4
    before = counts()
    report = run(data, file_name="export.xlsx")
    assert report.summary == "0 nieuw, 0 gewijzigd, 3 ongewijzigd."
    assert counts() == before
