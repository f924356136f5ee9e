"""``manage.py signals_report --year 2022``: the signals tables of a year as text, CSV or XLSX,
one table or all, to the terminal or a file, and its refusals."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .dashboard_support import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("signals_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_text_by_default(world):
    out, _err = _run("--year=2022")
    assert out.startswith(
        "Meldingen 2022\n==============\nJaar: 2022\nProvincie: Alle provincies\n"
    )
    assert (
        "In 2022 werden 6 meldingen ontvangen: 3 over een loket en 3 over een organisator." in out
    )
    for title in (
        "Meldingen per jaar",
        "Meldingen 2022 per provincie",
        "Meldingen 2022 per soort partij",
        "Meldingen 2022 per verplichting",
        "Meldingen 2022 per bron",
        "Medewerking verkregen dankzij bemiddeling, 2022",
    ):
        assert f"\n{title}\n" in out
    assert "Dossiers geopend in 2022 per status" not in out  # the signals only
    assert "Deze cijfers lezen" in out


def test_csv_is_the_first_table_or_the_one_asked_for(world):
    out, _err = _run("--year=2022", "--format=csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["Jaar", "Meldingen"],
        ["2021", "1"],
        ["2022", "6"],
        ["2023", "1"],
        ["Totaal", "8"],
    ]
    out, _err = _run("--year=2022", "--format=csv", "--table=mediation")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][0] == "Provincie"
    assert rows[-1] == ["Totaal", "6", "6", "3", "2", "66.7"]


def test_xlsx_to_a_file(world, tmp_path):
    output = tmp_path / "meldingen.xlsx"
    _out, err = _run("--year=2022", "--format=xlsx", f"--output={output}")
    assert str(output) in err
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == [
        "Toelichting",
        "Meldingen per jaar",
        "Meldingen per provincie",
        "Meldingen per soort partij",
        "Meldingen per verplichting",
        "Meldingen per bron",
        "Bemiddeling",
    ]
    assert [cell.value for cell in book["Meldingen per bron"][1]] == ["Bron", "Meldingen"]


def test_refusals(world, tmp_path):
    with pytest.raises(CommandError, match="--output"):
        _run("--year=2022", "--format=xlsx")
    with pytest.raises(CommandError, match="Unknown table 'overdue'"):
        _run("--year=2022", "--table=overdue")
    with pytest.raises(CommandError, match="--year"):
        _run()
