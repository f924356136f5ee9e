"""``manage.py import_registry``: the same path as the admin; a refusal exits non-zero."""

import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from registry.models import Location
from tests.factories import UserFactory

from .importing import counts, csv_file, location_row, xlsx_file


def call(*args):
    out = io.StringIO()
    call_command("import_registry", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "locaties.csv"
    path.write_bytes(csv_file("locations", [location_row(file_number=f"KO-{n}") for n in range(3)]))
    return path


@pytest.fixture
def bad_file(tmp_path):
    rows = [
        location_row(file_number="KO-1"),
        location_row(file_number="KO-2", nis_code="99999"),
        location_row(file_number="KO-3", care_type="family", places="10"),
    ]
    path = tmp_path / "locaties-fout.csv"
    path.write_bytes(csv_file("locations", rows))
    return path


@pytest.mark.django_db
def test_prints_a_summary_in_dutch_and_records_the_user(good_file):
    user = UserFactory(username="importeur")
    output = call("locations", str(good_file), "--user", "importeur")
    assert output == "3 nieuw, 0 gewijzigd, 0 ongewijzigd. Nieuwe organisaties: 3."
    assert {h.history_user for h in Location.history.all()} == {user}
    assert call("locations", str(good_file)) == "0 nieuw, 0 gewijzigd, 3 ongewijzigd."


@pytest.mark.django_db
def test_refusal_raises_with_every_bad_row(bad_file, time_machine):
    time_machine.move_to("2025-06-01")
    before = counts()
    with pytest.raises(CommandError) as refused:
        call("locations", str(bad_file))
    assert str(refused.value).splitlines() == [
        "Het bestand werd geweigerd, er werd niets ingelezen (2 fout(en)):",
        "Regel 3: NIS-code 99999 bestaat niet op 2025-06-01.",
        "Regel 4: gezinsopvang heeft hoogstens 8 plaatsen, niet 10.",
    ]
    assert counts() == before


@pytest.mark.django_db
def test_dry_run_saves_nothing(good_file):
    before = counts()
    output = call("locations", str(good_file), "--dry-run")
    assert output.startswith("Proefimport, er werd niets opgeslagen: 3 nieuw")
    assert counts() == before


@pytest.mark.django_db
def test_xlsx_by_extension(tmp_path):
    path = tmp_path / "locaties.xlsx"
    path.write_bytes(xlsx_file("locations", [location_row(places=12)]))
    assert call("locations", str(path)).startswith("1 nieuw")


@pytest.mark.django_db
def test_unknown_user_and_missing_file(good_file, tmp_path):
    with pytest.raises(CommandError, match="Gebruiker niemand bestaat niet."):
        call("locations", str(good_file), "--user", "niemand")
    with pytest.raises(CommandError, match="kan niet geopend worden"):
        call("locations", str(tmp_path / "weg.csv"))


@pytest.mark.django_db
def test_exit_status_is_non_zero_on_refusal(bad_file, capsys):
    """As run from a shell: ``manage.py`` exits with status 1 and prints the errors."""
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import_registry", "locations", str(bad_file)]).execute()
    assert exited.value.code == 1
    assert "gezinsopvang heeft hoogstens 8 plaatsen, niet 10." in capsys.readouterr().err
