"""Desk documents (D2 procedure, D4 agreements): versions numbered per desk and kind, never
overwritten, with the file stored as evidence; refused when they should be."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from obligations.models import DeskDocument, DocumentKind, Evidence
from obligations.services import compliance
from obligations.services.documents import record_document
from tests.obligations.desk_records import make_world, pdf_file


@pytest.fixture
def world(db):
    return make_world()


def _record(world, **overrides):
    values = {
        "user": world.staff,
        "desk": world.gent,
        "kind": DocumentKind.PROCEDURE,
        "adopted_on": timezone.localdate(),
        "lok_advice_on": timezone.localdate(),
        "uploaded_file": pdf_file("procedure.pdf"),
        "providers_consulted": [world.kind_en_co],
    }
    return record_document(**{**values, **overrides})


def test_versions_count_up_per_desk_and_kind_and_never_overwrite(world):
    first = _record(world)
    second = _record(world, lok_advice_on=None)
    agreements = _record(world, kind=DocumentKind.AGREEMENTS)
    assert (first.version, second.version, agreements.version) == (1, 2, 1)
    first.refresh_from_db()
    assert first.lok_advice_on == timezone.localdate()  # the earlier version is untouched
    assert DeskDocument.objects.count() == 3


def test_the_file_is_evidence_for_d2_or_d4_of_the_desk(world):
    procedure = _record(world)
    agreements = _record(world, kind=DocumentKind.AGREEMENTS)
    assert procedure.evidence.obligation.code == "D2"
    assert agreements.evidence.obligation.code == "D4"
    assert procedure.evidence.desk == world.gent
    assert procedure.evidence.year == timezone.localdate().year
    assert procedure.evidence.uploaded_by == world.staff
    assert "versie 1" in procedure.evidence.description


def test_records_providers_recipients_and_who(world):
    document = _record(
        world,
        kind=DocumentKind.AGREEMENTS,
        communicated_on=timezone.localdate(),
        recipients=[world.gent_location],
    )
    assert list(document.recipients.all()) == [world.gent_location]
    assert list(document.providers_consulted.all()) == [world.kind_en_co]
    created = document.history.earliest("history_date")
    assert created.history_user == world.staff
    assert created.history_change_reason == "Versie 1 geregistreerd door het loket"


def test_recompute_runs_after_commit_for_each_year_since_adoption(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(compliance, "recompute_for_desk", lambda *args: calls.append(args))
    this_year = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        _record(world, adopted_on=datetime.date(this_year - 1, 9, 1), lok_advice_on=None)
    assert calls == [(world.gent.pk, this_year - 1), (world.gent.pk, this_year)]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"adopted_on": "tomorrow"}, "toekomst"),
        ({"lok_advice_on": "tomorrow"}, "toekomst"),
        ({"communicated_on": "today"}, "opvanglocaties"),
        ({"recipients": "one"}, "datum"),
        ({"communicated_on": "last year", "recipients": "one"}, "vastgelegd"),
        ({"kind": "minutes"}, "soort"),
        ({"uploaded_file": None}, "document"),
    ],
)
def test_refuses_bad_input_and_stores_nothing(world, overrides, message):
    today = timezone.localdate()
    values = {
        "tomorrow": today + datetime.timedelta(days=1),
        "today": today,
        "last year": today - datetime.timedelta(days=365),
        "one": [world.gent_location],
    }
    overrides = {
        key: values.get(value, value) if isinstance(value, str) else value
        for key, value in overrides.items()
    }
    with pytest.raises(ValidationError, match=message):
        _record(world, **overrides)
    assert not DeskDocument.objects.exists() and not Evidence.objects.exists()


def test_refuses_recipients_and_providers_outside_the_area(world):
    from tests.factories import LocationFactory, municipality

    in_brugge = LocationFactory(municipality=municipality("31005"))
    with pytest.raises(ValidationError, match="werkingsgebied"):
        _record(world, communicated_on=timezone.localdate(), recipients=[in_brugge])
    with pytest.raises(ValidationError, match="werkingsgebied"):
        _record(world, providers_consulted=[world.in_brugge])
    assert not DeskDocument.objects.exists()


def test_a_refused_file_stores_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    script = SimpleUploadedFile("procedure.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError):
        _record(world, uploaded_file=script)
    assert not DeskDocument.objects.exists() and not Evidence.objects.exists()


def test_refuses_staff_of_another_desk(world):
    with pytest.raises(PermissionDenied):
        _record(world, user=world.brugge_staff)
    assert not DeskDocument.objects.exists()


def test_refuses_a_client_manager(world, client_manager):
    with pytest.raises(PermissionDenied):
        _record(world, user=client_manager)
    assert not DeskDocument.objects.exists()
