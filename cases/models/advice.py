"""A local government's advice on a provider or one of its locations (DOMAIN.md section 7)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import Location, Municipality, Organisation, ScopedQuerySet


class AdviceContext(models.TextChoices):
    EXPANSION_ROUND = "expansion_round", _("expansion round")
    LICENCE_APPLICATION = "licence_application", _("licence application")


class AdviceVerdict(models.TextChoices):
    POSITIVE = "positive", _("positive")
    NEGATIVE = "negative", _("negative")


SCORE_MAX = 100


class Advice(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="advice",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="advice"
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice",
    )
    context = models.CharField(_("context"), max_length=20, choices=AdviceContext.choices)
    round_name = models.CharField(_("expansion round"), max_length=200, blank=True)
    round_year = models.PositiveSmallIntegerField(_("year of the round"), null=True, blank=True)
    verdict = models.CharField(_("advice"), max_length=10, choices=AdviceVerdict.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, help_text=_("For a positive advice, 0 to 100.")
    )
    grounds = models.TextField(_("grounds"))
    cooperation_shortfall = models.BooleanField(
        _("shortfall in cooperation with the desk"), default=False
    )
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    cases = models.ManyToManyField(
        "Case", verbose_name=_("cases"), blank=True, related_name="advice"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    verdict=AdviceVerdict.POSITIVE, score__isnull=False, score__lte=SCORE_MAX
                )
                | Q(verdict=AdviceVerdict.NEGATIVE, score__isnull=True),
                name="advice_score_only_when_positive",
            ),
        ]

    def __str__(self):
        return f"{self.get_verdict_display()} {self.organisation} {self.given_on:%d/%m/%Y}"
