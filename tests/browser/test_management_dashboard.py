"""Management opens the dashboard from the navigation, filters it by year and province, sees a
table with its chart, and downloads the XLSX of every table."""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from supervision import roles
from tests.factories import UserFactory
from tests.reports.dashboard_support import make_world

pytestmark = pytest.mark.browser


def test_management_filters_the_dashboard_by_province_and_downloads_the_xlsx(
    reference_data, live_server, login
):
    make_world()
    UserFactory(username="directie", role=roles.MANAGEMENT)
    page = login("directie", "wachtwoord-123")

    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Cijfers"
    ).click()
    page.get_by_role("link", name="Dashboard voor het management").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Meldingen en dossiers \d{4}$"))
    expect(page.get_by_text(re.compile(r"^Berekend op \d"))).to_be_visible()

    filters = page.get_by_role("form", name="Kies de cijfers")
    filters.get_by_label("Jaar").select_option("2022")
    filters.get_by_label("Provincie").select_option(label="Oost-Vlaanderen")
    filters.get_by_role("button", name="Tonen").click()

    expect(page).to_have_url(re.compile(r"[?&]province=\d+"))
    expect(heading).to_have_text("Meldingen en dossiers 2022, Oost-Vlaanderen")
    per_province = page.get_by_role("table", name="Meldingen 2022 per provincie")
    expect(per_province.locator("tbody tr")).to_have_count(1)
    expect(per_province.locator("tbody tr")).to_contain_text("Oost-Vlaanderen")
    expect(page.get_by_role("img", name="Meldingen 2022 per provincie")).to_be_visible()
    mediation = page.get_by_role("table", name="Medewerking verkregen dankzij bemiddeling, 2022")
    expect(mediation.locator("tfoot")).to_contain_text("Totaal")

    with page.expect_download() as download_info:
        page.locator("p.export", has_text="Alle tabellen").get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert download.suggested_filename == "meldingen-en-dossiers-2022-oost-vlaanderen.xlsx"
    with open(download.path(), "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    assert book.sheetnames[0] == "Toelichting"
    assert "Meldingen per provincie" in book.sheetnames
    assert [cell.value for cell in book["Meldingen per provincie"][2]] == ["Oost-Vlaanderen", 2]
    explanation = [[cell.value for cell in row] for row in book["Toelichting"].iter_rows()]
    assert ["Provincie", "Oost-Vlaanderen"] in explanation
