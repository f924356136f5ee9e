"""A desk's service area from ``valid_from``: new municipalities are added, the ones no longer
listed are closed the day before, and earlier periods stay as they were."""

import datetime

import pytest

from registry.models import ServiceArea

from .importing import counts, csv_file, desk_row, run

D = datetime.date


def areas():
    return sorted(
        (a.municipality.nis_code, a.valid_from, a.valid_to)
        for a in ServiceArea.objects.select_related("municipality")
    )


@pytest.fixture
def desk(db):
    row = desk_row(municipalities="44021;44083", valid_from="2025-01-01")
    run("desks", csv_file("desks", [row]))
    return row


def test_new_desk_gets_an_area_per_municipality(desk):
    assert areas() == [("44021", D(2025, 1, 1), None), ("44083", D(2025, 1, 1), None)]


def test_reimport_with_another_list_closes_and_adds(desk):
    changed = {**desk, "municipalities": "44021;23088", "valid_from": "2025-07-01"}

    report = run("desks", csv_file("desks", [changed]), file_name="loketten-juli.csv")

    assert report.summary == "0 nieuw, 1 gewijzigd, 0 ongewijzigd."
    assert areas() == [
        ("23088", D(2025, 7, 1), None),
        ("44021", D(2025, 1, 1), None),
        ("44083", D(2025, 1, 1), D(2025, 6, 30)),
    ]
    closed = ServiceArea.objects.get(municipality__nis_code="44083")
    assert closed.history.first().history_change_reason == "Import loketten-juli.csv"
    assert closed.history.first().history_type == "~"
    # The desk itself did not change: no history row for it.
    assert counts()["Desk"] == (1, 1)

    after = counts()
    assert run("desks", csv_file("desks", [changed])).summary == (
        "0 nieuw, 0 gewijzigd, 1 ongewijzigd."
    )
    assert counts() == after


def test_an_earlier_file_again_restores_its_area(desk):
    later = {**desk, "municipalities": "44021;23088", "valid_from": "2025-07-01"}
    run("desks", csv_file("desks", [later]))

    run("desks", csv_file("desks", [desk]))

    # 44083 reopened, 23088 (which would only start after valid_from) removed.
    assert areas() == [("44021", D(2025, 1, 1), None), ("44083", D(2025, 1, 1), None)]
    assert ServiceArea.history.filter(history_type="-").count() == 1


def test_same_date_with_a_shorter_list_removes_the_area_that_was_wrong(desk):
    run("desks", csv_file("desks", [{**desk, "municipalities": "44021"}]))
    assert areas() == [("44021", D(2025, 1, 1), None)]


def test_empty_list_with_a_date_closes_everything(desk):
    run("desks", csv_file("desks", [{**desk, "municipalities": "", "valid_from": "2026-01-01"}]))
    assert areas() == [
        ("44021", D(2025, 1, 1), D(2025, 12, 31)),
        ("44083", D(2025, 1, 1), D(2025, 12, 31)),
    ]


def test_empty_list_without_a_date_leaves_the_area_alone(desk):
    report = run("desks", csv_file("desks", [{**desk, "municipalities": "", "valid_from": ""}]))
    assert report.unchanged == 1
    assert len(areas()) == 2


def test_codes_of_before_the_mergers_with_an_old_date(db):
    row = desk_row(municipalities="11002;11007", valid_from="2024-01-01")
    run("desks", csv_file("desks", [row]))
    area = ServiceArea.objects.get(municipality__nis_code="11007")
    assert area.municipality.name == "Borsbeek"
    assert area.municipality.valid_to == D(2024, 12, 31)
