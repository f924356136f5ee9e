"""Desk status and licence status: every allowed edge succeeds, every other one is refused,
only through the service, with who and why in the history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django_fsm import ConcurrentTransition

from registry import services
from registry.models import Desk, Location
from registry.workflow import DESK_TRANSITIONS, LICENCE_TRANSITIONS, DeskStatus, LicenceStatus
from supervision import roles
from tests.factories import DeskFactory, LocationFactory, UserFactory

D = DeskStatus
L = LicenceStatus

DESK_EDGES = {
    ("notify", D.NOT_NOTIFIED): D.NOTIFIED,
    ("subsidise", D.NOTIFIED): D.SUBSIDISED,
    ("suspend_subsidy", D.SUBSIDISED): D.SUBSIDY_SUSPENDED,
    ("reinstate_subsidy", D.SUBSIDY_SUSPENDED): D.SUBSIDISED,
    ("withdraw_subsidy", D.SUBSIDISED): D.SUBSIDY_WITHDRAWN,
    ("withdraw_subsidy", D.SUBSIDY_SUSPENDED): D.SUBSIDY_WITHDRAWN,
    ("stop", D.NOT_NOTIFIED): D.STOPPED,
    ("stop", D.NOTIFIED): D.STOPPED,
    ("stop", D.SUBSIDISED): D.STOPPED,
    ("stop", D.SUBSIDY_SUSPENDED): D.STOPPED,
    ("stop", D.SUBSIDY_WITHDRAWN): D.STOPPED,
}
LICENCE_EDGES = {
    ("suspend_licence", L.ACTIVE): L.SUSPENDED,
    ("lift_suspension", L.SUSPENDED): L.ACTIVE,
    ("revoke_licence", L.ACTIVE): L.REVOKED,
    ("revoke_licence", L.SUSPENDED): L.REVOKED,
    ("stop_location", L.ACTIVE): L.STOPPED,
    ("stop_location", L.SUSPENDED): L.STOPPED,
}


@pytest.fixture
def administrator_user(db):
    return UserFactory(username="functioneel", role=roles.ADMINISTRATOR)


@pytest.mark.parametrize("transition", DESK_TRANSITIONS)
@pytest.mark.parametrize("source", D.values)
def test_every_desk_status_edge(administrator_user, transition, source):
    desk = DeskFactory(status=source)
    target = DESK_EDGES.get((transition, source))
    if target is None:
        with pytest.raises(ValidationError):
            services.change_desk_status(
                desk.pk, transition, actor=administrator_user, reason="test"
            )
        assert Desk.objects.get(pk=desk.pk).status == source
        assert desk.history.count() == 1
    else:
        services.change_desk_status(
            desk.pk, transition, actor=administrator_user, reason="Besluit 12"
        )
        assert Desk.objects.get(pk=desk.pk).status == target
        latest = desk.history.first()
        assert (latest.status, latest.history_change_reason, latest.history_user) == (
            target,
            "Besluit 12",
            administrator_user,
        )


@pytest.mark.parametrize("transition", LICENCE_TRANSITIONS)
@pytest.mark.parametrize("source", L.values)
def test_every_licence_status_edge(administrator_user, transition, source):
    location = LocationFactory(licence_status=source)
    target = LICENCE_EDGES.get((transition, source))
    if target is None:
        with pytest.raises(ValidationError):
            services.change_licence_status(
                location.pk, transition, actor=administrator_user, reason="x"
            )
        assert Location.objects.get(pk=location.pk).licence_status == source
    else:
        services.change_licence_status(
            location.pk, transition, actor=administrator_user, reason="y"
        )
        assert Location.objects.get(pk=location.pk).licence_status == target
        assert location.history.first().history_change_reason == "y"


def test_status_change_requires_a_reason(administrator_user):
    desk = DeskFactory(status=D.NOTIFIED)
    with pytest.raises(ValidationError, match="reden|reason"):
        services.change_desk_status(desk.pk, "subsidise", actor=administrator_user, reason="  ")
    assert Desk.objects.get(pk=desk.pk).status == D.NOTIFIED


def test_unknown_transition_is_refused(administrator_user):
    desk = DeskFactory(status=D.NOTIFIED)
    with pytest.raises(ValidationError):
        services.change_desk_status(desk.pk, "delete", actor=administrator_user, reason="x")


@pytest.mark.parametrize(
    "role", [roles.CLIENT_MANAGER, roles.MANAGEMENT, roles.DESK_STAFF, roles.LOCAL_GOVERNMENT]
)
def test_roles_without_the_permission_are_refused(db, role):
    user = UserFactory(username=f"u-{role}", role=role)
    desk = DeskFactory(status=D.NOTIFIED)
    location = LocationFactory()
    with pytest.raises(PermissionDenied):
        services.change_desk_status(desk.pk, "subsidise", actor=user, reason="x")
    with pytest.raises(PermissionDenied):
        services.change_licence_status(location.pk, "suspend_licence", actor=user, reason="x")
    assert Desk.objects.get(pk=desk.pk).status == D.NOTIFIED


def test_state_field_cannot_be_assigned_directly(db):
    desk = DeskFactory(status=D.NOTIFIED)
    with pytest.raises(AttributeError):
        desk.status = D.STOPPED


def test_stale_copy_cannot_overwrite_a_status_change(administrator_user):
    desk = DeskFactory(status=D.SUBSIDISED)
    stale = Desk.objects.get(pk=desk.pk)
    services.change_desk_status(desk.pk, "suspend_subsidy", actor=administrator_user, reason="a")
    stale.withdraw_subsidy()
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert Desk.objects.get(pk=desk.pk).status == D.SUBSIDY_SUSPENDED
    assert desk.history.count() == 2


def test_status_form_changes_status_through_the_page(client, administrator_user):
    desk = DeskFactory(status=D.SUBSIDISED)
    client.force_login(administrator_user)
    page = client.get(desk.get_absolute_url())
    assert [name for name, _ in page.context["status_form"].fields["transition"].choices] == [
        "suspend_subsidy",
        "withdraw_subsidy",
        "stop",
    ]
    response = client.post(
        reverse("registry:desk-status", args=[desk.pk]),
        {"transition": "suspend_subsidy", "reason": "Aanmaning niet opgevolgd"},
        follow=True,
    )
    assert Desk.objects.get(pk=desk.pk).status == D.SUBSIDY_SUSPENDED
    assert "Aanmaning niet opgevolgd" in response.content.decode()


def test_status_form_refuses_without_reason_and_changes_nothing(client, administrator_user):
    location = LocationFactory()
    client.force_login(administrator_user)
    client.post(
        reverse("registry:location-status", args=[location.pk]),
        {"transition": "suspend_licence", "reason": ""},
    )
    assert Location.objects.get(pk=location.pk).licence_status == L.ACTIVE


def test_status_form_is_forbidden_without_permission(client, client_manager):
    desk = DeskFactory(status=D.SUBSIDISED)
    client.force_login(client_manager)
    assert client.get(desk.get_absolute_url()).context["status_form"] is None
    response = client.post(
        reverse("registry:desk-status", args=[desk.pk]), {"transition": "stop", "reason": "x"}
    )
    assert response.status_code == 403
    assert Desk.objects.get(pk=desk.pk).status == D.SUBSIDISED


def test_a_long_reason_is_kept_whole(administrator_user):
    desk = DeskFactory(status=D.NOTIFIED)
    reason = "Besluit van de raad van bestuur: " + "motivering " * 40
    services.change_desk_status(desk.pk, "subsidise", actor=administrator_user, reason=reason)
    assert desk.history.first().history_change_reason == reason.strip()
