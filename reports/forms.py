"""The parameters of the report pages, as GET forms: a page without parameters shows the report
for the default ones (today; last year), so that one click gives the figures."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from obligations.models import Rubric
from registry.models import Province


class CoverageForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Service areas and municipalities as they were on this date."),
    )

    @classmethod
    def defaults(cls):
        return {"date": timezone.localdate().isoformat()}


def first_report_year():
    """The first year with rubrics: there are no annual reports before it."""
    first = Rubric.objects.order_by("first_year").values_list("first_year", flat=True).first()
    return first or timezone.localdate().year


class RegistrationForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.all(),
        required=False,
        empty_label=_("All provinces"),
        help_text=_("Choose a province to see its desks one by one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [
            (year, str(year)) for year in range(this_year, first_report_year() - 1, -1)
        ]

    @classmethod
    def defaults(cls):
        return {"year": str(timezone.localdate().year - 1)}
