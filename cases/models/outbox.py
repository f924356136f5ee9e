"""The notification outbox: one row per email, written in the transaction of the change it
announces, sent by a Celery task afterwards (``cases.notifications``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import ScopedQuerySet


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Notification(models.Model):
    case = models.ForeignKey(
        "Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("email address"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    # Set for a notification that must go out once only (e.g. "overdue:2026-05-01").
    once_key = models.CharField(_("once key"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "email", "once_key"],
                condition=~Q(once_key=""),
                name="notification_once",
            )
        ]

    def __str__(self):
        return f"{self.case} {self.event} → {self.email}"
