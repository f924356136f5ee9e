"""Every accepted type is stored: under a random name in private storage, with its SHA-256, the
type read from its content, and the original name kept as data."""

import hashlib
import os

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from obligations import uploads
from obligations.models import Evidence
from tests.obligations import evidence_support as s


@pytest.fixture(autouse=True)
def dutch():
    """Messages in Dutch, the product's language, whatever an earlier test activated."""
    with translation.override("nl-be"):
        yield


@pytest.fixture
def world(db):
    return s.make_world()


@pytest.mark.parametrize("name", list(s.ALLOWED))
def test_each_allowed_type_is_accepted(world, name):
    build, content_type = s.ALLOWED[name]
    content = build()
    files_before = s.media_files()

    evidence = s.upload(world, name, content)

    assert evidence.pk is not None
    assert evidence.content_type == content_type
    assert evidence.original_name == name
    assert evidence.size == len(content)
    assert len(s.media_files() - files_before) == 1
    with evidence.file.open("rb") as handle:
        assert handle.read() == content


def test_the_sha256_of_the_content_is_stored(world):
    content = s.docx()
    evidence = s.upload(world, "procedure.docx", content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()


def test_the_file_is_stored_under_a_random_name_not_the_original(world):
    first = s.upload(world, "verslag.pdf")
    second = s.upload(world, "verslag.pdf")

    for evidence in (first, second):
        stored = os.path.basename(evidence.file.name)
        assert "verslag" not in evidence.file.name
        assert not stored.endswith(".pdf")
        assert len(stored) == 32
        path = os.path.realpath(evidence.file.path)
        assert path.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)
    assert first.file.name != second.file.name


def test_the_original_name_is_kept_sanitised(world):
    evidence = s.upload(world, 'verslag "maart": v1.2.pdf')
    assert evidence.original_name == "verslag _maart__ v1.2.pdf"


def test_an_upper_case_extension_is_accepted(world):
    assert s.upload(world, "SCAN.PDF").content_type == "application/pdf"


def test_an_email_saved_as_text_is_accepted_as_text(world):
    assert s.upload(world, "bericht.txt", s.eml()).content_type.startswith("text/plain")


def test_the_upload_is_in_the_history_with_its_uploader(world):
    evidence = s.upload(world)
    record = evidence.history.get()
    assert record.history_type == "+"
    assert record.history_user == world.staff_a


def test_a_client_manager_may_upload_for_any_desk(world, client_manager):
    evidence = s.upload(world, user=client_manager, desk=world.desk_b)
    assert evidence.desk == world.desk_b
    assert evidence.uploaded_by == client_manager


def test_evidence_can_name_a_location_of_the_desk(world):
    evidence = s.upload(world, location=world.location_a)
    assert evidence.location == world.location_a


@pytest.mark.parametrize("name", ["verslag v1.2.pdf", "notulen.2024.03.pdf", "Één – overleg.pdf"])
def test_dots_and_accents_in_a_name_are_fine(name):
    assert uploads.check_name(name) == name


def test_uploading_through_the_form(client, world):
    client.force_login(world.staff_a)
    page = client.get(reverse("obligations:evidence-create"))
    assert page.status_code == 200
    assert 'accept=".pdf,' in page.text

    response = client.post(
        reverse("obligations:evidence-create"),
        {
            "desk": world.desk_a.pk,
            "location": world.location_a.file_number,
            "year": s.THIS_YEAR,
            "obligation": world.obligation.pk,
            "description": "Aanwezigheidslijst overleg",
            "file": s.uploaded("aanwezigen.xlsx", s.xlsx()),
        },
    )

    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("obligations:evidence-detail", args=[evidence.pk])
    assert (evidence.desk, evidence.location, evidence.year) == (
        world.desk_a,
        world.location_a,
        s.THIS_YEAR,
    )
    assert evidence.description == "Aanwezigheidslijst overleg"


def test_the_form_fills_in_desk_obligation_and_year_from_the_address(client, world):
    client.force_login(world.staff_a)
    url = reverse("obligations:evidence-create")
    page = client.get(f"{url}?desk={world.desk_a.pk}&obligation={world.obligation.pk}&year=2023")
    form = page.context["form"]
    assert form.initial["desk"] == world.desk_a.pk
    assert form.initial["obligation"] == world.obligation.pk
    assert form.initial["year"] == 2023


def test_an_upload_buffered_on_disk_is_stored_intact(client, world, settings):
    """Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE arrive as a temporary file, which is moved."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    content = s.pdf() + b"%" * 5000
    client.force_login(world.staff_a)
    response = client.post(
        reverse("obligations:evidence-create"),
        {
            "desk": world.desk_a.pk,
            "year": s.THIS_YEAR,
            "obligation": world.obligation.pk,
            "description": "Groot verslag",
            "file": s.uploaded("groot.pdf", content),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    with evidence.file.open("rb") as handle:
        assert handle.read() == content
    assert oct(os.stat(evidence.file.path).st_mode & 0o777) == oct(settings.FILE_UPLOAD_PERMISSIONS)
