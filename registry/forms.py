from django import forms
from django.utils.translation import gettext_lazy as _


class StatusChangeForm(forms.Form):
    """Choose one of the status changes allowed now, with the reason for the history."""

    transition = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Recorded in the history with your name and the time."),
    )

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = list(transitions)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for the status change."))
        return reason
