"""Recording a consultation in two steps that need no JavaScript: first the desk and the date, from
which the invitee list is computed; then the rest, with every provider in the area preselected."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Desk, Organisation

from ..models import Consultation, ConsultationKind
from .common import DateInput, OrganisationChoices, limit_desk_field, visible_desks


def area_key(desk, date):
    """What the invitee list was computed for: when it changes, the list is computed again."""
    return f"{desk.pk}:{date.isoformat()}"


class ConsultationStartForm(forms.Form):
    """Step 1: the desk and the date of the consultation."""

    desk = forms.ModelChoiceField(label=_("Desk"), queryset=Desk.objects.none(), empty_label=None)
    date = forms.DateField(
        label=_("Date of the consultation"),
        widget=DateInput(up_to_today=True),
        help_text=_("The day it took place: a consultation is recorded afterwards."),
    )

    def __init__(self, *args, desks, **kwargs):
        super().__init__(*args, **kwargs)
        limit_desk_field(self, desks)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(
                _("The date of the consultation cannot be in the future."), code="future_date"
            )
        return date


class ConsultationForm(ConsultationStartForm):
    """Step 2: everything, for the invitee list computed for ``computed_for``."""

    computed_for = forms.CharField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ConsultationKind.choices, initial=ConsultationKind.COOPERATION
    )
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    invitees = OrganisationChoices(
        label=_("Invited providers"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Every provider with an active location in the service area on this date is selected: "
            "the desk must invite them all (obligation D1). Untick only who was not invited."
        ),
    )
    attendees = OrganisationChoices(
        label=_("Present"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The invited providers that were present or represented."),
    )
    minutes = forms.FileField(
        label=_("Minutes"),
        required=False,
        help_text=_(
            "The minutes or attendance list (PDF, office document or image). "
            "They can also be added later on the consultation's page."
        ),
    )
    minutes_description = forms.CharField(
        label=_("Description of the minutes"), max_length=500, required=False
    )

    def __init__(self, *args, desks, providers, **kwargs):
        super().__init__(*args, desks=desks, **kwargs)
        self.fields["invitees"].queryset = providers
        self.fields["attendees"].queryset = providers

    def clean(self):
        cleaned = super().clean()
        invitees = set(cleaned.get("invitees") or ())
        attendees = set(cleaned.get("attendees") or ())
        if attendees - invitees:
            self.add_error("attendees", _("Only invited organisations can be recorded as present."))
        return cleaned


class MinutesForm(forms.Form):
    """Minutes added to a consultation already recorded."""

    minutes = forms.FileField(label=_("Minutes"))
    minutes_description = forms.CharField(
        label=_("Description of the minutes"), max_length=500, required=False
    )


class ConsultationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="date", lookup_expr="year", min_value=2000, max_value=2100
    )
    desk = django_filters.ModelChoiceFilter(
        label=_("Desk"), queryset=visible_desks, empty_label=_("All desks")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ConsultationKind.choices, empty_label=_("All kinds")
    )
    o = django_filters.OrderingFilter(
        fields=(("date", "date"), ("desk__name", "desk")),
        field_labels={"date": _("Date"), "desk__name": _("Desk")},
        label=_("Sort by"),
    )

    class Meta:
        model = Consultation
        fields = ["year", "desk", "kind"]
