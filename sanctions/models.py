"""Enforcement tracks opened from a case in enforcement, their steps (one letter each, with the
dates the party was notified and the step becomes public), the decisions with their approval by a
second person, and objections against them (DOMAIN.md section 6).

The lifecycles live in ``sanctions/workflow.py``; every write in ``sanctions/services.py``; the
effects on the registry in ``sanctions/effects.py``; who sees what in ``supervision/access.py``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin
from simple_history.models import HistoricalRecords

from registry.models import Desk, Location, ScopedQuerySet

from .measures import FIELD_RULES, KINDS_BY_TRACK, DecisionKind, TrackKind, describe
from .workflow import DecisionState, DecisionWorkflow, ObjectionWorkflow, TrackWorkflow

# Enforcement steps on a licence become public this long after the provider was notified
# (DOMAIN.md section 6: the public childcare finder, Kinderopvangzoeker).
PUBLICATION_DELAY = datetime.timedelta(days=3)


class HearingKind(models.TextChoices):
    WRITTEN = "written", _("written response")
    TALK = "talk", _("hearing talk")
    NO_RESPONSE = "no_response", _("no response")


class StepKind(models.TextChoices):
    FORMAL_NOTICE = "formal_notice", _("formal notice")
    INTENDED_DECISION = "intended_decision", _("intended decision")
    HEARING = "hearing", _("invitation to be heard")
    DECISION = "decision", _("decision")
    OBJECTION_DECISION = "objection_decision", _("decision on the objection")
    CLOSURE = "closure", _("closure without a measure")


class EffectStatus(models.TextChoices):
    PENDING = "pending", _("takes effect on its start date")
    IN_FORCE = "in_force", _("in force")
    ENDED = "ended", _("ended")
    ANNULLED = "annulled", _("annulled after objection")


def _user_fk(verbose_name, **extra):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        **extra,
    )


class EnforcementTrack(ConcurrentTransitionMixin, TrackWorkflow):
    """A licence track against locations of the case's provider, or a subsidy track against the
    case's desk, from the formal notice to its closing."""

    number = models.CharField(_("track number"), max_length=30, unique=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="enforcement_tracks",
    )
    kind = models.CharField(_("track"), max_length=10, choices=TrackKind.choices)
    locations = models.ManyToManyField(
        Location, verbose_name=_("locations"), blank=True, related_name="enforcement_tracks"
    )
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("desk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_tracks",
    )
    facts = models.TextField(_("facts"))
    notice_deadline = models.DateField(
        _("put right by"), help_text=_("The deadline of the formal notice.")
    )
    intended_measure = models.CharField(
        _("intended measure"), max_length=30, choices=DecisionKind.choices, blank=True
    )
    intended_measure_details = models.TextField(_("intended measure in detail"), blank=True)
    response_deadline = models.DateField(
        _("respond by"),
        null=True,
        blank=True,
        help_text=_(
            "The party can respond to the intended decision or ask to be heard until then."
        ),
    )
    hearing_kind = models.CharField(
        _("how the party was heard"), max_length=20, choices=HearingKind.choices, blank=True
    )
    hearing_on = models.DateField(_("heard on"), null=True, blank=True)
    hearing_summary = models.TextField(_("summary of the hearing"), blank=True)
    opened_by = _user_fk(_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("enforcement track")
        verbose_name_plural = _("enforcement tracks")
        permissions = [("handle_track", _("Can handle enforcement tracks"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=TrackKind.LICENCE, desk__isnull=True)
                | Q(kind=TrackKind.SUBSIDY, desk__isnull=False),
                name="track_subsidy_has_desk",
            )
        ]

    def __str__(self):
        return self.number

    def clean_fields(self, exclude=None):
        # A protected FSM field cannot pass full_clean(); the workflow guards it instead.
        super().clean_fields(exclude={*(exclude or ()), "state"})

    @property
    def party(self):
        """Who the track is against: the desk, or the provider of the locations."""
        return self.desk if self.kind == TrackKind.SUBSIDY else self.case.about_organisation

    @property
    def approved_decision(self):
        return self.decisions.filter(state=DecisionState.APPROVED).first()


class Decision(ConcurrentTransitionMixin, DecisionWorkflow):
    """A decision on a track: proposed by one person, approved or rejected by another who holds
    the approval permission. Its effect on the registry is applied on approval."""

    number = models.CharField(_("decision number"), max_length=40, unique=True)
    track = models.ForeignKey(
        EnforcementTrack,
        verbose_name=_("enforcement track"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    kind = models.CharField(_("measure"), max_length=30, choices=DecisionKind.choices)
    amount = models.DecimalField(
        _("amount (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("The suspension is lifted on this day.")
    )
    grounds = models.TextField(_("grounds"))
    proposed_by = _user_fk(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    reviewed_by = _user_fk(_("approved or rejected by"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("approved or rejected at"), null=True, blank=True)
    effect_status = models.CharField(
        _("effect"), max_length=10, choices=EffectStatus.choices, blank=True
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        permissions = [
            ("approve_decision", _("Can approve or reject decisions proposed by someone else"))
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="decision_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gt=models.F("starts_on")),
                name="decision_period_order",
            ),
        ]

    def __str__(self):
        return self.number

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude={*(exclude or ()), "state"})

    def clean(self):
        """The measure fits the track, and has exactly the fields it needs."""
        if self.track_id and self.kind not in KINDS_BY_TRACK[self.track.kind]:
            raise ValidationError(
                {
                    "kind": _("This measure is not possible on a %(track)s track.")
                    % {"track": self.track.get_kind_display()}
                }
            )
        errors = {}
        for field, (required, allowed) in FIELD_RULES.items():
            value = getattr(self, field)
            if value is None and self.kind in required:
                errors[field] = _("This measure needs this field.")
            elif value is not None and self.kind not in allowed:
                errors[field] = _("This measure does not have this field: leave it empty.")
        if self.amount is not None and self.amount <= 0:
            errors.setdefault("amount", _("The amount must be more than zero."))
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors.setdefault("ends_on", _("The end must come after the start."))
        if errors:
            raise ValidationError(errors)

    @property
    def measure(self):
        """The measure in words, with its amount, period and due date."""
        return describe(self)

    @property
    def imposes_measure(self):
        """Approved, a measure other than none, and not annulled after an objection."""
        return (
            self.state == DecisionState.APPROVED
            and self.kind != DecisionKind.NO_MEASURE
            and self.effect_status != EffectStatus.ANNULLED
        )


class Objection(ConcurrentTransitionMixin, ObjectionWorkflow):
    """An objection (bezwaar) against an approved decision, and its outcome: upheld reverts the
    decision's effect."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="objection"
    )
    lodged_on = models.DateField(_("lodged on"))
    grounds = models.TextField(_("grounds of the objection"))
    recorded_by = _user_fk(_("recorded by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome_grounds = models.TextField(_("grounds of the outcome"), blank=True)
    decided_by = _user_fk(_("decided by"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-lodged_on", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        permissions = [("decide_objection", _("Can decide objections"))]

    def __str__(self):
        return f"{self.decision} {self.lodged_on:%d/%m/%Y}"

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude={*(exclude or ()), "outcome"})


class TrackStepQuerySet(ScopedQuerySet):
    def public_on(self, date):
        """Licence steps public on ``date`` (notified at least three days before): what the
        export for the public childcare finder lists."""
        return self.filter(track__kind=TrackKind.LICENCE, public_on__lte=date)


class TrackStep(models.Model):
    """One step of a track sent to the party, with its own letter: when the party was notified
    and, on a licence track, when the step becomes public. ``summary`` and ``deadline`` keep what
    the letter said, even when the track changes later."""

    track = models.ForeignKey(
        EnforcementTrack,
        verbose_name=_("enforcement track"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
    )
    objection = models.ForeignKey(
        Objection,
        verbose_name=_("objection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
    )
    summary = models.TextField(_("summary"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    notified_on = models.DateField(_("party notified on"), null=True, blank=True)
    public_on = models.DateField(_("public from"), null=True, blank=True)
    history = HistoricalRecords()

    objects = TrackStepQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("enforcement step")
        verbose_name_plural = _("enforcement steps")

    def __str__(self):
        return f"{self.track}: {self.get_kind_display()}"

    def set_notified(self, date):
        """The party was notified on ``date``; a licence step becomes public three days later."""
        self.notified_on = date
        self.public_on = date + PUBLICATION_DELAY if self.track.kind == TrackKind.LICENCE else None
