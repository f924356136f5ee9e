"""The report commands: formats, one table, an output file, and their refusals."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import DeskFactory
from tests.obligations.reporting import FULL_2023, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def gent(db):
    desk = DeskFactory(name="Loket Gent", municipalities=["44021"])
    make_report(desk, 2023, "validated", figures=FULL_2023)
    return desk


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_csv_to_the_terminal_is_the_first_table(gent):
    out, _err = _run("registration_report", "--year=2023", "--format=csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["Provincie", "Unieke opvangvragen", "Zonder opvangvoorstel"]
    assert ["Oost-Vlaanderen", "100", "40"] in rows
    assert rows[-1] == ["Totaal", "100", "40"]


def test_one_province_by_desk(gent):
    out, _err = _run("registration_report", "--year=2023", "--province=oost-vlaanderen")
    assert "Registratiecijfers 2023, Oost-Vlaanderen, per loket" in out
    assert "Loket Gent" in out


def test_xlsx_with_one_table(gent, tmp_path):
    output = tmp_path / "urgent.xlsx"
    _out, err = _run(
        "registration_report",
        "--year=2023",
        "--format=xlsx",
        "--table=urgent",
        f"--output={output}",
    )
    assert str(output) in err
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Toelichting", "Dringende opvang"]
    assert list(book["Dringende opvang"].iter_rows(max_row=1, values_only=True)) == [
        ("Provincie", "Unieke opvangvragen", "Zonder opvangvoorstel")
    ]


def test_text_to_a_file(gent, tmp_path):
    output = tmp_path / "dekking.txt"
    out, _err = _run("coverage_report", "--date=2023-05-31", f"--output={output}")
    assert out == ""
    text = output.read_text(encoding="utf-8")
    assert text.startswith("Dekking op 31 mei 2023")
    assert "Gemeenten zonder loket" in text


def test_coverage_csv_shares_have_one_decimal(gent):
    out, _err = _run("coverage_report", "--date=2025-06-01", "--format=csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][3] == "Aandeel gedekt (%)"
    assert rows[-1][:4] == ["Totaal", "304", "1", "0.3"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["registration_report", "--year=2023", "--format=xlsx"], "--output"),
        (["registration_report", "--year=2023", "--table=nope"], "Unknown table 'nope'"),
        (["registration_report", "--year=2023", "--province=Henegouwen"], "Unknown province"),
        (["coverage_report", "--date=31/05/2023"], "not a date"),
        (["coverage_report", "--output=/nonexistent/dir/x.txt"], "Cannot write"),
    ],
)
def test_refusals(db, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_the_year_is_required(db):
    with pytest.raises(CommandError, match="--year"):
        _run("registration_report")
