"""Case notifications are written to the outbox in the transaction of the change they announce and
emailed after its commit: the assignee on assignment, the reporting desk's staff on closure."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from cases import services
from cases.models import Case, Notification, NotificationStatus, Signal
from cases.workflow import CaseState, Outcome
from supervision import roles
from tests.factories import DeskFactory, OrganisationFactory, UserFactory

from .support import case_handler, make_case

S = CaseState


@pytest.fixture
def handler(db):
    return case_handler()


@pytest.fixture
def colleague(db):
    return UserFactory(username="collega", email="collega@opgroeien.be", role=roles.CLIENT_MANAGER)


def report(case, desk, actor):
    """A signal reported by ``desk`` that belongs to ``case``."""
    return Signal.objects.create(
        source="desk",
        channel="mail",
        reported_by=actor,
        reporting_desk=desk,
        about_desk=case.about_desk,
        about_organisation=case.about_organisation,
        description="Geen overleg",
        case=case,
    )


def test_assignment_mails_the_assignee_after_the_commit(
    handler, colleague, django_capture_on_commit_callbacks
):
    case = make_case(S.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(case.pk, actor=handler, assignee=colleague)
        notification = Notification.objects.get()
        assert notification.status == NotificationStatus.PENDING and mail.outbox == []

    notification.refresh_from_db()
    assert (notification.event, notification.recipient, notification.email) == (
        "assigned",
        colleague,
        "collega@opgroeien.be",
    )
    assert notification.status == NotificationStatus.SENT and notification.attempts == 1
    assert notification.sent_at is not None
    [message] = mail.outbox
    assert message.to == ["collega@opgroeien.be"]
    assert case.number in message.subject and case.about_desk.name in message.subject
    assert message.subject == notification.subject and message.body == notification.body
    assert "toegewezen" in message.subject


def test_a_rolled_back_assignment_writes_and_sends_nothing(
    handler, colleague, django_capture_on_commit_callbacks
):
    case = make_case(S.RECEIVED)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.assign(case.pk, actor=handler, assignee=colleague)
        assert Notification.objects.count() == 1
        raise RuntimeError("the request failed after the assignment")
    assert callbacks == []
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_refused_closure_writes_nothing(handler, django_capture_on_commit_callbacks):
    desk = DeskFactory()
    UserFactory(username="an", email="an@loket.be", role=roles.DESK_STAFF, desks=[desk])
    case = make_case(S.TALK, assignee=handler)
    report(case, desk, handler)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        # A sanction needs an enforcement track: the workflow refuses the step.
        services.close(case.pk, actor=handler, outcome=Outcome.SANCTION_IMPOSED, reason="x")
    assert Case.objects.get(pk=case.pk).state == S.TALK
    assert not Notification.objects.exists() and mail.outbox == []


def test_no_notification_when_assigning_oneself(handler, django_capture_on_commit_callbacks):
    case = make_case(S.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(case.pk, actor=handler, assignee=handler)
    assert not Notification.objects.exists() and mail.outbox == []


def test_no_notification_for_an_assignee_without_email(
    handler, colleague, django_capture_on_commit_callbacks
):
    colleague.email = ""
    colleague.save()
    case = make_case(S.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(case.pk, actor=handler, assignee=colleague)
    assert not Notification.objects.exists() and mail.outbox == []


def test_closure_mails_the_staff_of_every_reporting_desk(
    handler, django_capture_on_commit_callbacks
):
    first, second, other = DeskFactory(), DeskFactory(), DeskFactory()
    UserFactory(username="an", email="an@loket.be", role=roles.DESK_STAFF, desks=[first])
    UserFactory(username="bo", email="bo@loket.be", role=roles.DESK_STAFF, desks=[first, second])
    UserFactory(username="cas", email="", role=roles.DESK_STAFF, desks=[first])
    UserFactory(
        username="dirk",
        email="dirk@loket.be",
        role=roles.DESK_STAFF,
        desks=[second],
        is_active=False,
    )
    UserFactory(username="els", email="els@loket.be", role=roles.DESK_STAFF, desks=[second])
    UserFactory(username="fien", email="fien@loket.be", role=roles.DESK_STAFF, desks=[other])
    case = make_case(S.TALK, about_organisation=OrganisationFactory(name="Kinderopvang Zon"))
    case.assignee = handler
    case.save()
    report(case, first, handler)
    report(case, second, handler)

    with django_capture_on_commit_callbacks(execute=True):
        services.close(
            case.pk, actor=handler, outcome=Outcome.RESOLVED_MEDIATION, reason="Opgelost"
        )

    notifications = Notification.objects.order_by("email")
    assert [(n.event, n.email) for n in notifications] == [
        ("close", "an@loket.be"),
        ("close", "bo@loket.be"),
        ("close", "els@loket.be"),
    ]
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "an@loket.be",
        "bo@loket.be",
        "els@loket.be",
    ]
    message = mail.outbox[0]
    assert case.number in message.subject and "Kinderopvang Zon" in message.subject
    assert "afgesloten" in message.subject
    assert "opgelost via bemiddeling" in message.body


def test_closure_without_a_reporting_desk_mails_nobody(handler, django_capture_on_commit_callbacks):
    case = make_case(S.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.close(case.pk, actor=handler, outcome=Outcome.UNFOUNDED, reason="Ongegrond")
    assert not Notification.objects.exists() and mail.outbox == []


def test_other_steps_mail_nobody(handler, colleague, django_capture_on_commit_callbacks):
    case = make_case(S.RECEIVED, assignee=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_investigation(case.pk, actor=handler)
        services.extend_deadline(case.pk, actor=handler, days=5, reason="Wacht op stukken")
    assert not Notification.objects.exists() and mail.outbox == []


def test_the_body_links_to_the_case_when_the_site_url_is_set(
    handler, colleague, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://toezicht.example.be/"
    case = make_case(S.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(case.pk, actor=handler, assignee=colleague)
    assert f"https://toezicht.example.be/dossiers/{case.number}/" in mail.outbox[0].body


def test_without_a_site_url_the_body_says_where_to_look(
    handler, colleague, django_capture_on_commit_callbacks
):
    case = make_case(S.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(case.pk, actor=handler, assignee=colleague)
    body = mail.outbox[0].body
    assert "https://" not in body and "Meld u aan" in body
