"""Recording a local government's advice in two steps that need no JavaScript: first the
municipality and the provider; then the advice, with that provider's locations in that
municipality and the cases about it the user sees."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from obligations.forms.common import DateInput
from registry.models import Location, Municipality, Organisation

from ..models import AdviceContext, AdviceVerdict, Case
from ..models.advice import SCORE_MAX


class ProviderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.enterprise_number_display})"


class AdviceStartForm(forms.Form):
    """Step 1: the municipality (hidden when the user represents one) and the provider, chosen
    from those with a location in the user's municipalities."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), empty_label=None
    )
    organisation = ProviderChoice(
        label=_("Provider"),
        queryset=Organisation.objects.none(),
        help_text=_("The providers with a location in your municipalities."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = municipalities.order_by("name")
        only = list(field.queryset[:2])
        if len(only) == 1:
            field.widget = forms.HiddenInput()
            field.initial = self.initial["municipality"] = only[0].pk
            field.disabled = True
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=Location.objects.filter(municipality__in=municipalities).values("organisation")
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        municipality, organisation = cleaned.get("municipality"), cleaned.get("organisation")
        if (
            municipality
            and organisation
            and not organisation.locations.filter(municipality=municipality).exists()
        ):
            self.add_error("organisation", _("This provider has no location in this municipality."))
        return cleaned


class AdviceForm(forms.Form):
    """Step 2: the advice on the provider chosen in step 1 (the service checks the rules)."""

    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("The provider as a whole"),
    )
    context = forms.ChoiceField(
        label=_("Context"), choices=AdviceContext.choices, widget=forms.RadioSelect
    )
    round_name = forms.CharField(
        label=_("Expansion round"),
        max_length=200,
        required=False,
        help_text=_("Only for an expansion round: its name."),
    )
    round_year = forms.IntegerField(
        label=_("Year of the round"), required=False, min_value=2000, max_value=2100
    )
    verdict = forms.ChoiceField(
        label=_("Advice"), choices=AdviceVerdict.choices, widget=forms.RadioSelect
    )
    score = forms.IntegerField(
        label=_("Score"),
        required=False,
        min_value=0,
        max_value=SCORE_MAX,
        help_text=_("For a positive advice, 0 to 100; a negative advice has no score."),
    )
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 5}))
    cooperation_shortfall = forms.BooleanField(
        label=_("Shortfall in cooperation with the desk"),
        required=False,
        help_text=_("The provider falls short in its cooperation with the local desk."),
    )
    given_on = forms.DateField(
        label=_("Given on"), widget=DateInput(up_to_today=True), initial=timezone.localdate
    )
    cases = forms.ModelMultipleChoiceField(
        label=_("Linked cases"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cases about this provider the advice relates to."),
    )

    def __init__(self, *args, user, municipality, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = organisation.locations.filter(
            municipality=municipality
        ).order_by("name")
        self.fields["cases"].queryset = Case.objects.for_user(user).filter(
            about_organisation=organisation
        )
