"""What the services of the sanctions app share: the conflict error, permission checks, saving with
who and why in the history, and writing history reasons in the product's language."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from cases.services.common import require
from supervision import fsm

__all__ = ["TrackChanged", "product_language", "require", "save_with_history"]


class TrackChanged(ValidationError):
    """Someone else changed the track, decision or objection between reading and writing it."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this enforcement track in the meantime. Reload it and try again."
            )
        )


def product_language():
    """History reasons are data, read by everyone alike: write them in the product's language,
    whatever the language of the request (``with product_language(): reason = _(...)``)."""
    return translation.override(settings.LANGUAGE_CODE)


def save_with_history(obj, actor, reason):
    """Save with who and why in the history; a concurrent change raises ``TrackChanged``."""
    return fsm.save_with_history(obj, actor, reason, conflict=TrackChanged)
