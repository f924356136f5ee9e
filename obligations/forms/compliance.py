"""The compliance pages' forms: the matrix filters (year, province, status...) and a client
manager's assessment or its withdrawal."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.filters import SearchFilter, current_municipalities
from registry.models import Desk, Location, Province, ServiceArea

from ..models import Compliance, ComplianceStatus

FIRST_YEAR = 2019  # the first year of the annual reports (BVR 14/12/2018)


def year_choices():
    this_year = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)]


def selected_year(data):
    """The year asked for in ``data`` (a QueryDict), this year when absent or not offered."""
    value = (data or {}).get("year", "")
    offered = {int(year) for year, _label in year_choices()}
    return int(value) if value.isdigit() and int(value) in offered else timezone.localdate().year


def visible_desks(request):
    return Desk.objects.for_user(request.user) if request else Desk.objects.none()


class MatrixFilter(django_filters.FilterSet):
    """What both matrices filter on; ``party`` is the field of Compliance the rows are."""

    party = "desk"
    codes = ()

    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=year_choices, method="keep", empty_label=None
    )
    obligation = django_filters.ChoiceFilter(
        label=_("Obligation"), method="keep", empty_label=_("Any obligation")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ComplianceStatus.choices,
        method="with_status",
        empty_label=_("Any status"),
    )

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.filters["obligation"].extra["choices"] = [(code, code) for code in self.codes]

    def keep(self, queryset, name, value):
        """Year and obligation choose the cells; ``with_status`` reads them."""
        return queryset

    def with_status(self, queryset, name, value):
        rows = Compliance.objects.filter(
            year=self.year, status=value, **{f"{self.party}__isnull": False}
        )
        code = self.form.cleaned_data.get("obligation")
        rows = (
            rows.filter(obligation__code=code)
            if code
            else rows.filter(obligation__code__in=self.codes)
        )
        return queryset.filter(pk__in=rows.values(self.party))


def _served_today():
    return ServiceArea.objects.valid_on(timezone.localdate())


class DeskMatrixFilter(MatrixFilter):
    party = "desk"
    codes = ("D1", "D2", "D3", "D4", "D5", "D6", "D7")

    q = SearchFilter("name", "code", "operator__name")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        method="in_province",
        empty_label=_("All provinces"),
    )
    o = django_filters.OrderingFilter(
        fields=(("name", "name"), ("code", "code")),
        field_labels={"name": _("Name"), "code": _("Code")},
        label=_("Sort by"),
    )

    class Meta:
        model = Desk
        fields = ["year", "q", "province", "obligation", "status"]

    def in_province(self, queryset, name, value):
        desks = _served_today().filter(municipality__province=value).values("desk")
        return queryset.filter(pk__in=desks)


class LocationMatrixFilter(MatrixFilter):
    party = "location"
    codes = ("P1", "P2", "P3", "P4", "P5")

    q = SearchFilter("name", "file_number", "organisation__name")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="municipality__province",
        queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=current_municipalities,
        empty_label=_("All municipalities"),
    )
    desk = django_filters.ModelChoiceFilter(
        label=_("Desk"),
        queryset=visible_desks,
        method="in_desk_area",
        empty_label=_("All desks"),
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("file_number", "file_number"),
            ("municipality__name", "municipality"),
        ),
        field_labels={
            "name": _("Name"),
            "file_number": _("File number"),
            "municipality__name": _("Municipality"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Location
        fields = ["year", "q", "province", "municipality", "desk", "obligation", "status"]

    def in_desk_area(self, queryset, name, value):
        served = _served_today().filter(desk=value).values("municipality")
        return queryset.filter(Q(municipality__in=served))


class AssessmentForm(forms.Form):
    """A client manager's assessment: a status that fits the obligation, a reason, evidence."""

    status = forms.ChoiceField(label=_("Assessment"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Recorded in the history with your name and the time."),
    )
    evidence = forms.ModelMultipleChoiceField(
        label=_("Evidence"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The current evidence of this desk or location that supports it."),
    )

    def __init__(self, *args, statuses, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ComplianceStatus.choices)
        self.fields["status"].choices = [(status, labels[status]) for status in statuses]
        self.fields["evidence"].queryset = evidence

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason: it is kept in the history."))
        return reason


class WithdrawAssessmentForm(forms.Form):
    """Withdraw an assessment or waiver (after confirmation): the status is derived again."""

    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    confirm = forms.BooleanField(
        label=_("Yes, withdraw the assessment: the status is derived from the records again."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason: it is kept in the history."))
        return reason
