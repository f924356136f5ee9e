"""Every refused upload gets a Dutch message and leaves nothing behind: no file under MEDIA_ROOT,
no Evidence row."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.urls import reverse
from django.utils import translation

from obligations import uploads
from obligations.models import Evidence
from obligations.services.evidence import upload_evidence
from tests.obligations import evidence_support as s


@pytest.fixture(autouse=True)
def dutch():
    """Messages in Dutch, the product's language, whatever an earlier test activated."""
    with translation.override("nl-be"):
        yield


@pytest.fixture
def world(db):
    return s.make_world()


def _refused(world, name, content, *, uploaded_file=None, **kwargs):
    """Upload, expect a refusal; return its message after checking nothing was stored."""
    files_before, rows_before = s.media_files(), Evidence.objects.count()
    with pytest.raises(ValidationError) as refusal:
        if uploaded_file is None:
            s.upload(world, name, content, **kwargs)
        else:
            upload_evidence(
                user=world.staff_a,
                uploaded_file=uploaded_file,
                description="Bewijs",
                desk=world.desk_a,
                obligation=world.obligation,
                year=s.THIS_YEAR,
            )
    assert s.media_files() == files_before
    assert Evidence.objects.count() == rows_before
    return " ".join(refusal.value.messages)


def test_a_file_over_the_limit_is_refused(world, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    content = s.pdf() + b"%" * 1000
    message = _refused(world, "groot.pdf", content)
    assert "limiet" in message
    assert "groot.pdf" in message


def test_a_file_at_the_limit_is_accepted(world, settings):
    content = s.pdf()
    settings.EVIDENCE_MAX_BYTES = len(content)
    assert s.upload(world, "precies.pdf", content).size == len(content)


def test_an_empty_file_is_refused(world):
    assert "leeg" in _refused(world, "leeg.pdf", b"")


def test_an_executable_renamed_pdf_is_refused(world):
    message = _refused(world, "factuur.pdf", s.windows_executable())
    assert "uitvoerbaar programma" in message


def test_a_linux_executable_renamed_pdf_is_refused(world):
    assert "uitvoerbaar programma" in _refused(world, "verslag.pdf", s.linux_executable())


def test_a_script_renamed_txt_is_refused(world):
    assert "uitvoerbaar programma" in _refused(world, "nota.txt", b"#!/bin/sh\nrm -rf /\n")


def test_a_double_extension_is_refused(world):
    message = _refused(world, "verslag.pdf.exe", s.windows_executable())
    assert "dubbele extensie" in message


def test_a_double_extension_ending_in_an_allowed_type_is_refused(world):
    assert "dubbele extensie" in _refused(world, "setup.exe.pdf", s.pdf())


def test_a_name_with_a_parent_path_is_refused(world):
    upload = File(io.BytesIO(s.pdf()), name="../../etc/verslag.pdf")
    message = _refused(world, None, None, uploaded_file=upload)
    assert "pad" in message


def test_a_name_with_a_windows_path_is_refused(world):
    upload = File(io.BytesIO(s.pdf()), name="..\\..\\verslag.pdf")
    assert "pad" in _refused(world, None, None, uploaded_file=upload)


@pytest.mark.parametrize("name", ["verslag\x00.pdf", "verslag\n.pdf", "rapport\u202efdp.exe.pdf"])
def test_a_name_with_control_characters_is_refused(world, name):
    upload = File(io.BytesIO(s.pdf()), name=name)
    assert "stuurtekens" in _refused(world, None, None, uploaded_file=upload)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("archief.zip", s._zip([("a.txt", "a")])),
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("zonder-extensie", s.pdf()),
    ],
)
def test_a_type_not_on_the_list_is_refused(world, name, content):
    message = _refused(world, name, content)
    assert "niet aanvaard" in message or "geen extensie" in message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("verslag.pdf", s.png(), "PNG"),
        ("procedure.docx", s.xlsx(), "XLSX"),
        ("cijfers.xlsx", s.ods(), "ODS"),
        ("afspraken.odt", s.docx(), "DOCX"),
        ("foto.png", s.jpeg(), "JPEG"),
        ("verslag.pdf", s.txt(), "TXT"),
        ("nota.txt", s.pdf(), "PDF"),
    ],
)
def test_content_not_matching_the_extension_is_refused(world, name, content, expected):
    message = _refused(world, name, content)
    assert expected in message
    assert "extensie" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bericht.eml", s.txt()),  # text without mail headers
        ("procedure.docx", b"PK\x03\x04 niet echt een zip"),
        ("affiche.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),  # no IHDR
        ("nota.txt", bytes(range(256))),  # binary
    ],
)
def test_content_that_is_not_a_valid_file_of_its_type_is_refused(world, name, content):
    assert "geen geldig" in _refused(world, name, content)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("macro.docx", s.docx(extra=[("word/vbaProject.bin", "x")]), "macro"),
        ("pagina.txt", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML"),
        (
            "presentatie.odt",
            s._odf("application/vnd.oasis.opendocument.presentation"),
            "OpenDocument",
        ),
    ],
)
def test_content_of_a_type_not_on_the_list_is_refused(world, name, content, expected):
    message = _refused(world, name, content)
    assert expected in message
    assert "niet aanvaard" in message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".pdf", "punt"),
        ("verslag.pdf.", "geen extensie"),
        ("a" * 252 + ".pdf", "te lang"),
        ("", "geen naam"),
    ],
)
def test_odd_names_are_refused(name, expected):
    with pytest.raises(ValidationError) as refusal:
        uploads.check_name(name)
    assert expected in refusal.value.messages[0]


def test_a_missing_description_is_refused(world):
    assert "Beschrijf" in _refused(world, "verslag.pdf", s.pdf(), description="  ")


def test_an_obligation_that_does_not_apply_that_year_is_refused(world):
    old = s.obligation("T-OLD", valid_to=s.datetime.date(2021, 12, 31))
    message = _refused(world, "verslag.pdf", s.pdf(), obligation=old, year=s.THIS_YEAR)
    assert "T-OLD" in message


def test_the_form_shows_the_dutch_refusal_and_stores_nothing(client, world):
    client.force_login(world.staff_a)
    files_before = s.media_files()
    response = client.post(
        reverse("obligations:evidence-create"),
        {
            "desk": world.desk_a.pk,
            "year": s.THIS_YEAR,
            "obligation": world.obligation.pk,
            "description": "Uitnodiging",
            "file": s.uploaded("uitnodiging.pdf", s.windows_executable()),
        },
    )
    assert response.status_code == 200
    assert "uitvoerbaar programma" in response.text
    assert s.media_files() == files_before
    assert not Evidence.objects.exists()


def test_the_form_refuses_a_file_over_the_limit(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(world.staff_a)
    response = client.post(
        reverse("obligations:evidence-create"),
        {
            "desk": world.desk_a.pk,
            "year": s.THIS_YEAR,
            "obligation": world.obligation.pk,
            "description": "Groot",
            "file": s.uploaded("groot.pdf", s.pdf() + b"%" * 200),
        },
    )
    assert response.status_code == 200
    assert "limiet" in response.text
    assert not Evidence.objects.exists()


def test_the_form_refuses_an_empty_file(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        reverse("obligations:evidence-create"),
        {
            "desk": world.desk_a.pk,
            "year": s.THIS_YEAR,
            "obligation": world.obligation.pk,
            "description": "Leeg",
            "file": s.uploaded("leeg.pdf", b""),
        },
    )
    assert response.status_code == 200
    assert "leeg" in response.text
    assert not Evidence.objects.exists()


def test_a_path_in_the_posted_name_is_dropped_and_never_reaches_the_disk(client, world):
    """Browsers send a bare name; if a path is sent anyway, Django keeps only the last part, and
    the file is stored under a random name in any case."""
    client.force_login(world.staff_a)
    response = client.post(
        reverse("obligations:evidence-create"),
        {
            "desk": world.desk_a.pk,
            "year": s.THIS_YEAR,
            "obligation": world.obligation.pk,
            "description": "Pad",
            "file": s.uploaded("../../verslag.pdf", s.pdf()),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "verslag.pdf"
    assert evidence.file.name.startswith("evidence/")
    assert ".." not in evidence.file.name
