"""The offer info a provider gave the desk for one of its locations (obligation P2)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .common import DateInput


class OfferInfoForm(forms.Form):
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: Monday to Friday 7:00–18:30, closed on public holidays."),
    )
    income_related_tariff = forms.TypedChoiceField(
        label=_("Income-related tariff"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("Does the location charge the parents' contribution by income?"),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    confirmed_on = forms.DateField(
        label=_("Confirmed by the provider on"),
        widget=DateInput(up_to_today=True),
        help_text=_("The day the provider gave or confirmed this information."),
    )

    def clean_confirmed_on(self):
        value = self.cleaned_data["confirmed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."), code="future_date")
        return value

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("phone") or cleaned.get("email")) and not (
            self.errors.get("phone") or self.errors.get("email")
        ):
            self.add_error("phone", _("Give a phone number or an email address."))
        return cleaned

    @classmethod
    def for_location(cls, location):
        return cls(
            initial={
                "opening_hours": location.opening_hours,
                "income_related_tariff": "yes" if location.income_related_tariff else "no",
                "phone": location.phone,
                "email": location.email,
                "confirmed_on": timezone.localdate(),
            }
        )
