"""The forms of the annual report pages: the list's filters, the desk's figures, the transitions
(with what each records) and opening a report for a year.

The figures are checked by ``obligations.report_rules``, the same rules (and words) as the import.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Organisation, Province, ServiceArea

from ..models import AnnualReport, Rubric
from ..report_rules import (
    FIGURE_KEYS,
    CountError,
    check_figures,
    parse_count,
    unanswered_key,
    unique_key,
)
from ..rubrics import TOTAL
from ..services.reports import EDITABLE, first_year, last_overdue_year
from ..workflow import ReportState

# --- The list's filters -------------------------------------------------------------------------


def report_years():
    return [(year, str(year)) for year in range(timezone.localdate().year, first_year() - 1, -1)]


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Desk"), method="search")
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=report_years, empty_label=_("All years")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        method="in_province",
        empty_label=_("All provinces"),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ReportState.choices, empty_label=_("All states")
    )
    full_year = django_filters.BooleanFilter(label=_("Full calendar year"))
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    o = django_filters.OrderingFilter(
        fields=(
            ("year", "year"),
            ("desk__name", "desk"),
            ("state", "state"),
            ("submitted_at", "submitted"),
        ),
        field_labels={
            "year": _("Year"),
            "desk__name": _("Desk"),
            "state": _("State"),
            "submitted_at": _("Submitted"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = AnnualReport
        fields = ["q", "year", "province", "state", "full_year", "overdue"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(desk__name__icontains=value) | Q(desk__code__icontains=value))

    def in_province(self, queryset, name, value):
        """The desk's province in the report's year: a service area in that province during the
        year; when the registry holds no area of the desk for that year, any of its areas."""
        in_year = Q(valid_from__year__lte=OuterRef("year")) & (
            Q(valid_to__isnull=True) | Q(valid_to__year__gte=OuterRef("year"))
        )
        areas = ServiceArea.objects.filter(desk=OuterRef("desk"))
        return queryset.filter(
            Exists(areas.filter(in_year, municipality__province=value))
            | (~Exists(areas.filter(in_year)) & Exists(areas.filter(municipality__province=value)))
        )

    def filter_overdue(self, queryset, name, value):
        late = Q(state__in=EDITABLE, year__lte=last_overdue_year())
        return queryset.filter(late if value else ~late)


# --- The desk's figures -------------------------------------------------------------------------


class CountField(forms.CharField):
    """A count typed by the desk: empty, or a whole number of 0 or more (``report_rules``)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 8})

    def to_python(self, value):
        try:
            return parse_count(super().to_python(value), str(self.label))
        except CountError as error:
            raise forms.ValidationError(str(error), code="count") from None


YES_NO = [("yes", _("yes")), ("no", _("no"))]


class FiguresForm(forms.Form):
    """The figures of one report: per rubric that exists in its year, unique and unanswered
    requests. The total is required; another rubric left empty was not registered."""

    full_year = forms.TypedChoiceField(
        label=_("Registrations for the full calendar year"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("Only reports covering the whole year count in national figures."),
    )
    reason = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=100,
        help_text=_("Optional: what was corrected and why."),
    )

    def __init__(self, *args, report, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("full_year", "yes" if report.full_year else "no")
        super().__init__(*args, **kwargs)
        self.report = report
        self.rubrics = {r.code: r for r in Rubric.objects.all()}
        stored = {f.rubric_id: f for f in report.figures.all()}
        self.rows = []
        for rubric in self.rubrics.values():
            if not rubric.exists_in(report.year):
                continue
            figure = stored.get(rubric.pk)
            required = rubric.code == TOTAL
            pair = []
            for key, label, value in (
                (unique_key(rubric.code), _("unique requests"), figure and figure.unique),
                (
                    unanswered_key(rubric.code),
                    _("without an offer of care"),
                    figure and figure.unanswered,
                ),
            ):
                self.fields[key] = CountField(
                    label=f"{rubric.name} – {label}", required=False, initial=value
                )
                if required:  # checked by the rules, with their message
                    self.fields[key].widget.attrs["aria-required"] = "true"
                pair.append(self[key])
            self.rows.append({"rubric": rubric, "required": required, "fields": pair})
        # the rows first, then full_year and the note
        self.order_fields([*(k for k in FIGURE_KEYS if k in self.fields), "full_year", "reason"])

    def clean(self):
        cleaned = super().clean()
        counts = {key: cleaned.get(key) for key in FIGURE_KEYS if key in self.fields}
        refused = {key for key in FIGURE_KEYS if key in self.errors}
        problems = check_figures(
            self.report.year,
            counts,
            self.rubrics,
            name=lambda key: str(self.fields[key].label),
            refused=refused,
        )
        for problem in problems:
            self.add_error(problem.field, problem.message)
        cleaned["counts"] = counts
        return cleaned


# --- Transitions --------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TransitionForm(forms.Form):
    """A transition with an optional note for the history."""

    reason = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"size": 40}),
    )

    def __init__(self, *args, report=None, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)

    def service_kwargs(self):
        return {"reason": self.cleaned_data["reason"]}


class ReturnForm(TransitionForm):
    reason = forms.CharField(
        label=_("Why does the report go back to the desk?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The desk sees this reason and corrects the report."),
        error_messages={"required": _("Say why the report goes back to the desk.")},
    )


class ProviderChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class ShareForm(TransitionForm):
    shared_on = forms.DateField(label=_("Shared with the providers on"), widget=DateInput)
    recipients = ProviderChoices(
        label=_("Providers it was sent to"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Every provider with an active location in the desk's service area is selected: the "
            "desk shares its annual figures with all of them (obligation D5)."
        ),
    )

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        providers = providers if providers is not None else Organisation.objects.none()
        self.fields["recipients"].queryset = providers
        self.fields["recipients"].initial = [p.pk for p in providers]
        # Nobody to send it to (no active location in the area): sharing records only the date.
        self.fields["recipients"].required = bool(self.fields["recipients"].initial)
        self.fields["shared_on"].initial = timezone.localdate()

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            **super().service_kwargs(),
            "shared_on": data["shared_on"],
            "recipients": data["recipients"],
        }


class PublishForm(TransitionForm):
    published_on = forms.DateField(label=_("Published on"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()

    def service_kwargs(self):
        return {**super().service_kwargs(), "published_on": self.cleaned_data["published_on"]}


TRANSITION_FORMS = {
    "submit": TransitionForm,
    "validate": TransitionForm,
    "return_to_desk": ReturnForm,
    "share": ShareForm,
    "publish": PublishForm,
}


# --- Opening a report ---------------------------------------------------------------------------


class OpenReportForm(forms.Form):
    desk = forms.ModelChoiceField(label=_("Desk"), queryset=None, empty_label=None)
    year = forms.TypedChoiceField(label=_("Year"), choices=report_years, coerce=int)

    def __init__(self, *args, desks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = desks
        self.fields["year"].initial = timezone.localdate().year - 1
