"""The rules of ``record_signal`` itself, whatever page calls it: who reports on what, the source and
channel each role gets, starting from a negative advice, and the permission to add files. Every
refusal stores nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Signal, Source
from supervision import roles
from tests.cases import signal_support as s
from tests.factories import UserFactory, municipality
from tests.obligations import evidence_support as files


@pytest.fixture
def world(db):
    return s.make_world()


def _refused(exception, actor, **values):
    with pytest.raises(exception):
        s.record(actor, **values)
    assert not Signal.objects.exists()


def test_desk_staff_report_providers_not_desks(world):
    _refused(PermissionDenied, world.staff_a, about_desk=world.desk_b)


def test_desk_staff_name_only_locations_in_their_desks_area(world):
    _refused(
        PermissionDenied,
        world.staff_a,
        about_organisation=world.provider_a,
        locations=[world.location_a_elsewhere],
    )
    signal = s.record(
        world.staff_a,
        about_organisation=world.provider_a,
        locations=[world.location_a],
        channel="letter",
    )
    assert (signal.source, signal.channel, signal.reporting_desk) == (
        Source.DESK,
        "portal",
        world.desk_a,
    )


def test_a_local_government_reports_through_the_portal_as_itself(world):
    signal = s.record(
        world.local_government,
        about_organisation=world.provider_a,
        locations=[world.location_a],
        source=Source.CARE_INSPECTORATE,
        reporting_desk=world.desk_a,
    )
    assert (signal.source, signal.channel, signal.reporting_desk) == (
        Source.LOCAL_GOVERNMENT,
        "portal",
        None,
    )


def test_a_client_manager_names_the_source_and_a_reporting_desk_only_for_a_desk(world):
    cm = world.client_manager
    _refused(ValidationError, cm, about_desk=world.desk_a, source=None)
    _refused(ValidationError, cm, about_desk=world.desk_a, source="martian")
    _refused(ValidationError, cm, about_desk=world.desk_a, reporting_desk=world.desk_b)


def test_a_user_with_the_permission_but_no_desk_or_municipality_cannot_report(world):
    nobody = UserFactory(username="loket-zonder-loket", role=roles.DESK_STAFF)
    _refused(PermissionDenied, nobody, about_organisation=world.provider_a)


def test_a_signal_starts_only_from_a_negative_advice_the_user_sees(world):
    advice = s.negative_advice(world)
    positive = s.negative_advice(world, verdict="positive", score=60)
    elsewhere = UserFactory(
        username="gemeente-antwerpen",
        role=roles.LOCAL_GOVERNMENT,
        municipalities=[municipality(s.ANTWERPEN)],
    )
    provider_a = {"about_organisation": world.provider_a}
    _refused(PermissionDenied, world.staff_a, advice=advice, **provider_a)
    _refused(
        PermissionDenied,
        elsewhere,
        advice=advice,
        locations=[world.location_a_elsewhere],
        **provider_a,
    )
    _refused(ValidationError, world.client_manager, advice=positive, **provider_a)
    _refused(
        ValidationError,
        world.client_manager,
        advice=advice,
        about_organisation=world.provider_b,
    )
    signal = s.record(world.client_manager, advice=advice, source=None, **provider_a)
    assert (signal.advice, signal.source) == (advice, Source.LOCAL_GOVERNMENT)
    own = s.record(world.client_manager, advice=advice, source=Source.PARENT, **provider_a)
    assert own.source == Source.PARENT


def test_files_need_the_permission_to_add_attachments(world):
    reporter = UserFactory(username="enkel-melden", desks=[world.desk_a])
    reporter.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="cases", codename__in=["add_signal", "view_signal"]
        )
    )
    assert s.record(reporter, about_organisation=world.provider_a).pk
    Signal.objects.all().delete()
    _refused(
        PermissionDenied,
        reporter,
        about_organisation=world.provider_a,
        attachments=[(files.uploaded("a.pdf", files.pdf()), "")],
    )


def test_a_too_long_file_description_is_refused_naming_the_file(world):
    with pytest.raises(services.AttachmentRefused) as refused:
        s.record(
            world.client_manager,
            about_organisation=world.provider_a,
            attachments=[(files.uploaded("brief.pdf", files.pdf()), "x" * 501)],
        )
    assert "brief.pdf" in refused.value.messages[0]
    assert not Signal.objects.exists()
