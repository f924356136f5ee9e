"""The registry: municipalities, organisations, desks with their service areas, and locations."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin
from simple_history.models import HistoricalRecords
from stdnum.be import vat

from supervision import access

from .workflow import DeskStatus, DeskStatusWorkflow, LicenceStatus, LicenceStatusWorkflow

__all__ = [
    "CareType",
    "Desk",
    "DeskStatus",
    "LicenceStatus",
    "Location",
    "Municipality",
    "MunicipalityMerger",
    "Organisation",
    "Province",
    "ServiceArea",
    "SubsidyLevel",
]


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows what a user may see: the rules live in ``supervision.access``."""

    def for_user(self, user):
        return access.scope(self, user)


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date), valid_from__lte=date)


class Province(models.Model):
    """A province, or the Brussels-Capital Region, which reports show as the row "BHG"."""

    nis_code = models.CharField(_("NIS code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    report_label = models.CharField(_("report label"), max_length=30)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report_label"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.report_label


class Municipality(models.Model):
    """A municipality as it existed for a period: NIS codes change with mergers (1 January 2025)."""

    nis_code = models.CharField(_("NIS code"), max_length=5)
    name = models.CharField(_("name"), max_length=100)
    arrondissement_nis = models.CharField(_("arrondissement NIS code"), max_length=5)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-valid_from"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["nis_code", "valid_from"], name="municipality_code_period"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.nis_code})"

    def is_valid_on(self, date):
        return self.valid_from <= date and (self.valid_to is None or date <= self.valid_to)


class MunicipalityMerger(models.Model):
    """The crosswalk of a merger: an old municipality that became (part of) a new one."""

    old = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="merged_into")
    new = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="merged_from")
    effective_date = models.DateField(_("effective date"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality merger")
        verbose_name_plural = _("municipality mergers")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="merger_old_new")]

    def __str__(self):
        return f"{self.old} → {self.new} ({self.effective_date})"


def validate_enterprise_number(value):
    if not vat.is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid enterprise number (10 digits with a valid check number)."),
            params={"value": value},
            code="invalid_enterprise_number",
        )


def normalise_enterprise_number(value):
    """'BE 0403.170.701', '403170701' -> '0403170701'; anything unparseable is returned as given."""
    try:
        return vat.compact(value or "")
    except Exception:  # stdnum raises its own errors on garbage; validation reports it
        return (value or "").strip()


class Organisation(models.Model):
    """A legal entity: operates desks, locations, or both."""

    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=10,
        unique=True,
        validators=[validate_enterprise_number],
        help_text=_("KBO number, 10 digits, e.g. 0403170701."),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.enterprise_number = normalise_enterprise_number(self.enterprise_number)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registry:organisation-detail", args=[self.pk])

    @property
    def enterprise_number_display(self):
        n = self.enterprise_number
        return f"{n[:4]}.{n[4:7]}.{n[7:]}" if len(n) == 10 else n


class Desk(ConcurrentTransitionMixin, DeskStatusWorkflow):
    """A local childcare desk (Lokaal Loket Kinderopvang) and its service area."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    operator = models.ForeignKey(
        Organisation, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="desks"
    )
    central_registration = models.BooleanField(
        _("central registration"),
        default=False,
        help_text=_("All childcare requests in the service area pass through the desk."),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        permissions = [("change_desk_status", _("Can change the status of a desk"))]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # A protected FSM field cannot pass full_clean(); the workflow guards it instead.
        super().clean_fields(exclude={*(exclude or ()), "status"})

    def get_absolute_url(self):
        return reverse("registry:desk-detail", args=[self.pk])


class ServiceArea(models.Model):
    """A municipality in a desk's service area for a period (service areas change over time)."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="service_areas")
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="service_areas",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "valid_from"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="service_area_period_order",
            )
        ]

    def __str__(self):
        return f"{self.desk} – {self.municipality}"


class CareType(models.TextChoices):
    FAMILY = "family", _("family care")
    GROUP = "group", _("group care")
    GROUP_COOPERATION = "group_cooperation", _("cooperating childminders")


class SubsidyLevel(models.IntegerChoices):
    NONE = 0, _("0 – no subsidy")
    BASIC = 1, _("1 – basic subsidy")
    INCOME_RELATED = 2, _("2 – income-related tariff")
    PLUS = 3, _("3 – plus-subsidy")


class Location(ConcurrentTransitionMixin, LicenceStatusWorkflow):
    """A licensed childcare location (kinderopvanglocatie) with its offer info."""

    file_number = models.CharField(_("file number"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="locations",
    )
    care_type = models.CharField(_("care type"), max_length=20, choices=CareType.choices)
    places = models.PositiveIntegerField(_("places"))
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="locations",
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    subsidy_level = models.PositiveSmallIntegerField(
        _("subsidy level"), choices=SubsidyLevel.choices, default=SubsidyLevel.NONE
    )
    # Offer info (obligation P2): what the desk must know about the location.
    income_related_tariff = models.BooleanField(_("income-related tariff"), default=False)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    offer_confirmed_on = models.DateField(_("offer info last confirmed"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        permissions = [
            ("change_licence_status", _("Can change the licence status of a location")),
            ("record_offer_info", _("Can record the offer info a location gave")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(subsidy_level__lte=3), name="location_subsidy_level_0_3"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.file_number})"

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude={*(exclude or ()), "licence_status"})

    def clean(self):
        if self.care_type == CareType.FAMILY and self.places and self.places > 8:
            raise ValidationError(
                {"places": _("Family care has at most 8 places.")}, code="family_care_places"
            )

    def get_absolute_url(self):
        return reverse("registry:location-detail", args=[self.pk])

    @property
    def offer_info_current(self):
        """Offer info confirmed in the last 12 months (how P2 is derived)."""
        if not self.offer_confirmed_on:
            return False
        return self.offer_confirmed_on >= timezone.localdate() - datetime.timedelta(days=365)
