from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A user. Roles are groups (``supervision.roles``); the links below give desk staff and
    local-government users their scope (``supervision.access``)."""

    desks = models.ManyToManyField(
        "registry.Desk",
        verbose_name=_("desks"),
        blank=True,
        related_name="staff",
        help_text=_("For desk staff: the desks this user works for."),
    )
    municipalities = models.ManyToManyField(
        "registry.Municipality",
        verbose_name=_("municipalities"),
        blank=True,
        related_name="officials",
        help_text=_("For local-government users: the municipalities this user represents."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("view_all_parties", _("Can see every desk, organisation and location")),
            ("import_registry", _("Can import organisations, desks and locations")),
        ]
