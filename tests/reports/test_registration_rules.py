"""The rules of the registration figures: which reports count, which desks are listed as not
counted, the province of a desk, the rubrics of a year."""

import datetime

import pytest

from reports.registration import registration_report
from tests.factories import DeskFactory
from tests.obligations.reporting import FULL_2023, make_report

from .support import OLD, area, table_rows

pytestmark = pytest.mark.django_db

D = datetime.date


def _desk(name, *areas):
    desk = DeskFactory(name=name)
    for nis_code, valid_from, valid_to in areas:
        area(desk, nis_code, valid_from, valid_to)
    return desk


def _row(report, slug, label):
    return next(row.values for row in report.table(slug).all_rows() if str(row.label) == label)


def _not_counted(report):
    return {str(row.label): row.values[2] for row in report.table("not-counted").rows}


@pytest.mark.parametrize(
    "state, full_year, counted",
    [
        ("open", True, False),
        ("returned", True, False),
        ("submitted", True, True),
        ("validated", True, True),
        ("shared", True, True),
        ("published", True, True),
        ("published", False, False),
    ],
)
def test_which_reports_count(state, full_year, counted):
    desk = _desk("Loket Gent", ("44021", OLD, None))
    make_report(desk, 2023, state, full_year=full_year, figures={"total": (100, 40)})
    report = registration_report(2023)
    assert _row(report, "total", "Totaal") == ([100, 40] if counted else [0, 0])
    reason = _not_counted(report).get("Loket Gent")
    if counted:
        assert reason is None
    elif state in ("open", "returned"):
        assert reason == "jaarverslag niet ingediend (open of teruggestuurd naar het loket)"
    else:
        assert reason == "registraties voor een deel van het jaar"


def test_a_desk_counts_in_the_province_of_most_of_its_municipalities():
    # Zwijndrecht (Antwerpen) and two Oost-Vlaanderen municipalities: Oost-Vlaanderen.
    desk = _desk("Loket Waasland", ("11056", OLD, None), ("46003", OLD, None), ("46021", OLD, None))
    make_report(desk, 2023, "validated", figures={"total": (90, 30)})
    report = registration_report(2023)
    assert _row(report, "total", "Oost-Vlaanderen") == [90, 30]
    assert _row(report, "total", "Antwerpen") == [0, 0]


def test_a_tie_goes_to_the_first_province_in_report_order():
    desk = _desk("Loket Grens", ("11056", OLD, None), ("46003", OLD, None))
    make_report(desk, 2023, "validated", figures={"total": (10, 5)})
    assert _row(registration_report(2023), "total", "Antwerpen") == [10, 5]


def test_the_areas_of_the_year_decide_the_province():
    # Limburg until 2022, Vlaams-Brabant from 2023.
    desk = _desk("Loket Verhuisd", ("71022", OLD, D(2022, 12, 31)), ("24062", D(2023, 1, 1), None))
    make_report(desk, 2022, "validated", figures={"total": (7, 1)})
    make_report(desk, 2023, "validated", figures={"total": (8, 2)})
    assert _row(registration_report(2022), "total", "Limburg") == [7, 1]
    assert _row(registration_report(2023), "total", "Vlaams-Brabant") == [8, 2]


def test_a_desk_without_an_area_that_year_takes_the_province_of_its_other_areas():
    desk = _desk("Loket Oud", ("31005", OLD, D(2021, 12, 31)))
    make_report(desk, 2023, "validated", figures={"total": (5, 2)})
    assert _row(registration_report(2023), "total", "West-Vlaanderen") == [5, 2]


def test_a_desk_without_any_area_is_counted_under_no_province():
    desk = DeskFactory(name="Loket Zonder Gebied")
    make_report(desk, 2023, "validated", figures={"total": (3, 1)})
    report = registration_report(2023)
    assert _row(report, "total", "Geen provincie bekend") == [3, 1]
    assert _row(report, "total", "Totaal") == [3, 1]


def test_desks_without_a_report_are_those_with_an_area_during_the_year():
    _desk("Loket Actief", ("44021", OLD, None))
    _desk("Loket Gestopt", ("41002", OLD, D(2022, 6, 30)))
    _desk("Loket Nieuw", ("24062", D(2024, 1, 1), None))
    assert _not_counted(registration_report(2023)) == {"Loket Actief": "geen jaarverslag"}
    assert set(_not_counted(registration_report(2022))) == {"Loket Actief", "Loket Gestopt"}


def test_the_rubrics_of_the_year():
    desk = _desk("Loket Gent", ("44021", OLD, None))
    figures_2024 = {code: v for code, v in FULL_2023.items() if code != "priority_group"}
    make_report(desk, 2024, "validated", figures=figures_2024)
    report = registration_report(2024)
    assert report.table("priority_group") is None
    assert table_rows(report.table("vulnerable_family"))[-1] == ("Totaal", 20, 9)
