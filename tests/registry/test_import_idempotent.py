"""Importing the same file again changes nothing: no new rows and no new history rows."""

import pytest

from registry.models import Desk, Location, Organisation, ServiceArea

from .importing import counts, csv_file, desk_row, location_row, organisation_row, run


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "rows"),
    [
        (
            "organisations",
            [organisation_row(), organisation_row(name="Kinderopvang Het Nest bv", email="")],
        ),
        (
            "desks",
            [
                desk_row(desk_code="LLKO-1", municipalities="44021;44083"),
                desk_row(desk_code="LLKO-2", municipalities="", valid_from=""),
            ],
        ),
        (
            "locations",
            [
                location_row(file_number="KO-1"),
                location_row(file_number="KO-2", care_type="family", places="8", email=""),
            ],
        ),
    ],
)
def test_second_import_of_the_same_file_changes_nothing(kind, rows):
    data = csv_file(kind, rows)
    first = run(kind, data)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    after_first = counts()

    second = run(kind, data)
    assert not second.refused
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert second.summary == "0 nieuw, 0 gewijzigd, 2 ongewijzigd."
    assert counts() == after_first


@pytest.mark.django_db
def test_a_changed_row_is_updated_and_only_that_row_gets_a_history_row():
    rows = [location_row(file_number="KO-1"), location_row(file_number="KO-2")]
    run("locations", csv_file("locations", rows))
    rows[1]["places"] = "24"
    rows[1]["opening_hours"] = "ma-vr 7:30-18:00"

    report = run("locations", csv_file("locations", rows))

    assert report.summary == "0 nieuw, 1 gewijzigd, 1 ongewijzigd."
    changed = Location.objects.get(file_number="KO-2")
    assert (changed.places, changed.opening_hours) == (24, "ma-vr 7:30-18:00")
    assert changed.history.count() == 2
    assert changed.history.first().history_type == "~"
    assert Location.objects.get(file_number="KO-1").history.count() == 1


@pytest.mark.django_db
def test_rows_that_name_the_same_new_operator_create_it_once():
    kbo = organisation_row()["enterprise_number"]
    rows = [
        desk_row(desk_code="LLKO-1", operator_kbo=kbo),
        desk_row(desk_code="LLKO-2", operator_kbo=kbo),
    ]
    report = run("desks", csv_file("desks", rows))
    assert report.summary == "2 nieuw, 0 gewijzigd, 0 ongewijzigd. Nieuwe organisaties: 1."
    assert Organisation.objects.get().desks.count() == 2
    assert Desk.objects.count() == 2
    assert ServiceArea.objects.count() == 2


@pytest.mark.django_db
def test_dry_run_counts_but_saves_nothing():
    before = counts()
    report = run("locations", csv_file("locations", [location_row()]), dry_run=True)
    assert report.summary == (
        "Proefimport, er werd niets opgeslagen: 1 nieuw, 0 gewijzigd, 0 ongewijzigd. "
        "Nieuwe organisaties: 1."
    )
    assert counts() == before
