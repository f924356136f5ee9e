"""Signals (meldingen) about a desk or a provider, the cases (dossiers) a client manager makes of
them, the talks held in a case, internal notes, and the yearly case-number counter."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin
from simple_history.models import HistoricalRecords

from obligations.models import Evidence, Obligation
from registry.models import Desk, Location, Organisation, ScopedQuerySet

from ..workflow import CaseWorkflow, Outcome, TalkOutcome


class Source(models.TextChoices):
    DESK = "desk", _("desk")
    PROVIDER = "provider", _("provider")
    PARENT = "parent", _("parent")
    LOCAL_GOVERNMENT = "local_government", _("local government")
    CARE_INSPECTORATE = "care_inspectorate", _("care inspectorate")
    OWN_INITIATIVE = "own_initiative", _("own initiative")


class Channel(models.TextChoices):
    LETTER = "letter", _("letter")
    MAIL = "mail", _("mail")
    PHONE = "phone", _("phone")
    VISIT = "visit", _("visit")
    PORTAL = "portal", _("portal")


class TalkParty(models.TextChoices):
    DESK = "desk", _("desk")
    PROVIDER = "provider", _("provider")


def _one_party(prefix=""):
    """Exactly one of about_desk and about_organisation."""
    return models.CheckConstraint(
        condition=Q(about_desk__isnull=False, about_organisation__isnull=True)
        | Q(about_desk__isnull=True, about_organisation__isnull=False),
        name=f"{prefix}_about_one_party",
    )


class Signal(models.Model):
    """A report about a desk or a provider (and optionally its locations) and the obligations
    concerned. Several signals can join one case."""

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="signals_reported",
    )
    reporting_desk = models.ForeignKey(
        Desk,
        verbose_name=_("reporting desk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals_reported",
    )
    about_desk = models.ForeignKey(
        Desk,
        verbose_name=_("about desk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals_about",
    )
    about_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("about provider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals_about",
    )
    locations = models.ManyToManyField(
        Location, verbose_name=_("locations"), blank=True, related_name="signals"
    )
    obligations = models.ManyToManyField(
        Obligation, verbose_name=_("obligations"), blank=True, related_name="signals"
    )
    description = models.TextField(_("description"))
    advice = models.ForeignKey(
        "Advice",
        verbose_name=_("started from advice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
    )
    case = models.ForeignKey(
        "Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [_one_party("signal")]

    def __str__(self):
        return f"{self.get_source_display()} {self.received_on:%d/%m/%Y}"

    @property
    def about(self):
        return self.about_desk or self.about_organisation


class Case(ConcurrentTransitionMixin, CaseWorkflow):
    """A case (dossier) about a desk or a provider, handled by a client manager."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    about_desk = models.ForeignKey(
        Desk,
        verbose_name=_("about desk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    about_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("about provider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    locations = models.ManyToManyField(
        Location, verbose_name=_("locations"), blank=True, related_name="cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("client manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_assigned",
    )
    outcome = models.CharField(_("outcome"), max_length=40, choices=Outcome.choices, blank=True)
    desk_reported_provider = models.BooleanField(
        _("a desk reported a provider"),
        default=False,
        help_text=_("Then the desk's own efforts are checked before a talk."),
    )
    desk_efforts_finding = models.TextField(_("finding on the desk's efforts"), blank=True)
    desk_efforts_checked_at = models.DateTimeField(
        _("desk's efforts checked at"), null=True, blank=True
    )
    desk_efforts_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("desk's efforts checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    desk_evidence = models.ManyToManyField(
        Evidence,
        verbose_name=_("desk's evidence checked"),
        blank=True,
        related_name="cases",
    )
    talk_skip_reason = models.TextField(_("reason for skipping the talk"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [_one_party("case")]
        permissions = [
            ("handle_case", _("Can handle cases (move them through their workflow)")),
            ("reopen_case", _("Can reopen a closed case")),
        ]

    def __str__(self):
        return self.number

    def clean_fields(self, exclude=None):
        # A protected FSM field cannot pass full_clean(); the workflow guards it instead.
        super().clean_fields(exclude={*(exclude or ()), "state"})

    @property
    def about(self):
        return self.about_desk or self.about_organisation


class Talk(models.Model):
    """A talk with the desk or the provider: what was agreed, by when, and how it ended."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="talks"
    )
    held_on = models.DateField(_("held on"))
    participants = models.TextField(_("participants"))
    party = models.CharField(_("party"), max_length=10, choices=TalkParty.choices)
    agreed = models.TextField(_("what was agreed"), blank=True)
    remedy_by = models.DateField(_("shortfall remedied by"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=TalkOutcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("talk")
        verbose_name_plural = _("talks")

    def __str__(self):
        return f"{self.case} {self.held_on:%d/%m/%Y}"


class CaseNote(models.Model):
    """An internal note on a case, for those who see every case only."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self):
        return f"{self.case} {self.created_at:%d/%m/%Y}"


class CaseNumber(models.Model):
    """The last case number handed out per year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")

    def __str__(self):
        return f"{self.year}: {self.last}"
