"""List filters of the cases app's pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from registry.filters import SearchFilter
from registry.models import Location, Municipality, Organisation

from .models import Advice, AdviceContext, AdviceVerdict

# --- Local-government advice ---------------------------------------------------------------------


def advice_municipalities(request):
    """The municipalities the user sees advice for (for a local government: its own)."""
    if request is None:
        return Municipality.objects.none()
    visible = Advice.objects.for_user(request.user).values("municipality")
    return Municipality.objects.filter(pk__in=visible).order_by("name", "-valid_from")


class AdviceFilter(django_filters.FilterSet):
    q = SearchFilter(
        "organisation__name",
        "organisation__enterprise_number",
        "location__name",
        label=_("Provider"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=advice_municipalities,
        empty_label=_("All municipalities"),
    )
    verdict = django_filters.ChoiceFilter(
        label=_("Advice"), choices=AdviceVerdict.choices, empty_label=_("Positive and negative")
    )
    context = django_filters.ChoiceFilter(
        label=_("Context"), choices=AdviceContext.choices, empty_label=_("All contexts")
    )
    cooperation_shortfall = django_filters.BooleanFilter(
        label=_("Shortfall in cooperation with the desk")
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="given_on", lookup_expr="year", min_value=2000, max_value=2100
    )
    # Set by the links on a provider's or a location's page.
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), widget=django_filters.widgets.forms.HiddenInput
    )
    location = django_filters.ModelChoiceFilter(
        queryset=Location.objects.all(), widget=django_filters.widgets.forms.HiddenInput
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("given_on", "date"),
            ("organisation__name", "provider"),
            ("municipality__name", "municipality"),
            ("score", "score"),
        ),
        field_labels={
            "given_on": _("Date"),
            "organisation__name": _("Provider"),
            "municipality__name": _("Municipality"),
            "score": _("Score"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Advice
        fields = ["q", "municipality", "verdict", "context", "cooperation_shortfall", "year"]
