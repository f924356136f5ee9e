"""Desks and their 2022 annual reports, imported in the registry's and the annual-report import
formats, built to sum to seed 000's 2022 tables (with desks that registered part of the year, a
desk without a report, a report of another year): ``registration_report`` gives exactly those
tables, on the page, in the command's text, CSV and XLSX."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from obligations.models import AnnualReport
from registry.models import Province
from reports.registration import registration_report

from .support import SEED_000_PRIORITY_GROUP, SEED_000_TOTAL, import_seed_000, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_000(db):
    import_seed_000()


def _grouped(number):
    return f"{number:,}".replace(",", ".")


def test_the_report_gives_seed_000_tables(seed_000):
    report = registration_report(2022)
    assert table_rows(report.table("total")) == SEED_000_TOTAL
    assert table_rows(report.table("priority_group")) == SEED_000_PRIORITY_GROUP


def test_partial_years_missing_reports_and_other_years_are_listed_not_counted(seed_000):
    report = registration_report(2022)
    not_counted = {
        row.values[0]: (row.values[1], row.values[2]) for row in report.table("not-counted").rows
    }
    assert not_counted == {
        "LLKO-11002": ("Antwerpen", "geen jaarverslag"),
        "LLKO-13040": ("Antwerpen", "registraties voor een deel van het jaar"),
        "LLKO-71016": ("Limburg", "registraties voor een deel van het jaar"),
        "LLKO-34022": ("West-Vlaanderen", "registraties voor een deel van het jaar"),
        "LLKO-35013": ("West-Vlaanderen", "geen jaarverslag"),
    }
    desks = {row.label: row.values for row in report.table("desks").all_rows()}
    assert desks["Antwerpen"] == [2, 1, 0, 1]
    assert desks["Totaal"] == [10, 3, 0, 2]


def test_every_rubric_of_the_year_has_its_table_and_an_unregistered_rubric_is_said(seed_000):
    report = registration_report(2022)
    slugs = [table.slug for table in report.tables]
    assert slugs == [
        "total",
        "urgent",
        "extended_hours",
        "priority_group",
        "vulnerable_family",
        "specific_care_needs",
        "desks",
        "not-counted",
    ]
    assert report.table("specific_care_needs").notes == [
        "1 van de 10 meegetelde loketten registreerde deze rubriek niet: hun vragen zitten niet in "
        "deze tabel."
    ]
    assert report.table("urgent").notes == []


def test_a_province_by_desk(seed_000):
    limburg = Province.objects.get(report_label="Limburg")
    report = registration_report(2022, province=limburg)
    assert table_rows(report.table("total")) == [
        ("LLKO Regio Hasselt-Kortessem", 2274, 948),
        ("Totaal", 2274, 948),
    ]
    assert [row.values[0] for row in report.table("not-counted").rows] == ["LLKO-71016"]
    assert report.table("desks") is None


def test_command_csv_gives_seed_000_tables(seed_000, tmp_path):
    for slug, expected in (("total", SEED_000_TOTAL), ("priority_group", SEED_000_PRIORITY_GROUP)):
        output = tmp_path / f"{slug}.csv"
        call_command(
            "registration_report",
            "--year=2022",
            "--format=csv",
            f"--table={slug}",
            f"--output={output}",
            stderr=io.StringIO(),
        )
        rows = list(csv.reader(io.StringIO(output.read_bytes().decode("utf-8-sig"))))
        assert rows[0] == ["Provincie", "Unieke opvangvragen", "Zonder opvangvoorstel"]
        assert rows[1:] == [[label, str(u), str(a)] for label, u, a in expected]


def test_command_table_prints_seed_000_tables_with_the_caveats_and_no_percentage(seed_000):
    out = io.StringIO()
    call_command("registration_report", "--year", "2022", stdout=out)
    text = out.getvalue()
    sections = text.split("\n\n")
    total = next(s for s in sections if s.startswith("Opvangvragen 2022 – Totaal"))
    priority = next(s for s in sections if s.startswith("Opvangvragen 2022 – Voorrangsgroepen"))
    for section, expected in ((total, SEED_000_TOTAL), (priority, SEED_000_PRIORITY_GROUP)):
        for label, unique, unanswered in expected:
            line = rf"^{re.escape(label)}\s+{_grouped(unique)}\s+{_grouped(unanswered)}$"
            assert re.search(line, section, re.MULTILINE), (label, section)
    assert "Bereken geen percentage onbeantwoorde vragen" in text
    assert "Ouders kunnen zich bij verschillende loketten inschrijven" in text
    assert "Lokaal Loket Kinderopvang Antwerpen" in text  # the desk without a report
    assert "%" not in text


def test_command_xlsx_holds_seed_000_tables_and_the_caveats(seed_000, tmp_path):
    output = tmp_path / "registraties.xlsx"
    call_command(
        "registration_report",
        "--year=2022",
        "--format=xlsx",
        f"--output={output}",
        stderr=io.StringIO(),
    )
    book = openpyxl.load_workbook(output)
    assert book.sheetnames[0] == "Toelichting"
    explanation = " ".join(str(c.value) for row in book["Toelichting"].iter_rows() for c in row)
    assert "Bereken geen percentage onbeantwoorde vragen" in explanation
    for sheet, expected in (
        ("Totaal", SEED_000_TOTAL),
        ("Voorrangsgroepen", SEED_000_PRIORITY_GROUP),
    ):
        rows = list(book[sheet].iter_rows(min_row=2, max_row=8, values_only=True))
        assert rows == [tuple(values) for values in expected]


def test_the_page_shows_seed_000_tables(seed_000, client, management_user):
    client.force_login(management_user)
    response = client.get(reverse("reports:registration"), {"year": 2022})
    assert response.status_code == 200
    report = response.context["report"]
    assert table_rows(report.table("total")) == SEED_000_TOTAL
    content = response.content.decode()
    assert "40.543" in content and "15.238" in content
    assert "Bereken geen percentage onbeantwoorde vragen" in content


def test_submitted_reports_awaiting_validation_are_counted_and_said(seed_000):
    assert set(AnnualReport.objects.filter(year=2022).values_list("state", flat=True)) == {
        "submitted"
    }
    report = registration_report(2022)
    assert "10 van deze verslagen wachten nog op validatie door een klantenbeheerder." in (
        report.summary
    )
