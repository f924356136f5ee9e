"""Files sent with a signal. Checked like evidence (``obligations.uploads``), stored under a random
name in private storage, downloaded only through a scoped view."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import ScopedQuerySet


def attachment_path(instance, filename):
    """A random name in private storage: the uploader's file name is kept only as data."""
    return f"signals/{secrets.token_hex(2)}/{secrets.token_hex(16)}"


class SignalAttachment(models.Model):
    signal = models.ForeignKey(
        "Signal", verbose_name=_("signal"), on_delete=models.PROTECT, related_name="attachments"
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
