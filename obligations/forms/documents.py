"""A new version of a desk's procedure (D2) or agreements (D4): first the desk and the kind, then the
version itself with the providers and locations of today's service area preselected."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Desk, Location, Organisation

from ..models import DeskDocument, DocumentKind
from .common import (
    DateInput,
    LocationChoices,
    OrganisationChoices,
    limit_desk_field,
    visible_desks,
)


class DocumentStartForm(forms.Form):
    desk = forms.ModelChoiceField(label=_("Desk"), queryset=Desk.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)

    def __init__(self, *args, desks, **kwargs):
        super().__init__(*args, **kwargs)
        limit_desk_field(self, desks)


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date cannot be in the future."), code="future_date")
    return value


class DocumentForm(DocumentStartForm):
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        widget=DateInput(up_to_today=True),
        validators=[_not_in_future],
    )
    lok_advice_on = forms.DateField(
        label=_("LOK advice on"),
        required=False,
        widget=DateInput(up_to_today=True),
        validators=[_not_in_future],
        help_text=_(
            "Obligation D2 asks that the procedure is at least advised by the LOK (Local Childcare "
            "Consultation). You may leave this empty while the advice is pending, but until a "
            "version with an advice date is recorded, D2 is not met."
        ),
    )
    providers_consulted = OrganisationChoices(
        label=_("Providers consulted"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Every provider with an active location in today's service area is selected. Untick "
            "those not consulted."
        ),
    )
    communicated_on = forms.DateField(
        label=_("Sent to the locations on"),
        required=False,
        widget=DateInput(up_to_today=True),
        validators=[_not_in_future],
        help_text=_(
            "Obligation D4: the agreements are sent proactively to every location. Leave empty "
            "if it has not been sent yet."
        ),
    )
    recipients = LocationChoices(
        label=_("Locations it was sent to"),
        queryset=Location.objects.none(),
        required=False,
        help_text=_("Every location with an active licence in today's service area is selected."),
    )
    file = forms.FileField(label=_("The document"))
    description = forms.CharField(label=_("Description"), max_length=500, required=False)

    # The fields each kind asks for: the LOK advice is D2's, the communication D4's.
    NOT_FOR = {
        DocumentKind.PROCEDURE: ("communicated_on", "recipients"),
        DocumentKind.AGREEMENTS: ("lok_advice_on",),
    }

    def __init__(self, *args, kind, desks, providers, locations, **kwargs):
        super().__init__(*args, desks=desks, **kwargs)
        # Chosen in step 1: the choices below are computed for them.
        self.fields["desk"].widget = forms.HiddenInput()
        self.fields["kind"].widget = forms.HiddenInput()
        self.fields["providers_consulted"].queryset = providers
        self.fields["recipients"].queryset = locations.select_related("municipality")
        for name in self.NOT_FOR.get(kind, ()):
            del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        adopted, sent = cleaned.get("adopted_on"), cleaned.get("communicated_on")
        if adopted and sent and sent < adopted:
            self.add_error("communicated_on", _("It cannot have been sent before it was adopted."))
        if sent and not cleaned.get("recipients"):
            self.add_error(
                "recipients", _("Select the locations it was sent to, or leave the date empty.")
            )
        if cleaned.get("recipients") and not sent and "communicated_on" not in self.errors:
            self.add_error(
                "communicated_on", _("Give the date it was sent to the selected locations.")
            )
        return cleaned


class DocumentFilter(django_filters.FilterSet):
    desk = django_filters.ModelChoiceFilter(
        label=_("Desk"), queryset=visible_desks, empty_label=_("All desks")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Document"), choices=DocumentKind.choices, empty_label=_("All documents")
    )

    class Meta:
        model = DeskDocument
        fields = ["desk", "kind"]
