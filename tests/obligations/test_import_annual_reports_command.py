"""``manage.py import_annual_reports``: the same path as the admin; a refusal prints every bad row
and exits with a non-zero status."""

import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from obligations.models import AnnualReport
from tests.factories import DeskFactory, UserFactory

from .reporting import counts, csv_file, report_row

pytestmark = pytest.mark.django_db


def call(*args):
    out = io.StringIO()
    call_command("import_annual_reports", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def desk():
    return DeskFactory(code="LLKO-1")


@pytest.fixture
def good_file(tmp_path, desk):
    path = tmp_path / "jaarverslagen.csv"
    path.write_bytes(csv_file([report_row(year=year) for year in (2022, 2023)]))
    return path


@pytest.fixture
def bad_file(tmp_path, desk):
    rows = [
        report_row(year=2022),
        report_row(year=2023, unanswered_total="400"),
        report_row(year=2024, unique_priority_group="2", unanswered_priority_group="1"),
        report_row(desk_code="LLKO-9"),
    ]
    path = tmp_path / "jaarverslagen-fout.csv"
    path.write_bytes(csv_file(rows))
    return path


def test_prints_a_summary_and_records_the_user(good_file):
    user = UserFactory(username="importeur")
    assert call(str(good_file), "--user", "importeur") == "2 nieuw, 0 gewijzigd, 0 ongewijzigd."
    assert {h.history_user for h in AnnualReport.history.all()} == {user}
    assert call(str(good_file)) == "0 nieuw, 0 gewijzigd, 2 ongewijzigd."


def test_dry_run_saves_nothing(good_file):
    output = call(str(good_file), "--dry-run")
    assert output == "Proefimport, er werd niets opgeslagen: 2 nieuw, 0 gewijzigd, 0 ongewijzigd."
    assert AnnualReport.objects.count() == 0


def test_refusal_lists_every_bad_row_and_stores_nothing(bad_file):
    before = counts()
    with pytest.raises(CommandError) as refused:
        call(str(bad_file))
    lines = str(refused.value).splitlines()
    assert lines[0] == "Het bestand werd geweigerd, er werd niets ingelezen (4 fout(en)):"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "Regel 3",
        "Regel 4",
        "Regel 4",
        "Regel 5",
    ]
    assert lines[-1] == "Regel 5: loket LLKO-9 bestaat niet."
    assert counts() == before


def test_non_zero_exit_status(bad_file, capsys):
    """Run as from a shell: the exit status is 1 and the errors go to stderr."""
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import_annual_reports", str(bad_file)]).execute()
    assert exited.value.code == 1
    assert "Regel 5: loket LLKO-9 bestaat niet." in capsys.readouterr().err


def test_unknown_user_or_missing_file(good_file, tmp_path):
    with pytest.raises(CommandError, match="Gebruiker niemand bestaat niet."):
        call(str(good_file), "--user", "niemand")
    with pytest.raises(CommandError, match="kan niet geopend worden"):
        call(str(tmp_path / "geen.csv"))
    assert AnnualReport.objects.count() == 0
