"""What the forms of the desk's records share: widgets, choice fields, the desks to filter on."""

from django import forms
from django.utils import timezone

from registry.models import Desk


def limit_desk_field(form, desks):
    """Offer the user's desks; with one desk there is no choice to make, so the field is hidden
    (a disabled field takes its initial value)."""
    field = form.fields["desk"]
    field.queryset = desks
    only = list(desks[:2])
    if len(only) == 1:
        field.widget = forms.HiddenInput()
        field.initial = form.initial["desk"] = only[0].pk
        field.disabled = True


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO (YYYY-MM-DD), which every locale parses."""

    input_type = "date"

    def __init__(self, attrs=None, *, up_to_today=False):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
        self.up_to_today = up_to_today

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.up_to_today:
            context["widget"]["attrs"]["max"] = timezone.localdate().isoformat()
        return context


class OrganisationChoices(forms.ModelMultipleChoiceField):
    """Checkboxes labelled with the organisations' names."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class LocationChoices(forms.ModelMultipleChoiceField):
    """Checkboxes labelled with the location's name and municipality."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.municipality.name}"


def visible_desks(request):
    """The desks a list can be filtered on: those the user sees."""
    if request is None:
        return Desk.objects.none()
    return Desk.objects.for_user(request.user).order_by("name")
