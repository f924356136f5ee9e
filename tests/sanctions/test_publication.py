"""Publication: the date the party was notified of each step, and for licence tracks the date it
becomes public, three days later (the export for the public childcare finder lists those)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanctions import services
from sanctions.measures import TrackKind
from sanctions.models import StepKind, TrackStep
from supervision import roles
from tests.cases.support import make_case
from tests.factories import LocationFactory, OrganisationFactory, UserFactory

from .support import days, today


def _open(client_manager, kind=TrackKind.LICENCE):
    if kind == TrackKind.LICENCE:
        provider = OrganisationFactory()
        case = make_case("enforcement", about_organisation=provider)
        locations = [LocationFactory(organisation=provider)]
    else:
        case, locations = make_case("enforcement"), ()
    track = services.open_track(
        case.pk,
        actor=client_manager,
        kind=kind,
        facts="Geen overleg in 2025",
        notice_deadline=days(30),
        locations=locations,
    )
    return track, track.steps.get()


def test_opening_a_track_sends_the_formal_notice(client_manager):
    track, step = _open(client_manager)
    assert track.number == f"{track.case.number}-H1"
    assert (step.kind, step.deadline, step.summary) == (
        StepKind.FORMAL_NOTICE,
        days(30),
        "Geen overleg in 2025",
    )
    assert (step.notified_on, step.public_on) == (None, None)


def test_a_licence_step_becomes_public_three_days_after_notification(client_manager):
    _track, step = _open(client_manager)
    services.record_notification(step.pk, actor=client_manager, notified_on=today())
    step.refresh_from_db()
    assert (step.notified_on, step.public_on) == (today(), today() + datetime.timedelta(days=3))
    row = step.history.first()
    assert (row.history_user, row.history_change_reason) == (
        client_manager,
        "Partij op de hoogte gebracht",
    )
    assert list(TrackStep.objects.public_on(days(2))) == []
    assert list(TrackStep.objects.public_on(days(3))) == [step]


def test_a_subsidy_step_is_not_published(client_manager):
    _track, step = _open(client_manager, TrackKind.SUBSIDY)
    services.record_notification(step.pk, actor=client_manager, notified_on=today())
    step.refresh_from_db()
    assert (step.notified_on, step.public_on) == (today(), None)
    assert list(TrackStep.objects.public_on(days(30))) == []


@pytest.mark.parametrize(
    ("notified_on", "message"),
    [(None, "kennisgeving"), (days(1), "toekomst"), (days(-1), "vóór de stap")],
)
def test_impossible_notification_dates_are_refused(client_manager, notified_on, message):
    _track, step = _open(client_manager)
    with pytest.raises(ValidationError, match=message):
        services.record_notification(step.pk, actor=client_manager, notified_on=notified_on)
    assert TrackStep.objects.get(pk=step.pk).notified_on is None


def test_the_notification_date_is_recorded_once(client_manager):
    _track, step = _open(client_manager)
    services.record_notification(step.pk, actor=client_manager, notified_on=today())
    with pytest.raises(ValidationError, match="al geregistreerd"):
        services.record_notification(step.pk, actor=client_manager, notified_on=today())


def test_only_track_handlers_record_notifications(client_manager):
    _track, step = _open(client_manager)
    with pytest.raises(PermissionDenied):
        services.record_notification(
            step.pk, actor=UserFactory(role=roles.MANAGEMENT), notified_on=today()
        )
