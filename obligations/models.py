"""Obligations of desks and providers, their compliance per party and period, and the records that
prove it: evidence, consultations, procedure and agreements documents, annual registration reports.

Rules live elsewhere, one place each: which obligation applies and how its status is derived in
``compliance.py``; the annual report lifecycle in ``workflow.py``; every write in ``services.py``;
upload checks in ``uploads.py``; who sees what in ``supervision/access.py``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin
from simple_history.models import HistoricalRecords

from registry.models import Desk, Location, Organisation, ScopedQuerySet, ValidityQuerySet

from .workflow import AnnualReportWorkflow


class PartyType(models.TextChoices):
    DESK = "desk", _("desk")
    PROVIDER = "provider", _("provider")


class ObligationKind(models.TextChoices):
    BINDING = "binding", _("obligation")
    RECOMMENDATION = "recommendation", _("recommendation")


class PeriodKind(models.TextChoices):
    PER_CONSULTATION = "per_consultation", _("per consultation")
    YEARLY = "yearly", _("yearly")
    STANDING = "standing", _("standing")
    CONTINUOUS = "continuous", _("continuous")


class Applicability(models.TextChoices):
    """Which parties an obligation applies to (the rules are in ``compliance.py``)."""

    EVERY_DESK = "every_desk", _("every desk")
    DESK_OPERATOR_RUNS_LOCATIONS = (
        "desk_operator_runs_locations",
        _("desks whose operator also runs locations"),
    )
    LOCATION_WITH_DESK = "location_with_desk", _("locations in a municipality with a desk")
    PLUS_SUBSIDY_WITH_DESK = (
        "plus_subsidy_with_desk",
        _("plus-subsidy locations in a municipality with a desk"),
    )


class Derivation(models.TextChoices):
    """How compliance is established: derived from the records, or assessed by a client manager."""

    INVITATIONS = "invitations", _("derived: every provider invited to every consultation")
    PROCEDURE = "procedure", _("derived: a current procedure with LOK advice")
    YEARLY_CONSULTATION = "yearly_consultation", _("derived: a consultation with minutes this year")
    AGREEMENTS_SENT = "agreements_sent", _("derived: agreements sent to every location")
    REPORT_SHARED = "report_shared", _("derived: annual report shared with every provider")
    OFFER_INFO = "offer_info", _("derived: offer info confirmed in the last 12 months")
    ASSESSMENT = "assessment", _("assessed by a client manager")


class Obligation(models.Model):
    """A duty of the catalogue (D1-D7, P1-P5): configuration with validity dates, not code."""

    code = models.CharField(_("code"), max_length=10)
    party_type = models.CharField(_("party"), max_length=10, choices=PartyType.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), help_text=_("The duty as worded in the source note."))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ObligationKind.choices, default=ObligationKind.BINDING
    )
    period_kind = models.CharField(_("period"), max_length=20, choices=PeriodKind.choices)
    applicability = models.CharField(_("applies to"), max_length=40, choices=Applicability.choices)
    derivation = models.CharField(_("compliance"), max_length=30, choices=Derivation.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-valid_from"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="obligation_code_period")
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"


class ComplianceStatus(models.TextChoices):
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    PENDING = "pending", _("pending")
    OVERDUE = "overdue", _("overdue")
    NOT_APPLICABLE = "not_applicable", _("not applicable")
    WAIVED = "waived", _("waived")


class Compliance(models.Model):
    """The status of one obligation for one party (a desk, or a location) in one year.

    Written only by ``services`` (derivation or assessment), with who and why in the history.
    """

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="compliance")
    desk = models.ForeignKey(
        Desk, null=True, blank=True, on_delete=models.CASCADE, related_name="compliance"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="compliance"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=ComplianceStatus.choices)
    derived = models.BooleanField(_("derived"), default=True)
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    evidence = models.ManyToManyField("Evidence", blank=True, related_name="compliance")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[evidence])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "obligation__code"]
        verbose_name = _("compliance")
        verbose_name_plural = _("compliance")
        permissions = [("assess_compliance", _("Can assess or waive compliance"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(desk__isnull=False, location__isnull=True)
                | Q(desk__isnull=True, location__isnull=False),
                name="compliance_one_party",
            ),
            models.UniqueConstraint(
                fields=["obligation", "desk", "year"],
                condition=Q(desk__isnull=False),
                name="compliance_desk_once",
            ),
            models.UniqueConstraint(
                fields=["obligation", "location", "year"],
                condition=Q(location__isnull=False),
                name="compliance_location_once",
            ),
        ]

    def __str__(self):
        return f"{self.obligation.code} {self.desk or self.location} {self.year}: {self.status}"


def evidence_path(instance, filename):
    """A random name in private storage: the uploader's file name is kept only as data."""
    return f"evidence/{secrets.token_hex(2)}/{secrets.token_hex(16)}"


class EvidenceQuerySet(ScopedQuerySet):
    def current(self):
        """Not withdrawn and not replaced by a newer version."""
        return self.filter(withdrawn_at__isnull=True, replaced_by__isnull=True)


class Evidence(models.Model):
    """A file that proves an effort: append-only. A correction is a new version (``replaces``);
    withdrawing keeps the file and its history."""

    desk = models.ForeignKey(
        Desk, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    consultation = models.ForeignKey(
        "Consultation", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    description = models.CharField(_("description"), max_length=500)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    history = HistoricalRecords()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        permissions = [("withdraw_evidence", _("Can withdraw evidence, with a reason"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(desk__isnull=False) | Q(location__isnull=False),
                name="evidence_has_party",
            )
        ]

    def __str__(self):
        return self.description


class ConsultationKind(models.TextChoices):
    COOPERATION = "cooperation", _("consultation on cooperation agreements")
    LOK = "lok", _("Local Childcare Consultation (LOK)")
    OTHER = "other", _("other consultation")


class Consultation(models.Model):
    """A consultation the desk organised (obligations D1 and D3)."""

    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="consultations")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ConsultationKind.choices)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    invitees = models.ManyToManyField(
        Organisation, blank=True, related_name="consultations_invited", verbose_name=_("invited")
    )
    attendees = models.ManyToManyField(
        Organisation, blank=True, related_name="consultations_attended", verbose_name=_("present")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[invitees, attendees])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class DocumentKind(models.TextChoices):
    PROCEDURE = "procedure", _("procedure for distributing and answering requests (D2)")
    AGREEMENTS = "agreements", _("cooperation agreements (D4)")


class DeskDocument(models.Model):
    """A version of the desk's procedure (D2) or agreements (D4); a new version never overwrites."""

    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    adopted_on = models.DateField(_("adopted on"))
    lok_advice_on = models.DateField(_("LOK advice on"), null=True, blank=True)
    providers_consulted = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("providers consulted")
    )
    communicated_on = models.DateField(_("sent to the locations on"), null=True, blank=True)
    recipients = models.ManyToManyField(
        Location, blank=True, related_name="+", verbose_name=_("locations it was sent to")
    )
    evidence = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[providers_consulted, recipients])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("desk document")
        verbose_name_plural = _("desk documents")
        constraints = [
            models.UniqueConstraint(fields=["desk", "kind", "version"], name="document_version")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class Rubric(models.Model):
    """A rubric of the annual registration report, with the years it exists (versioned reference
    data: priority groups were registered up to 2023)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return self.name

    def exists_in(self, year):
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


class AnnualReport(ConcurrentTransitionMixin, AnnualReportWorkflow):
    """A desk's annual registration report (jaarregistratie) for one calendar year."""

    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    full_year = models.BooleanField(
        _("full calendar year"),
        default=True,
        help_text=_("Only reports covering the whole year count in national figures."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    shared_on = models.DateField(_("shared with providers on"), null=True, blank=True)
    recipients = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("providers it was sent to")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[recipients])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "desk__name"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        permissions = [("validate_annualreport", _("Can validate or return annual reports"))]
        constraints = [
            models.UniqueConstraint(fields=["desk", "year"], name="annual_report_once_per_year")
        ]

    def __str__(self):
        return f"{self.desk} {self.year}"

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude={*(exclude or ()), "state"})


class ReportFigure(models.Model):
    """Unique and unanswered requests of one rubric in one report (unanswered <= unique)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="figures")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="+")
    unique = models.PositiveIntegerField(_("unique requests"))
    unanswered = models.PositiveIntegerField(_("without an offer of care"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric__position"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["report", "rubric"], name="figure_once_per_rubric"),
            models.CheckConstraint(
                condition=Q(unanswered__lte=models.F("unique")), name="figure_unanswered_le_unique"
            ),
        ]

    def __str__(self):
        return f"{self.rubric}: {self.unique}/{self.unanswered}"


class ReminderKind(models.TextChoices):
    CONSULTATION = "consultation", _("no consultation yet this year")
    ANNUAL_REPORT = "annual_report", _("annual report not yet submitted")


class Reminder(models.Model):
    """An email reminder to a desk's staff, recorded so that it goes out once (``reminders.py``).

    The row is written before the email, as an outbox: ``sent_at`` is set once the email went out,
    and a row still without it is sent again on the next run.
    """

    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["desk", "kind", "year"], name="reminder_once")
        ]

    def __str__(self):
        return f"{self.desk} {self.get_kind_display()} {self.year}"
