"""Checks on an uploaded evidence file: its name, its size and its content.

The type is read from the content (magic bytes and structure), never from the name, and the
content must match the extension. Accepted: PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG, EML and TXT.
Refused, each with a Dutch message: an empty file, a file over ``settings.EVIDENCE_MAX_BYTES``,
a name with a path, control characters or a double extension (``.pdf.exe``), an executable or
script whatever its name, a type not on the list, and content that does not match the extension.

``check_upload`` only reads: it returns what to store (sanitised name, type, size, SHA-256) or
raises ``ValidationError``. The services store what passed (evidence, signal attachments) with
``FileWrites``: the files are written inside the transaction of their rows and deleted again when
it fails, so a refusal or a failure leaves neither a row nor a file.
"""

import codecs
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEAD_SIZE = 64 * 1024  # enough for magic bytes and the header block of an e-mail
CHUNK_SIZE = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    extensions: tuple
    content_type: str


TYPES = {
    t.key: t
    for t in (
        FileType("pdf", "PDF", ("pdf",), "application/pdf"),
        FileType(
            "docx",
            "DOCX",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileType(
            "xlsx",
            "XLSX",
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        FileType("odt", "ODT", ("odt",), "application/vnd.oasis.opendocument.text"),
        FileType("ods", "ODS", ("ods",), "application/vnd.oasis.opendocument.spreadsheet"),
        FileType("png", "PNG", ("png",), "image/png"),
        FileType("jpeg", "JPEG", ("jpg", "jpeg"), "image/jpeg"),
        FileType("eml", "EML", ("eml",), "message/rfc822"),
        FileType("txt", "TXT", ("txt",), "text/plain"),
    )
}
BY_EXTENSION = {ext: t for t in TYPES.values() for ext in t.extensions}
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in BY_EXTENSION)  # for <input type=file accept>

# Content recognised but not accepted: what it is, for the message.
OTHER_KINDS = {
    "executable": gettext_lazy("an executable program or script"),
    "zip": gettext_lazy("a ZIP archive"),
    "archive": gettext_lazy("a compressed archive"),
    "office_macro": gettext_lazy("an Office file with macros"),
    "office_other": gettext_lazy("an Office file of another kind"),
    "odf_other": gettext_lazy("an OpenDocument file of another kind"),
    "ole": gettext_lazy("an old Office file (.doc, .xls)"),
    "gif": gettext_lazy("a GIF image"),
    "markup": gettext_lazy("an HTML, SVG or XML file"),
}


def _words(text):
    return text.split()


# Extensions that make a name suspect when they appear before the last one (``x.pdf.exe``).
EXECUTABLE_EXTENSIONS = {
    *_words("exe com bat cmd scr pif msi msp dll cpl sys drv ocx js jse vbs vbe wsf wsh ps1 psm1"),
    *_words("sh bash zsh csh jar apk app run bin elf lnk url reg hta inf scf iso img vhd dmg"),
    *_words("html htm xhtml svg php py pl rb cgi asp aspx jsp"),
}
KNOWN_EXTENSIONS = {
    *BY_EXTENSION,
    *EXECUTABLE_EXTENSIONS,
    *_words("doc docm dot dotm xls xlsm xlsb xlt pptx pptm ppt odp rtf zip rar 7z gz tgz tar"),
    *_words("gif bmp tif tiff webp heic msg csv xml"),
}

_WINDOWS_RESERVED = re.compile(r'[<>:"|?*]')
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0b\x0e-\x1f\x7f]")  # text keeps \t \n \f \r
_HEADER_LINE = re.compile(rb"^([!-9;-~]+):")  # RFC 5322 field name: printable ASCII but ':'
_MAIL_FIELDS = {b"from", b"to", b"cc", b"subject", b"date", b"received", b"message-id"}

ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


@dataclass(frozen=True)
class CheckedUpload:
    """What passed the checks: the file is to be stored as is, under a random name."""

    name: str  # the original name, sanitised, kept as data only
    type: FileType
    content_type: str
    size: int
    sha256: str


def accepted_types_label():
    return ", ".join(t.label for t in TYPES.values())


def check_upload(uploaded_file, *, name=None, max_bytes=None):
    """Check ``uploaded_file`` (a Django ``File``) and return a ``CheckedUpload``.

    Raises ``ValidationError`` with a Dutch message at the first refusal. Reads, never writes.
    """
    name = check_name(uploaded_file.name if name is None else name)
    file_type = BY_EXTENSION[extension_of(name)]
    max_bytes = settings.EVIDENCE_MAX_BYTES if max_bytes is None else max_bytes
    _check_size(name, uploaded_file.size, max_bytes)
    size, sha256 = _measure(uploaded_file)
    _check_size(name, size, max_bytes)  # the bytes themselves, not only what the upload said
    found, charset = sniff(uploaded_file)
    _check_content(name, file_type, found)
    content_type = file_type.content_type
    if charset and file_type.key == "txt":
        content_type = f"{content_type}; charset={charset}"
    return CheckedUpload(name, file_type, content_type, size, sha256)


# The name


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_name(raw_name):
    """The sanitised name, or ``ValidationError``: no path, no control characters, one allowed
    extension."""
    name = unicodedata.normalize("NFC", str(raw_name or "")).strip()
    if not name:
        raise ValidationError(_("The file has no name."), code="no_name")
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in name):
        raise ValidationError(
            _("The file name contains control characters; rename the file and try again."),
            code="control_characters",
        )
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise ValidationError(
            _("The file name “%(name)s” contains a path; upload the file itself.") % {"name": name},
            code="path",
        )
    if len(name) > 255:
        raise ValidationError(
            _("The file name is too long (at most 255 characters)."), code="name_too_long"
        )
    if name.startswith("."):
        raise ValidationError(
            _("The file name “%(name)s” starts with a dot; give the file a name.") % {"name": name},
            code="hidden_name",
        )
    parts = name.split(".")
    extension = extension_of(name)
    if len(parts) < 2 or not extension:
        raise ValidationError(
            _("The file name “%(name)s” has no extension. Accepted types: %(types)s.")
            % {"name": name, "types": accepted_types_label()},
            code="no_extension",
        )
    inner = [part.strip().lower() for part in parts[1:-1]]
    doubled = [part for part in inner if part in KNOWN_EXTENSIONS]
    if doubled:
        raise ValidationError(
            _(
                "The file name “%(name)s” has a double extension (.%(inner)s.%(extension)s); "
                "such names hide the real type. Give the file one extension."
            )
            % {"name": name, "inner": doubled[-1], "extension": extension},
            code="double_extension",
        )
    if extension not in BY_EXTENSION:
        if extension in EXECUTABLE_EXTENSIONS:
            message = _("Programs and scripts (.%(extension)s) are not accepted.")
        else:
            message = _("Files of type .%(extension)s are not accepted. Accepted types: %(types)s.")
        raise ValidationError(
            message % {"extension": extension, "types": accepted_types_label()},
            code="type_not_accepted",
        )
    return _WINDOWS_RESERVED.sub("_", name)


# Size and digest


def _check_size(name, size, max_bytes):
    if not size:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )


def _chunks(uploaded_file):
    uploaded_file.seek(0)
    while chunk := uploaded_file.read(CHUNK_SIZE):
        yield chunk
    uploaded_file.seek(0)


def _measure(uploaded_file):
    digest, size = hashlib.sha256(), 0
    for chunk in _chunks(uploaded_file):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


# The content


def sniff(uploaded_file):
    """What the content is, from its bytes: (key, charset). The key is one of ``TYPES``, one of
    ``OTHER_KINDS``, or None (not recognised). The charset is set for text only."""
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_SIZE)
    uploaded_file.seek(0)
    if _is_executable(head):
        return "executable", None
    if head.startswith(b"%PDF-"):
        return "pdf", None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ("png" if head[12:16] == b"IHDR" else None), None
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg", None
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(uploaded_file), None
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif", None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole", None
    if head.startswith((b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")):
        return "archive", None
    charset = _text_charset(uploaded_file)
    if charset is None:
        return None, None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")):
        return "markup", None
    return ("eml" if _is_email(head) else "txt"), charset


def _is_executable(head):
    if head.startswith(b"MZ") and b"\x00" in head[:64]:  # DOS/Windows (PE) executable
        return True
    return head.startswith(
        (
            b"\x7fELF",  # Linux
            b"\xfe\xed\xfa\xce",  # Mach-O (macOS), both word sizes and byte orders
            b"\xfe\xed\xfa\xcf",
            b"\xce\xfa\xed\xfe",
            b"\xcf\xfa\xed\xfe",
            b"\xca\xfe\xba\xbe",  # Mach-O universal binary or Java class
            b"#!",  # a script with an interpreter line
        )
    )


def _sniff_zip(uploaded_file):
    """DOCX/XLSX: ``[Content_Types].xml`` with ``word/`` or ``xl/`` parts; ODT/ODS: the first
    entry ``mimetype`` names the type."""
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
            if not entries:
                return "zip"
            first = entries[0]
            if first.filename == "mimetype":
                if first.file_size > 200:
                    return "odf_other"
                return ODF_MIMETYPES.get(archive.read(first).strip(), "odf_other")
            names = [entry.filename for entry in entries]
            if "[Content_Types].xml" in names:
                if any(n.lower().endswith("vbaproject.bin") for n in names):
                    return "office_macro"
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
                return "office_other"
            return "zip"
    except Exception:  # a damaged or crafted archive, whatever zipfile makes of it
        return None
    finally:
        uploaded_file.seek(0)


def _text_charset(uploaded_file):
    """``utf-8`` or ``windows-1252`` (Latin-1) for text without NUL or control bytes, else None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    for chunk in _chunks(uploaded_file):
        if b"\x00" in chunk or _CONTROL_BYTES.search(chunk):
            return None
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return "utf-8" if utf8 else "windows-1252"


def _is_email(head):
    """RFC 822 header fields from the first line up to the first empty line, with at least two
    of From, To, Cc, Subject, Date, Received, Message-ID."""
    lines = head.split(b"\n")
    if len(head) == HEAD_SIZE:
        lines = lines[:-1]  # the last line may be cut off
    fields = set()
    for index, raw in enumerate(lines):
        line = raw.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t") and index > 0:
            continue  # a folded header line
        match = _HEADER_LINE.match(line)
        if match:
            fields.add(match.group(1).lower())
        elif not (index == 0 and line.startswith(b"From ")):  # the mbox separator line
            return False
    return len(fields & _MAIL_FIELDS) >= 2


def _check_content(name, file_type, found):
    if found == file_type.key or (file_type.key == "txt" and found == "eml"):
        return  # an e-mail is text too
    extension = extension_of(name)
    if found == "executable":
        raise ValidationError(
            _(
                "“%(name)s” is an executable program or script, whatever its name says. "
                "Such files are not accepted."
            )
            % {"name": name},
            code="executable",
        )
    if found in TYPES and not (file_type.key == "eml" and found == "txt"):
        raise ValidationError(
            _(
                "The content of “%(name)s” is a %(found)s file, but the name ends in "
                ".%(extension)s. Give the file its right extension and try again."
            )
            % {"name": name, "found": TYPES[found].label, "extension": extension},
            code="content_mismatch",
        )
    if found in OTHER_KINDS:
        raise ValidationError(
            _(
                "The content of “%(name)s” is %(kind)s: that type is not accepted. "
                "Accepted types: %(types)s."
            )
            % {"name": name, "kind": OTHER_KINDS[found], "types": accepted_types_label()},
            code="type_not_accepted",
        )
    raise ValidationError(
        _("The content of “%(name)s” is not a valid %(expected)s file.")
        % {"name": name, "expected": file_type.label},
        code="content_mismatch",
    )


# Storing what passed


class FileWrites:
    """The files written for the rows of one transaction; when the block fails, they go again.

    Use it around the transaction, so the rows have rolled back when the files are deleted::

        with FileWrites() as files, transaction.atomic():
            files.save(row.file, checked, uploaded_file)
            row.save()

    Files live outside the database: a rollback of an outer transaction after the block committed
    does not reach them.
    """

    def __init__(self):
        self.written = []

    def save(self, field_file, checked, content):
        """Write ``content`` through ``field_file`` (its ``upload_to`` gives a random name; the
        checked name is only passed along) without saving the row."""
        field_file.save(checked.name, content, save=False)
        self.written.append((field_file.storage, field_file.name))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None:
            for storage, name in self.written:
                if name and storage.exists(name):
                    storage.delete(name)
        return False
