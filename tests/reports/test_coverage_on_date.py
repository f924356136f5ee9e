"""Coverage on a date (seed 000, answer 1) uses the service areas, the municipalities and the desk
statuses of that date: around a service-area change (2023-06-01), a desk stopped in between, and
the mergers of 1 January 2025 (319 municipalities before, 304 after)."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.services import change_desk_status
from reports.coverage import coverage_report
from tests.factories import DeskFactory

from .support import NEW, OLD, area

pytestmark = pytest.mark.django_db

D = datetime.date
LAST_OLD_DAY = D(2024, 12, 31)


@pytest.fixture
def desks(db):
    # Hasselt and Kortessem (Limburg), one desk; merged into Hasselt (71072) on 2025-01-01.
    hasselt = DeskFactory(code="LLKO-71022")
    area(hasselt, "71022", OLD, LAST_OLD_DAY)
    area(hasselt, "73040", OLD, LAST_OLD_DAY)
    area(hasselt, "71072", NEW, period=NEW)
    # Gent adds Merelbeke on 2023-06-01; Merelbeke merges into Merelbeke-Melle in 2025.
    gent = DeskFactory(code="LLKO-44021")
    area(gent, "44021", OLD, LAST_OLD_DAY)
    area(gent, "44021", NEW, period=NEW)
    area(gent, "44043", D(2023, 6, 1), LAST_OLD_DAY)
    area(gent, "44088", NEW, period=NEW)
    # Aalst: entered in 2020, stopped on 2023-03-01 (its area was never closed).
    with time_machine.travel(datetime.datetime(2020, 1, 10, 12, tzinfo=datetime.UTC)):
        aalst = DeskFactory(code="LLKO-41002")
    area(aalst, "41002", OLD)
    with time_machine.travel(datetime.datetime(2023, 3, 1, 12, tzinfo=datetime.UTC)):
        change_desk_status(aalst.pk, "stop", actor=None, reason="Loket stopgezet")
    # Leuven: entered today (after the dates asked), its area on the 2019-2024 Leuven only.
    leuven = DeskFactory(code="LLKO-24062")
    area(leuven, "24062", OLD)
    # Genk: never notified, so never active.
    genk = DeskFactory(code="LLKO-71016", status="not_notified")
    area(genk, "71016", OLD)


def totals(date):
    report = coverage_report(date)
    row = report.table("coverage").total
    municipalities, covered, share, intermunicipal, inter_share, active = row.values
    return municipalities, covered, intermunicipal, active


def province(date, label):
    table = coverage_report(date).table("coverage")
    return next(row.values for row in table.rows if row.label == label)


def test_before_the_service_area_change(desks):
    # Hasselt, Kortessem (intermunicipal), Gent, Leuven; Aalst was stopped, Genk never notified.
    assert totals(D(2023, 5, 31)) == (319, 4, 2, 3)


def test_a_stopped_desk_counts_until_its_stop(desks):
    assert totals(D(2023, 2, 28)) == (319, 5, 2, 4)
    assert totals(D(2023, 3, 1)) == (319, 4, 2, 3)


def test_after_the_service_area_change(desks):
    # Merelbeke joins Gent: Gent becomes intermunicipal.
    assert totals(D(2023, 6, 1)) == (319, 5, 4, 3)
    assert totals(LAST_OLD_DAY) == (319, 5, 4, 3)


def test_after_the_mergers(desks):
    # 304 municipalities; Hasselt alone (no longer intermunicipal); Gent and Merelbeke-Melle;
    # Leuven's area is on a municipality that no longer exists: it covers nothing.
    assert totals(NEW) == (304, 3, 2, 2)
    limburg_2024, limburg_2025 = province(LAST_OLD_DAY, "Limburg"), province(NEW, "Limburg")
    assert limburg_2024[:2] + limburg_2024[3:4] == [42, 2, 2]
    assert limburg_2025[:2] + limburg_2025[3:4] == [38, 1, 0]


def test_shares_and_the_municipalities_without_a_desk(desks):
    report = coverage_report(D(2023, 6, 1))
    total = report.table("coverage").total.values
    assert (total[2].part, total[2].whole, total[2].percent) == (5, 319, 1.6)
    assert (total[4].part, total[4].whole, total[4].percent) == (4, 5, 80.0)
    without = report.table("without-desk")
    assert len(without.rows) == 314
    assert "Aalst" in [row.label for row in without.rows]
    assert "Merelbeke" not in [row.label for row in without.rows]
    assert report.summary[0] == (
        "Op 1 juni 2023 waren 3 loketten actief in 5 gemeenten, of 1,6% van de 319 gemeenten die "
        "op die datum bestonden."
    )


def test_no_desk_no_division_by_zero(db):
    report = coverage_report(D(2023, 5, 31))
    assert report.table("coverage").total.values[:2] == [319, 0]
    assert report.table("coverage").total.values[4].percent is None


def test_command_prints_the_coverage(desks):
    out = io.StringIO()
    call_command("coverage_report", "--date", "2025-01-01", stdout=out)
    text = out.getvalue()
    assert "Dekking op 1 januari 2025" in text
    assert "Op 1 januari 2025 waren 2 loketten actief in 3 gemeenten" in text
    assert "Deze cijfers lezen" in text


def test_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="2023-13-01"):
        call_command("coverage_report", "--date", "2023-13-01", stdout=io.StringIO())
