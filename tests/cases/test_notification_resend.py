"""A notification that failed after every attempt is sent again by a client manager, from the case
page; nothing else can be sent again, and nobody else can do it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import notifications
from cases.models import Notification, NotificationStatus
from cases.workflow import CaseState
from supervision import roles
from tests.factories import UserFactory

from .support import case_handler, make_case


@pytest.fixture
def handler(db):
    return case_handler()


def failed(case, **values):
    return Notification.objects.create(
        case=case,
        event="assigned",
        email="collega@opgroeien.be",
        subject=f"Dossier {case.number} aan u toegewezen",
        body="Hallo",
        status=NotificationStatus.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        **values,
    )


def test_a_failed_notification_is_sent_again(handler, django_capture_on_commit_callbacks):
    notification = failed(make_case(CaseState.INVESTIGATION))
    with django_capture_on_commit_callbacks(execute=True):
        notifications.resend(notification.pk, actor=handler)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 1)
    assert [message.to for message in mail.outbox] == [["collega@opgroeien.be"]]


@pytest.mark.parametrize("status", [NotificationStatus.PENDING, NotificationStatus.SENT])
def test_only_a_failed_notification_is_sent_again(handler, status):
    notification = failed(make_case(CaseState.INVESTIGATION))
    Notification.objects.filter(pk=notification.pk).update(status=status)
    with pytest.raises(ValidationError, match="mislukt"):
        notifications.resend(notification.pk, actor=handler)
    notification.refresh_from_db()
    assert notification.status == status and mail.outbox == []


def test_who_may_not_handle_cases_cannot_send_again(db):
    notification = failed(make_case(CaseState.INVESTIGATION))
    for role in (roles.MANAGEMENT, roles.ENFORCEMENT_LEAD):
        with pytest.raises(PermissionDenied):
            notifications.resend(notification.pk, actor=UserFactory(role=role))
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED


def test_the_case_page_offers_it_and_sends_it(client, handler, django_capture_on_commit_callbacks):
    case = make_case(CaseState.INVESTIGATION)
    notification = failed(case)
    client.force_login(handler)
    page = client.get(reverse("cases:case-detail", args=[case.number]))
    url = reverse("cases:case-notification-resend", args=[case.number, notification.pk])
    assert url in page.content.decode()
    assert "SMTPServerDisconnected" in page.content.decode()

    assert client.get(url).status_code == 405  # POST only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:case-detail", args=[case.number])
    assert "collega@opgroeien.be" in response.content.decode()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


def test_the_page_refuses_others_and_other_cases(client, handler, management_user):
    case, other = make_case(CaseState.INVESTIGATION), make_case(CaseState.INVESTIGATION)
    notification = failed(other)
    url = reverse("cases:case-notification-resend", args=[case.number, notification.pk])
    client.force_login(handler)
    assert client.post(url).status_code == 404  # not a notification of this case
    client.force_login(management_user)
    own = reverse("cases:case-notification-resend", args=[other.number, notification.pk])
    assert client.post(own).status_code == 403
    page = client.get(reverse("cases:case-detail", args=[other.number]))
    assert own not in page.content.decode()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
