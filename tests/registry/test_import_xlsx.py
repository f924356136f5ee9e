"""XLSX files import like CSV: numbers, dates and booleans from spreadsheet cells are understood."""

import datetime

import pytest

from registry.models import Desk, Location, Organisation

from .importing import counts, desk_row, location_row, run, xlsx_file


@pytest.mark.django_db
def test_xlsx_with_typed_cells():
    desk = desk_row(
        operator_kbo=403170701,  # a number: the leading zero is lost in the spreadsheet
        municipalities=44021,
        valid_from=datetime.datetime(2025, 1, 1),
        central_registration=True,
    )
    location = location_row(
        places=18, subsidy_level=2, postal_code=9000, income_related_tariff=False, phone=None
    )

    assert run("desks", xlsx_file("desks", [desk]), file_name="loketten.xlsx").created == 1
    report = run("locations", xlsx_file("locations", [location]), file_name="locaties.xlsx")

    assert report.summary == "1 nieuw, 0 gewijzigd, 0 ongewijzigd. Nieuwe organisaties: 1."
    desk = Desk.objects.get()
    assert desk.operator.enterprise_number == "0403170701"
    assert desk.central_registration is True
    assert desk.service_areas.get().valid_from == datetime.date(2025, 1, 1)
    location = Location.objects.get()
    assert (location.places, location.subsidy_level, location.postal_code) == (18, 2, "9000")
    assert location.income_related_tariff is False
    assert location.phone == ""
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_xlsx_refusal_names_the_sheet_row():
    rows = [
        location_row(file_number="KO-1"),
        location_row(file_number="KO-2", places=12, care_type="family"),
    ]
    before = counts()
    report = run("locations", xlsx_file("locations", rows), file_name="locaties.xlsx")
    assert report.errors == ["Regel 3: gezinsopvang heeft hoogstens 8 plaatsen, niet 12."]
    assert counts() == before


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook():
    report = run("locations", b"desk_code,name\n", file_name="locaties.xlsx")
    assert report.errors == ["Het bestand kan niet gelezen worden als XLSX."]


@pytest.mark.django_db
def test_semicolon_separated_csv_as_excel_saves_it_in_dutch():
    data = (
        "file_number;name;operator_kbo;operator_name;care_type;places;nis_code;street;"
        "postal_code;city;subsidy_level;income_related_tariff;licence_status;phone;email;"
        "opening_hours\n"
        "KO-1;Kinderdagverblijf Zonneschijn;0403.170.701;Zonneschijn vzw;group;14;44021;"
        "Veldstraat 2;9000;Gent;1;no;active;;;ma-vr\n"
    ).encode("cp1252")
    report = run("locations", data)
    assert report.summary == "1 nieuw, 0 gewijzigd, 0 ongewijzigd. Nieuwe organisaties: 1."
