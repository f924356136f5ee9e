"""The annual report import: all or nothing, every bad row listed with its line and a Dutch reason,
new reports submitted, open or returned ones replaced with history, others never overwritten."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from obligations.models import AnnualReport, ReportFigure
from tests.factories import DeskFactory, UserFactory

from .reporting import (
    FULL_2023,
    counts,
    csv_file,
    make_report,
    report_row,
    run,
    stored_figures,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desks():
    return DeskFactory(code="LLKO-1"), DeskFactory(code="LLKO-2")


def test_new_reports_are_submitted_with_their_figures_and_history(desks):
    user = UserFactory(username="importeur")
    rows = [report_row("LLKO-1", 2023), report_row("LLKO-2", 2024, full_year="no")]

    report = run(csv_file(rows), user=user)

    assert not report.refused, report.errors
    assert report.summary == "2 nieuw, 0 gewijzigd, 0 ongewijzigd."
    first = AnnualReport.objects.get(desk=desks[0], year=2023)
    second = AnnualReport.objects.get(desk=desks[1], year=2024)
    assert (first.state, first.full_year) == ("submitted", True)
    assert (second.state, second.full_year) == ("submitted", False)
    assert first.submitted_at is not None
    assert stored_figures(first) == FULL_2023
    assert "priority_group" not in stored_figures(second)  # not registered from 2024 on
    history = list(AnnualReport.history.all()) + list(ReportFigure.history.all())
    assert len(history) == 2 + 11
    assert {h.history_user for h in history} == {user}
    assert {h.history_change_reason for h in history} == {"Import jaarverslagen.csv"}


def test_optional_rubrics_left_empty_are_not_registered(desks):
    row = report_row(
        **{
            f"{kind}_{code}": ""
            for kind in ("unique", "unanswered")
            for code in ("urgent", "extended_hours", "specific_care_needs")
        }
    )
    assert not run(csv_file([row])).refused
    assert set(stored_figures(AnnualReport.objects.get())) == {
        "total",
        "priority_group",
        "vulnerable_family",
    }


def test_xlsx_with_number_cells(desks):
    report = run(xlsx_file([report_row()]), file_name="jaarverslagen.xlsx")
    assert report.summary == "1 nieuw, 0 gewijzigd, 0 ongewijzigd."
    assert stored_figures(AnnualReport.objects.get()) == FULL_2023


def test_semicolon_csv_in_windows_1252(desks):
    data = csv_file([report_row(full_year="YES")], delimiter=";").decode().encode("cp1252")
    assert run(data).summary == "1 nieuw, 0 gewijzigd, 0 ongewijzigd."


def test_same_file_twice_changes_nothing(desks):
    data = csv_file([report_row("LLKO-1", 2023), report_row("LLKO-2", 2023)])
    run(data)
    before = counts()

    again = run(data)

    assert again.summary == "0 nieuw, 0 gewijzigd, 2 ongewijzigd."
    assert counts() == before


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"unanswered_urgent": "11"},
            "Regel 2: unanswered_urgent (11) is groter dan unique_urgent (10): er zijn niet meer "
            "vragen zonder opvangvoorstel dan unieke vragen.",
        ),
        (
            {"unanswered_total": "101"},
            "Regel 2: unanswered_total (101) is groter dan unique_total (100): er zijn niet meer "
            "vragen zonder opvangvoorstel dan unieke vragen.",
        ),
        (
            {"unique_vulnerable_family": "120", "unanswered_vulnerable_family": "9"},
            "Regel 2: unique_vulnerable_family (120) is groter dan unique_total (100): een rubriek "
            "telt niet meer vragen dan het totaal.",
        ),
        (
            {"unique_urgent": "60", "unanswered_urgent": "50"},
            "Regel 2: unanswered_urgent (50) is groter dan unanswered_total (40): een rubriek "
            "telt niet meer vragen dan het totaal.",
        ),
        (
            {"year": "2024", "unique_priority_group": "3", "unanswered_priority_group": "1"},
            "Regel 2: unique_priority_group moet leeg zijn: de rubriek Voorrangsgroepen bestaat "
            "niet in 2024 (enkel van 2019 tot en met 2023).",
        ),
        ({"desk_code": "LLKO-9"}, "Regel 2: loket LLKO-9 bestaat niet."),
        ({"desk_code": ""}, "Regel 2: desk_code is leeg."),
        ({"unique_urgent": "-3"}, "Regel 2: unique_urgent mag niet negatief zijn, niet '-3'."),
        ({"unique_urgent": "tien"}, "Regel 2: unique_urgent 'tien' is geen geheel getal."),
        ({"unique_urgent": "10.5"}, "Regel 2: unique_urgent '10.5' is geen geheel getal."),
        ({"unique_total": "9999999999"}, "Regel 2: unique_total '9999999999' is te groot."),
        ({"unique_total": ""}, "Regel 2: unique_total is leeg; het totaal is verplicht."),
        ({"unanswered_total": ""}, "Regel 2: unanswered_total is leeg; het totaal is verplicht."),
        (
            {"unanswered_urgent": ""},
            "Regel 2: unanswered_urgent is leeg terwijl unique_urgent ingevuld is: vul beide in, "
            "of laat beide leeg als de rubriek Dringende opvang niet geregistreerd werd.",
        ),
        ({"year": "2018"}, "Regel 2: year '2018' is geen geldig jaar (2019 tot en met "),
        ({"year": "2999"}, "Regel 2: year '2999' is geen geldig jaar (2019 tot en met "),
        ({"year": "twintig"}, "Regel 2: year 'twintig' is geen geldig jaar"),
        ({"year": ""}, "Regel 2: year is leeg."),
        ({"full_year": "ja"}, "Regel 2: full_year moet 'yes' of 'no' zijn, niet 'ja'."),
        ({"full_year": ""}, "Regel 2: full_year is leeg."),
    ],
)
def test_bad_row_is_refused_in_dutch_and_nothing_is_stored(desks, values, message):
    before = counts()
    report = run(csv_file([report_row(**values), report_row("LLKO-2")]))
    assert report.refused
    assert report.errors[0].startswith(message)
    assert all(error.startswith("Regel 2: ") for error in report.errors)  # the good row: none
    assert report.refusal_heading.startswith(
        "Het bestand werd geweigerd, er werd niets ingelezen ("
    )
    assert counts() == before


def test_every_bad_row_is_listed_in_line_order(desks):
    rows = [
        report_row("LLKO-1"),
        report_row("LLKO-9"),
        report_row("LLKO-2", unanswered_urgent="99"),
        report_row("LLKO-1"),
    ]
    report = run(csv_file(rows))
    assert [error.split(":")[0] for error in report.errors] == [
        "Regel 3",
        "Regel 4",  # above unanswered_unique
        "Regel 4",  # above unanswered_total
        "Regel 5",
    ]
    assert report.errors[-1] == (
        "Regel 5: loket LLKO-1 en jaar 2023 komen meer dan eens voor in het bestand "
        "(ook op regel 2)."
    )
    assert AnnualReport.objects.count() == 0


def test_same_desk_in_another_year_is_no_duplicate(desks):
    report = run(csv_file([report_row("LLKO-1", 2022), report_row("LLKO-1", 2023)]))
    assert report.summary == "2 nieuw, 0 gewijzigd, 0 ongewijzigd."


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"desk_code,year\nLLKO-1,2023\n", "x.csv", "Kolom ontbreekt: full_year."),
        (csv_file([]), "x.csv", "Het bestand bevat geen gegevens."),
        (b"PK\x03\x04 geen werkboek", "x.xlsx", "Het bestand kan niet gelezen worden als XLSX."),
        (b"", "x.ods", "Onbekend bestandstype '.ods': gebruik een .csv- of .xlsx-bestand."),
    ],
)
def test_unreadable_file_or_wrong_columns_are_refused(desks, data, name, message):
    report = run(data, file_name=name)
    assert message in report.errors
    assert AnnualReport.objects.count() == 0


def test_unknown_column_is_refused(desks):
    columns = (*report_row().keys(), "opmerking")
    report = run(csv_file([report_row()], columns=columns))
    assert report.errors[0].startswith("Onbekende kolom: opmerking")


def test_dry_run_stores_nothing(desks):
    before = counts()
    report = run(csv_file([report_row()]), dry_run=True)
    assert (
        report.summary
        == "Proefimport, er werd niets opgeslagen: 1 nieuw, 0 gewijzigd, 0 ongewijzigd."
    )
    assert counts() == before


# Existing reports


@pytest.mark.parametrize("state", ["open", "returned"])
def test_open_or_returned_report_is_replaced_and_submitted_with_history(desks, state):
    user = UserFactory(username="importeur")
    old = make_report(desks[0], 2023, state, figures={"total": (5, 1), "urgent": (2, 1)})
    history_before = old.history.count()

    report = run(
        csv_file([report_row(unique_urgent="", unanswered_urgent="", full_year="no")]), user=user
    )

    assert report.summary == "0 nieuw, 1 gewijzigd, 0 ongewijzigd."
    old.refresh_from_db()
    assert (old.state, old.full_year) == ("submitted", False)
    assert old.submitted_at is not None
    expected = {code: value for code, value in FULL_2023.items() if code != "urgent"}
    assert stored_figures(old) == expected
    latest = old.history.first()
    assert old.history.count() == history_before + 1
    assert (latest.history_user, latest.history_change_reason) == (user, "Import jaarverslagen.csv")
    assert latest.prev_record.state == state
    deleted = ReportFigure.history.get(history_type="-")  # the urgent figure, no longer registered
    assert deleted.history_user == user


@pytest.mark.parametrize("state", ["submitted", "validated", "shared", "published"])
def test_report_past_submission_with_the_same_figures_is_unchanged(desks, state):
    make_report(desks[0], 2023, state, figures=FULL_2023)
    before = counts()
    report = run(csv_file([report_row()]))
    assert report.summary == "0 nieuw, 0 gewijzigd, 1 ongewijzigd."
    assert counts() == before


def test_submitted_report_is_not_overwritten(desks):
    make_report(desks[0], 2023, "submitted", figures=FULL_2023)
    before = counts()
    report = run(csv_file([report_row(unique_total="101")]))
    assert report.errors == [
        "Regel 2: het jaarverslag 2023 van loket LLKO-1 is al ingediend en wacht op validatie; "
        "het bestand geeft andere cijfers. Een ingediend verslag wordt niet overschreven: laat "
        "het eerst terugsturen naar het loket."
    ]
    assert counts() == before


@pytest.mark.parametrize(
    ("state", "name"),
    [
        ("validated", "gevalideerd"),
        ("shared", "gedeeld met de organisatoren"),
        ("published", "gepubliceerd"),
    ],
)
def test_validated_shared_or_published_report_is_never_overwritten(desks, state, name):
    make_report(desks[0], 2023, state, figures=FULL_2023)
    before = counts()
    report = run(csv_file([report_row(full_year="no")]))
    assert report.errors == [
        f"Regel 2: het jaarverslag 2023 van loket LLKO-1 heeft de status '{name}' en wordt niet "
        "meer overschreven; het bestand geeft andere cijfers."
    ]
    assert counts() == before


def test_a_refused_row_keeps_the_replaceable_ones_unchanged_too(desks):
    open_report = make_report(desks[0], 2023, "open")
    make_report(desks[1], 2023, "validated", figures=FULL_2023)
    report = run(csv_file([report_row("LLKO-1"), report_row("LLKO-2", unique_total="120")]))
    assert report.refused
    open_report.refresh_from_db()
    assert open_report.state == "open"
    assert open_report.figures.count() == 0


def test_compliance_is_recomputed_for_each_desk_and_year_after_the_commit(
    desks, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(
        "obligations.services.compliance.recompute_for_desk",
        lambda desk_id, year: calls.append((desk_id, year)),
    )
    rows = [report_row("LLKO-1", 2022), report_row("LLKO-1", 2023), report_row("LLKO-2", 2023)]
    with django_capture_on_commit_callbacks(execute=True):
        run(csv_file(rows))
    # D5 of year Y is about the report of year Y-1
    expected = [(desks[0].pk, 2023), (desks[0].pk, 2024), (desks[1].pk, 2024)]
    assert sorted(calls) == sorted(expected)


def test_many_rows_are_written_in_bulk_not_row_by_row():
    """About 2,300 rows for ten years of 228 desks: queries per batch of rows, not per row."""
    for n in range(30):
        DeskFactory(code=f"LLKO-{n:03d}")
    rows = [report_row(f"LLKO-{n:03d}", year) for n in range(30) for year in range(2019, 2026)]
    with CaptureQueriesContext(connection) as queries:
        report = run(csv_file(rows))
    assert len(queries) < len(rows) / 5
    assert report.created == 210
    assert ReportFigure.objects.count() == 30 * (5 * 6 + 2 * 5)
