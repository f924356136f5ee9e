"""Forms of the signal pages: the search for the party, the signal itself (its fields depend on
how the user reports, ``cases.services.signals.reporting_as``), a file added later and joining a case
(the list's filters are in ``cases.filters``). The services check the rules; the forms offer only what they allow."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from obligations import uploads
from obligations.forms.common import DateInput, LocationChoices
from obligations.models import Obligation
from registry.models import Desk

from ..models import Channel, Source
from ..services.signals import (
    ANY_SOURCE,
    ATTACHMENT_DESCRIPTION_MAX,
    MAX_ATTACHMENTS,
    reportable_locations,
    reporting_as,
    reporting_desks,
)

# The channels of a signal recorded by someone else than the reporter (the portal is the
# reporter's own).
RECORDED_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.PORTAL]


class PartySearchForm(forms.Form):
    """Step 1: find the provider (or desk) among thousands, by name or enterprise number."""

    q = forms.CharField(
        label=_("Name, enterprise number or file number"),
        min_length=2,
        max_length=100,
        help_text=_("E.g. “Zonnebloem”, “0403.170.701” or the file number of a location."),
    )


class ObligationChoices(forms.ModelMultipleChoiceField):
    """Checkboxes labelled with the obligation's code and title."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.title}"


def _file_field(number):
    return forms.FileField(
        label=_("File %(number)s") % {"number": number},
        required=False,
        help_text=_("%(types)s; at most %(limit)s.")
        % {
            "types": uploads.accepted_types_label(),
            "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
        },
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}),
    )


def _file_description_field(number, required=False):
    return forms.CharField(
        label=_("Description of file %(number)s") % {"number": number},
        max_length=ATTACHMENT_DESCRIPTION_MAX,
        required=required,
        help_text=_("What the file shows, e.g. “Email of the parent of 3 March”."),
    )


class SignalForm(forms.Form):
    """Step 2: the signal about ``organisation`` or ``desk`` (chosen in step 1).

    Those who see everything choose the source, the channel, the date it was received and, for a
    signal from a desk, that desk. Desk staff report on behalf of their desk (a choice only when
    they work for several) and local governments as themselves, through the portal, today. The
    locations offered are the provider's that the user may name; the obligations are those of
    the catalogue for the kind of party, valid today.
    """

    reporting_desk = forms.ModelChoiceField(label=_("Reporting desk"), queryset=Desk.objects.none())
    source = forms.ChoiceField(label=_("Source"), choices=[("", "---------"), *Source.choices])
    channel = forms.ChoiceField(label=_("Channel"), choices=RECORDED_CHANNELS)
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput(up_to_today=True), initial=timezone.localdate
    )
    locations = LocationChoices(label=_("Locations"), queryset=None, required=False)
    obligations = ObligationChoices(label=_("Obligations concerned"), queryset=None, required=False)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, when, and who is involved."),
    )

    def __init__(self, *args, user, organisation=None, desk=None, **kwargs):
        super().__init__(*args, **kwargs)
        kind = reporting_as(user)
        if kind == ANY_SOURCE:
            desks = self.fields["reporting_desk"]
            desks.queryset = reporting_desks(user).order_by("name")
            desks.required = False
            desks.help_text = _("Only for a signal from a desk.")
        else:
            del self.fields["source"], self.fields["channel"], self.fields["received_on"]
            own_desks = reporting_desks(user).order_by("name")
            if kind == Source.DESK and own_desks[1:2].exists():
                self.fields["reporting_desk"].queryset = own_desks
            else:  # the service takes the only desk of a desk's staff member
                del self.fields["reporting_desk"]
        if organisation is None:
            del self.fields["locations"]
        else:
            locations = self.fields["locations"]
            locations.queryset = (
                reportable_locations(user)
                .filter(organisation=organisation)
                .select_related("municipality")
                .order_by("name")
            )
            if kind == Source.LOCAL_GOVERNMENT:
                locations.required = True
                locations.help_text = _("The locations in your municipalities it is about.")
            else:
                locations.help_text = _("Optional: the locations it is about.")
        party_type = "desk" if desk is not None else "provider"
        self.fields["obligations"].queryset = (
            Obligation.objects.valid_on(timezone.localdate())
            .filter(party_type=party_type)
            .order_by("code")
        )
        for number in range(1, MAX_ATTACHMENTS + 1):
            self.fields[f"file_{number}"] = _file_field(number)
            self.fields[f"file_description_{number}"] = _file_description_field(number)

    def attachment_fields(self):
        """(number, file field, description field) for each of the file slots."""
        return [
            (number, self[f"file_{number}"], self[f"file_description_{number}"])
            for number in range(1, MAX_ATTACHMENTS + 1)
        ]

    def main_fields(self):
        return [field for field in self if not field.name.startswith("file_")]

    def attachments(self):
        """The files given, with their descriptions, in the order of the slots."""
        data = self.cleaned_data
        return [
            (data[f"file_{number}"], data.get(f"file_description_{number}", ""))
            for number in range(1, MAX_ATTACHMENTS + 1)
            if data.get(f"file_{number}")
        ]


class AttachmentForm(forms.Form):
    """A file added to a signal later."""

    file = _file_field(1)
    description = _file_description_field(1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("File")
        self.fields["file"].required = True
        self.fields["description"].label = _("Description")


class CaseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} ({obj.get_state_display()})"


class JoinCaseForm(forms.Form):
    """The open case, about the same party, a signal joins."""

    case = CaseChoice(label=_("Case"), queryset=None, empty_label=None)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
