"""What the evidence tests share: minimal valid files of every accepted type, built here with the
standard library, and a small world of two desks with their staff and a local government."""

import datetime
import io
import os
import struct
import zipfile
import zlib
from types import SimpleNamespace

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from obligations.models import Evidence, Obligation
from obligations.services.evidence import upload_evidence
from supervision import roles
from tests.factories import DeskFactory, LocationFactory, UserFactory, municipality

THIS_YEAR = datetime.date.today().year

# Minimal valid files


def pdf():
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _zip(entries, *, stored_first=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            compress = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx(extra=()):
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", "<Relationships/>"),
            ("word/document.xml", "<w:document/>"),
            *extra,
        ]
    )


def xlsx():
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", "<Relationships/>"),
            ("xl/workbook.xml", "<workbook/>"),
        ]
    )


def _odf(mimetype):
    return _zip(
        [
            ("mimetype", mimetype),
            ("content.xml", "<office:document-content/>"),
            ("META-INF/manifest.xml", "<manifest:manifest/>"),
        ],
        stored_first=True,
    )


def odt():
    return _odf("application/vnd.oasis.opendocument.text")


def ods():
    return _odf("application/vnd.oasis.opendocument.spreadsheet")


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png():
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + _png_chunk(b"IEND", b"")
    )


def jpeg():
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def eml():
    return (
        b"Received: from mail.example.be by mx.example.be; Mon, 3 Mar 2025 10:00:01 +0100\r\n"
        b"From: Loket <loket@example.be>\r\n"
        b"To: opvang@example.be\r\n"
        b"Subject: Uitnodiging overleg\r\n"
        b"Date: Mon, 3 Mar 2025 10:00:00 +0100\r\n"
        b"\r\n"
        b"Beste organisator, u bent uitgenodigd.\r\n"
    )


def txt():
    return "Verslag van het overleg: één punt, drie aanwezigen.\n".encode()


def txt_latin1():
    return "Verslag van het overleg: één punt.\r\n".encode("latin-1")


def windows_executable():
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
    )


def linux_executable():
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56


ALLOWED = {
    "verslag.pdf": (pdf, "application/pdf"),
    "procedure.docx": (
        docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "aanwezigen.xlsx": (
        xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "afspraken.odt": (odt, "application/vnd.oasis.opendocument.text"),
    "cijfers.ods": (ods, "application/vnd.oasis.opendocument.spreadsheet"),
    "affiche.png": (png, "image/png"),
    "foto.jpg": (jpeg, "image/jpeg"),
    "foto.jpeg": (jpeg, "image/jpeg"),
    "uitnodiging.eml": (eml, "message/rfc822"),
    "nota.txt": (txt, "text/plain; charset=utf-8"),
    "oud.txt": (txt_latin1, "text/plain; charset=windows-1252"),
}


# Storage


def media_files():
    """Every file under MEDIA_ROOT (to count before and after)."""
    found = set()
    for folder, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(folder, name) for name in files)
    return found


def uploaded(name, content):
    return SimpleUploadedFile(name, content)


# The world


def obligation(code="T-D3", *, valid_from=datetime.date(2020, 1, 1), valid_to=None):
    return Obligation.objects.create(
        code=code,
        party_type="desk",
        title="Minstens één overleg per jaar",
        text="Het loket organiseert minstens één keer per jaar een overleg.",
        legal_basis="Decreet 20/04/2012 art. 13, 3°",
        period_kind="yearly",
        applicability="every_desk",
        derivation="yearly_consultation",
        valid_from=valid_from,
        valid_to=valid_to,
    )


def make_world():
    desk_a = DeskFactory(municipalities=["44021"])
    desk_b = DeskFactory(municipalities=["11002"])
    return SimpleNamespace(
        desk_a=desk_a,
        desk_b=desk_b,
        staff_a=UserFactory(username="loket-a", role=roles.DESK_STAFF, desks=[desk_a]),
        staff_b=UserFactory(username="loket-b", role=roles.DESK_STAFF, desks=[desk_b]),
        local_government=UserFactory(
            username="gemeente-a",
            role=roles.LOCAL_GOVERNMENT,
            municipalities=[municipality("44021")],
        ),
        location_a=LocationFactory(municipality=municipality("44021")),
        obligation=obligation(),
    )


def upload(world, name="verslag.pdf", content=None, *, user=None, desk=None, **links):
    """Upload through the service for desk A (by its staff), with the world's obligation."""
    links.setdefault("obligation", world.obligation)
    links.setdefault("year", THIS_YEAR)
    return upload_evidence(
        user=user or world.staff_a,
        uploaded_file=uploaded(name, pdf() if content is None else content),
        description=links.pop("description", "Uitnodiging voor het overleg"),
        desk=desk or world.desk_a,
        **links,
    )


def evidence_count():
    return Evidence.objects.count()
