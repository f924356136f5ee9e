"""The daily overdue check: the assignee of an open case whose deadline has passed is reminded by
email, once per deadline; an extended deadline that passes again gives a new reminder."""

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections

from cases import services
from cases.models import Notification, NotificationStatus
from cases.notifications import flag_overdue
from cases.tasks import flag_overdue_cases
from cases.workflow import CaseState
from tests.factories import DeskFactory

from .support import case_handler, make_case

S = CaseState
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
DEADLINE = datetime.date(2026, 5, 4)


def at(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(6, 30), BRUSSELS), tick=False
    )


def day(n):
    return DEADLINE + datetime.timedelta(days=n)


@pytest.fixture
def handler(db):
    return case_handler()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the daily check on a day, with the emails sent after the commit as in production."""

    def run_on(today):
        with at(today), django_capture_on_commit_callbacks(execute=True):
            return flag_overdue()

    return run_on


def overdue_case(state=S.INVESTIGATION, **fields):
    return make_case(state, about_desk=DeskFactory(name="Loket Gent"), deadline=DEADLINE, **fields)


def test_not_overdue_on_the_deadline_itself(handler, run):
    overdue_case(assignee=handler)
    assert run(DEADLINE) == 0
    assert not Notification.objects.exists() and mail.outbox == []


def test_the_day_after_the_deadline_the_assignee_is_reminded_once(handler, run):
    case = overdue_case(assignee=handler)
    assert run(day(1)) == 1
    notification = Notification.objects.get()
    assert (notification.event, notification.recipient, notification.once_key) == (
        "overdue",
        handler,
        "overdue:2026-05-04",
    )
    assert notification.status == NotificationStatus.SENT
    [message] = mail.outbox
    assert message.to == [handler.email]
    assert case.number in message.subject and "Loket Gent" in message.subject
    assert "verstreken" in message.subject and "04/05/2026" in message.body

    assert run(day(2)) == 0
    assert run(day(30)) == 0
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_an_extended_deadline_that_passes_again_gives_a_new_reminder(handler, run):
    case = overdue_case(assignee=handler)
    run(day(1))
    with at(day(2)):
        services.extend_deadline(case.pk, actor=handler, until=day(10), reason="Wacht op stukken")
    assert run(day(10)) == 0
    assert run(day(11)) == 1
    assert run(day(12)) == 0
    assert sorted(Notification.objects.values_list("once_key", flat=True)) == [
        "overdue:2026-05-04",
        "overdue:2026-05-14",
    ]
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("state", [S.RECEIVED, S.INVESTIGATION, S.TALK, S.ENFORCEMENT])
def test_every_open_state_is_checked(handler, run, state):
    overdue_case(state, assignee=handler)
    assert run(day(1)) == 1


def test_not_for_a_closed_case(handler, run):
    overdue_case(S.CLOSED, assignee=handler)
    assert run(day(1)) == 0
    assert not Notification.objects.exists()


def test_not_for_a_case_without_assignee(db, run):
    overdue_case()
    assert run(day(1)) == 0
    assert not Notification.objects.exists()


def test_not_for_an_assignee_without_email_or_no_longer_active(handler, run):
    overdue_case(assignee=handler)
    handler.email = ""
    handler.save()
    assert run(day(1)) == 0
    handler.email = "behandelaar@opgroeien.be"
    handler.is_active = False
    handler.save()
    assert run(day(1)) == 0
    assert not Notification.objects.exists()


def test_a_new_assignee_of_an_overdue_case_is_reminded_too(handler, run):
    case = overdue_case(assignee=handler)
    run(day(1))
    colleague = case_handler("collega")
    case.assignee = colleague
    case.save()
    assert run(day(2)) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([handler.email, colleague.email])


def test_the_beat_task_takes_the_day_as_text(handler, django_capture_on_commit_callbacks):
    overdue_case(assignee=handler)
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_overdue_cases.delay("2026-05-04").get() == 0
        assert flag_overdue_cases.delay(day(1).isoformat()).get() == 1
    assert len(mail.outbox) == 1


def test_two_runs_at_once_write_one_reminder(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: run with DATABASE_URL=postgres://...")
    overdue_case(assignee=case_handler())
    results = []
    barrier = threading.Barrier(2)

    def check():
        try:
            barrier.wait()
            results.append(flag_overdue(day(1)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
