"""Forms of the evidence pages: upload, new version, withdrawal, and the list's filters."""

import django_filters
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.filters import SearchFilter
from registry.models import Desk, Location

from .. import uploads
from ..models import Evidence, Obligation
from ..services.evidence import FIRST_YEAR, desks_for_upload, latest_year, obligations_valid_in


class ObligationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.title}"


def _file_field():
    return forms.FileField(
        label=_("File"),
        help_text=_("%(types)s; at most %(limit)s.")
        % {
            "types": uploads.accepted_types_label(),
            "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
        },
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}),
    )


def _description_field():
    return forms.CharField(
        label=_("Description"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the file shows, e.g. “Invitation to the consultation of 12 March”."),
    )


class EvidenceUploadForm(forms.Form):
    """Upload a file for a desk (and optionally one of its locations), an obligation and a year.

    The desks are those the user may upload for; the obligations those of the catalogue that apply
    in the chosen year (the year of the submitted form, else ``?year=``, else this year).
    """

    desk = forms.ModelChoiceField(label=_("Desk"), queryset=Desk.objects.none())
    location = forms.CharField(
        label=_("Location (file number)"),
        required=False,
        max_length=50,
        help_text=_("Optional: the file number of the childcare location the evidence is about."),
    )
    year = forms.IntegerField(label=_("Year"))
    obligation = ObligationChoice(
        label=_("Obligation"),
        queryset=Obligation.objects.none(),
        error_messages={
            "invalid_choice": _(
                "This obligation does not apply in the chosen year. Choose "
                "another one, or change the year."
            )
        },
    )
    description = _description_field()
    file = _file_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["desk"].queryset = desks_for_upload(user).order_by("name")
        self.fields["year"] = forms.IntegerField(
            label=_("Year"), min_value=FIRST_YEAR, max_value=latest_year()
        )
        self.fields["obligation"].queryset = obligations_valid_in(self.chosen_year()).order_by(
            "code", "-valid_from"
        )

    def chosen_year(self):
        raw = self.data.get("year") if self.is_bound else self.initial.get("year")
        try:
            year = int(raw)
        except (TypeError, ValueError):
            return timezone.localdate().year
        return year if FIRST_YEAR <= year <= latest_year() else timezone.localdate().year

    def clean_location(self):
        number = self.cleaned_data["location"].strip()
        if not number:
            return None
        location = Location.objects.for_user(self.user).filter(file_number=number).first()
        if location is None:
            raise forms.ValidationError(
                _("No childcare location with file number %(number)s within your scope."),
                params={"number": number},
            )
        return location


class NewVersionForm(forms.Form):
    """A correction: a new file (and description) for the same desk, obligation and year."""

    description = _description_field()
    file = _file_field()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the history with your name and the time."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for withdrawing the evidence."))
        return reason


def _visible_desks(request):
    if request is None:
        return Desk.objects.none()
    return Desk.objects.for_user(request.user).order_by("name")


class EvidenceFilter(django_filters.FilterSet):
    q = SearchFilter("description", "original_name")
    desk = django_filters.ModelChoiceFilter(
        label=_("Desk"), queryset=_visible_desks, empty_label=_("All desks")
    )
    obligation = django_filters.ModelChoiceFilter(
        label=_("Obligation"),
        queryset=Obligation.objects.order_by("code", "-valid_from"),
        empty_label=_("All obligations"),
    )
    year = django_filters.NumberFilter(label=_("Year"))
    version = django_filters.ChoiceFilter(
        label=_("Version"),
        choices=[
            ("current", _("current")),
            ("replaced", _("replaced by a newer version")),
            ("withdrawn", _("withdrawn")),
        ],
        method="in_version_state",
        empty_label=_("All versions"),
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("uploaded_at", "uploaded"),
            ("description", "description"),
            ("original_name", "file"),
            ("desk__name", "desk"),
            ("obligation__code", "obligation"),
            ("year", "year"),
        ),
        field_labels={
            "uploaded_at": _("Uploaded"),
            "description": _("Description"),
            "original_name": _("File"),
            "desk__name": _("Desk"),
            "obligation__code": _("Obligation"),
            "year": _("Year"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Evidence
        fields = ["q", "desk", "obligation", "year", "version"]

    def in_version_state(self, queryset, name, value):
        if value == "current":
            return queryset.current()
        if value == "replaced":
            return queryset.filter(replaced_by__isnull=False)
        if value == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset
