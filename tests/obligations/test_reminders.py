"""Email reminders: a desk without a consultation by 1 November, and an annual report not yet
submitted 30 days before its deadline, each reminded once, by email to the desk's staff."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from obligations.models import AnnualReport, Consultation, ConsultationKind, Reminder
from obligations.reminders import send_due_reminders
from obligations.tasks import send_reminders
from supervision import roles
from tests.factories import DeskFactory, UserFactory

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def at(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(7), BRUSSELS), tick=False
    )


@pytest.fixture
def desk(db):
    desk = DeskFactory(name="Loket Gent", municipalities=["44021"])
    UserFactory(username="an", email="an@gent.be", role=roles.DESK_STAFF, desks=[desk])
    UserFactory(username="bo", email="", role=roles.DESK_STAFF, desks=[desk])
    return desk


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the reminders on a day, with the emails sent after the commit as in production."""

    def run_on(day):
        with at(day), django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders()

    return run_on


def _consultation(desk, day, kind=ConsultationKind.COOPERATION):
    staff = desk.staff.first()
    return Consultation.objects.create(desk=desk, date=day, kind=kind, recorded_by=staff)


# Consultation (D3)


def test_no_consultation_reminder_before_the_reminder_date(desk, run):
    assert run(datetime.date(2025, 10, 31)) == 0
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_a_desk_without_consultation_is_reminded_on_the_date_by_email(desk, run):
    assert run(datetime.date(2025, 11, 1)) == 1
    [message] = mail.outbox
    assert message.to == ["an@gent.be"]
    assert "Loket Gent" in message.subject and "2025" in message.subject
    assert "overleg" in message.body
    reminder = Reminder.objects.get()
    assert (reminder.desk, reminder.kind, reminder.year) == (desk, "consultation", 2025)
    assert reminder.sent_at is not None


def test_a_reminder_is_sent_once(desk, run):
    run(datetime.date(2025, 11, 1))
    assert run(datetime.date(2025, 11, 2)) == 0
    assert run(datetime.date(2025, 12, 15)) == 0
    assert len(mail.outbox) == 1


def test_reminded_when_the_date_passed_without_a_run(desk, run):
    assert run(datetime.date(2025, 11, 20)) == 1


def test_no_reminder_when_a_consultation_was_held(desk, run):
    _consultation(desk, datetime.date(2025, 3, 14))
    assert run(datetime.date(2025, 11, 1)) == 0
    assert mail.outbox == []


def test_a_consultation_of_another_kind_does_not_count_for_d3(desk, run):
    _consultation(desk, datetime.date(2025, 3, 14), kind=ConsultationKind.OTHER)
    assert run(datetime.date(2025, 11, 1)) == 1


def test_last_years_consultation_does_not_count(desk, run):
    _consultation(desk, datetime.date(2025, 3, 14))
    assert run(datetime.date(2026, 11, 1)) == 1
    assert Reminder.objects.get().year == 2026


@pytest.mark.parametrize("status", ["stopped", "not_notified", "subsidy_withdrawn"])
def test_no_reminder_for_a_desk_without_the_duty(db, run, status):
    desk = DeskFactory(status=status, municipalities=["44021"])
    UserFactory(username="an", email="an@gent.be", role=roles.DESK_STAFF, desks=[desk])
    assert run(datetime.date(2025, 11, 1)) == 0
    assert mail.outbox == []


def test_a_desk_whose_staff_have_no_email_is_tried_again_later(desk, run):
    desk.staff.filter(username="an").update(email="")
    assert run(datetime.date(2025, 11, 1)) == 0
    assert not Reminder.objects.exists()
    desk.staff.filter(username="bo").update(email="bo@gent.be")
    assert run(datetime.date(2025, 11, 2)) == 1
    assert mail.outbox[0].to == ["bo@gent.be"]


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_an_email_that_failed_is_sent_on_the_next_run(desk, run):
    with override_settings(EMAIL_BACKEND=f"{__name__}.FailingBackend"):
        assert run(datetime.date(2025, 11, 1)) == 1  # recorded; the email failed after commit
    assert Reminder.objects.get().sent_at is None
    assert mail.outbox == []
    assert run(datetime.date(2025, 11, 2)) == 1
    assert Reminder.objects.get().sent_at is not None
    assert len(mail.outbox) == 1


# Annual report


def _report(desk, year, state):
    report = AnnualReport.objects.create(desk=desk, year=year)
    AnnualReport.objects.filter(pk=report.pk).update(state=state)
    return report


def test_no_report_reminder_before_thirty_days_ahead_of_the_deadline(desk, run):
    assert run(datetime.date(2026, 2, 28)) == 0


def test_a_report_not_started_is_reminded_thirty_days_before_the_deadline(desk, run):
    assert run(datetime.date(2026, 3, 1)) == 1
    [message] = mail.outbox
    assert "2025" in message.subject
    assert "31/03/2026" in message.body
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.year) == ("annual_report", 2025)
    assert run(datetime.date(2026, 3, 2)) == 0


@pytest.mark.parametrize("state", ["open", "returned"])
def test_an_open_or_returned_report_is_reminded(desk, run, state):
    _report(desk, 2025, state)
    assert run(datetime.date(2026, 3, 10)) == 1


@pytest.mark.parametrize("state", ["submitted", "validated", "shared", "published"])
def test_a_submitted_report_is_not_reminded(desk, run, state):
    _report(desk, 2025, state)
    assert run(datetime.date(2026, 3, 10)) == 0


def test_no_report_reminder_after_the_deadline(desk, run):
    assert run(datetime.date(2026, 4, 1)) == 0


def test_no_report_reminder_for_a_desk_that_is_not_subsidised(db, run):
    desk = DeskFactory(status="notified", municipalities=["44021"])
    UserFactory(username="an", email="an@gent.be", role=roles.DESK_STAFF, desks=[desk])
    assert run(datetime.date(2026, 3, 10)) == 0


def test_the_daily_task_sends_the_reminders(desk, django_capture_on_commit_callbacks):
    with at(datetime.date(2025, 11, 1)), django_capture_on_commit_callbacks(execute=True):
        assert send_reminders.apply().get() == 1
    assert len(mail.outbox) == 1
