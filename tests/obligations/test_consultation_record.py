"""Recording a consultation: one write with invitees and attendees, refused when it should be."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from obligations.models import Consultation, ConsultationKind
from obligations.services import compliance
from obligations.services.consultations import record_consultation
from supervision import roles
from tests.factories import UserFactory, municipality
from tests.obligations.desk_records import make_world


@pytest.fixture
def world(db):
    return make_world()


def _record(world, **overrides):
    values = {
        "user": world.staff,
        "desk": world.gent,
        "date": timezone.localdate(),
        "kind": ConsultationKind.COOPERATION,
        "subject": "Afspraken 2025",
        "invitees": [world.kind_en_co, world.zonnetje],
        "attendees": [world.zonnetje],
    }
    return record_consultation(**{**values, **overrides})


def test_records_consultation_with_invitees_attendees_and_who(world):
    consultation = _record(world)
    assert set(consultation.invitees.all()) == {world.kind_en_co, world.zonnetje}
    assert list(consultation.attendees.all()) == [world.zonnetje]
    assert consultation.recorded_by == world.staff
    first = consultation.history.earliest("history_date")
    assert first.history_type == "+"
    assert first.history_user == world.staff
    assert first.history_change_reason == "Overleg geregistreerd door het loket"


def test_recompute_for_the_desk_and_year_runs_after_commit(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(compliance, "recompute_for_desk", lambda *args: calls.append(args))
    day = datetime.date(timezone.localdate().year - 1, 5, 3)
    with django_capture_on_commit_callbacks(execute=True):
        _record(world, date=day)
    assert calls == [(world.gent.pk, day.year)]


def test_refuses_a_date_in_the_future(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="toekomst"):
        _record(world, date=tomorrow)
    assert not Consultation.objects.exists()


def test_refuses_attendees_who_were_not_invited(world):
    with pytest.raises(ValidationError, match="uitgenodigd"):
        _record(world, invitees=[world.kind_en_co], attendees=[world.zonnetje])
    assert not Consultation.objects.exists()


def test_refuses_invitees_outside_the_service_area(world):
    with pytest.raises(ValidationError, match="werkingsgebied"):
        _record(world, invitees=[world.kind_en_co, world.in_brugge], attendees=[])
    assert not Consultation.objects.exists()


def test_refuses_an_unknown_kind(world):
    with pytest.raises(ValidationError):
        _record(world, kind="party")
    assert not Consultation.objects.exists()


def test_refuses_staff_of_another_desk(world):
    with pytest.raises(PermissionDenied):
        _record(world, user=world.brugge_staff)
    assert not Consultation.objects.exists()


def test_refuses_a_user_without_the_permission(world):
    official = UserFactory(
        username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    official.desks.add(world.gent)  # even linked to the desk, the role lacks the permission
    with pytest.raises(PermissionDenied):
        _record(world, user=official)
    assert not Consultation.objects.exists()
