"""Handing out a private file (evidence, a signal's attachment): only through a scoped view, always
as an attachment with its original name and the type stored when it was checked, never sniffed by
the browser, never cached by a shared cache."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def private_file_response(field_file, *, filename, content_type):
    """The download of ``field_file``; 404 when the file is missing from storage."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
