"""Recomputing derived compliance: history rows with the reason and no user, nothing written when
nothing changed, a fixed number of queries whatever the number of desks."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from obligations import tasks
from obligations.models import Compliance
from obligations.services import compliance

from .compliance_records import (
    derive_desk,
    desk_with_locations,
    make_consultation,
    make_document,
)

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2025, 6, 1)


def test_derived_rows_get_a_history_row_automatisch_afgeleid_without_user():
    desk, _ = desk_with_locations(1)
    rows = derive_desk(desk)
    assert set(rows) == {"D1", "D2", "D3", "D4", "D5", "D6", "D7"}
    for row in rows.values():
        (record,) = row.history.all()
        assert (record.history_type, record.history_change_reason, record.history_user) == (
            "+",
            "Automatisch afgeleid",
            None,
        )


def test_recomputing_without_changes_writes_nothing():
    desk, _ = desk_with_locations(2)
    derive_desk(desk)
    before = Compliance.history.count()
    result = compliance.recompute_for_desk(desk.pk, 2025, today=JUNE)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 7)
    assert Compliance.history.count() == before


def test_a_change_in_the_records_rewrites_only_the_rows_it_changes():
    desk, locations = desk_with_locations(1)
    derive_desk(desk)
    make_consultation(
        desk, datetime.date(2025, 3, 1), invitees=[locations[0].organisation], minutes=True
    )
    result = compliance.recompute_for_desk(desk.pk, 2025, today=JUNE)
    assert (result.updated, result.unchanged) == (2, 5)
    d1 = Compliance.objects.get(desk=desk, obligation__code="D1", year=2025)
    assert d1.status == "met"
    latest = d1.history.first()
    assert (latest.history_type, latest.history_change_reason, latest.history_user) == (
        "~",
        "Automatisch afgeleid",
        None,
    )
    assert [h.status for h in d1.history.order_by("history_date")] == ["pending", "met"]


def test_a_date_passing_turns_pending_into_overdue():
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk, today=datetime.date(2025, 10, 1))["D3"].status == "pending"
    assert derive_desk(desk, today=datetime.date(2025, 11, 2))["D3"].status == "overdue"


def test_recompute_for_desk_leaves_other_desks_alone():
    desk, _ = desk_with_locations(1)
    other, _ = desk_with_locations(1, nis="44088")
    derive_desk(desk)
    assert not Compliance.objects.filter(desk=other).exists()


def test_recompute_all_derives_every_desk_and_location():
    desk, locations = desk_with_locations(3)
    result = compliance.recompute_all(2025, today=JUNE)
    assert result["2025"]["created"] == 7 + 3 * 5
    assert Compliance.objects.filter(year=2025, desk=desk).count() == 7
    assert Compliance.objects.filter(year=2025, location__in=locations).count() == 15
    again = compliance.recompute_all(2025, today=JUNE)
    assert (again["2025"]["created"], again["2025"]["updated"]) == (0, 0)


def test_recompute_all_without_a_year_does_this_year_and_the_last():
    desk_with_locations(1)
    result = compliance.recompute_all(today=datetime.date(2026, 1, 5))
    assert set(result) == {"2025", "2026"}
    assert set(Compliance.objects.values_list("year", flat=True)) == {2025, 2026}


def test_the_nightly_task_recomputes_everything():
    desk, _ = desk_with_locations(1)
    result = tasks.recompute_all_compliance.delay(2025).get()
    assert result["2025"]["created"] == 7 + 5
    assert Compliance.objects.filter(desk=desk, year=2025).count() == 7


def _reads_for_recompute_all():
    """The queries of a recompute, less its INSERTs and UPDATEs (bulk writes go in batches whose
    size the database's limit on query parameters sets)."""
    with CaptureQueriesContext(connection) as queries:
        compliance.recompute_all(2025, today=JUNE)
    return [q["sql"] for q in queries if not q["sql"].startswith(("INSERT", "UPDATE"))]


def test_recompute_all_queries_do_not_grow_with_desks():
    def add_desks(count):
        for _n in range(count):
            desk, locations = desk_with_locations(2)
            make_consultation(desk, datetime.date(2025, 3, 1), invitees=[locations[0].organisation])
            make_document(desk, "agreements", communicated_on=JUNE, recipients=locations)

    add_desks(1)
    one = _reads_for_recompute_all()
    Compliance.objects.all().delete()
    add_desks(49)
    fifty = _reads_for_recompute_all()
    assert Compliance.objects.filter(desk__isnull=False).count() == 50 * 7
    assert len(fifty) == len(one), f"{len(one)} reads for 1 desk, {len(fifty)} for 50"
    assert len(one) <= 20


def test_a_recompute_during_a_request_records_no_user():
    """After-commit recomputes run inside the request of the write that caused them: their history
    rows still carry no user (the change is the system's, not the user's)."""
    from django.test import RequestFactory
    from simple_history.models import HistoricalRecords

    from supervision import roles
    from tests.factories import UserFactory

    desk, _ = desk_with_locations(1)
    request = RequestFactory().get("/")
    request.user = UserFactory(role=roles.DESK_STAFF, desks=[desk])
    HistoricalRecords.context.request = request
    try:
        rows = derive_desk(desk)
    finally:
        del HistoricalRecords.context.request
    assert {row.history.get().history_user for row in rows.values()} == {None}


def test_recording_a_consultation_recomputes_the_desk_after_commit(
    django_capture_on_commit_callbacks,
):
    from obligations.services.consultations import record_consultation
    from supervision import roles
    from tests.factories import UserFactory

    desk, locations = desk_with_locations(1)
    derive_desk(desk, year=datetime.date.today().year, today=datetime.date.today())
    staff = UserFactory(role=roles.DESK_STAFF, desks=[desk])
    with django_capture_on_commit_callbacks(execute=True):
        record_consultation(
            user=staff,
            desk=desk,
            date=datetime.date.today(),
            kind="cooperation",
            invitees=[locations[0].organisation],
        )
    d1 = Compliance.objects.get(desk=desk, obligation__code="D1", year=datetime.date.today().year)
    assert d1.status == "met"
    assert d1.history.first().history_change_reason == "Automatisch afgeleid"
