"""The filters and sorting of the enforcement track list: track (licence or subsidy), state, the
year it was opened, and a search on the track or case number and the party's name."""

import django_filters
from django.utils.translation import gettext_lazy as _

from registry.filters import SearchFilter

from .measures import TrackKind
from .models import EnforcementTrack
from .workflow import TrackState


def year_choices(request=None):
    years = EnforcementTrack.objects.dates("opened_at", "year", order="DESC")
    return [(day.year, day.year) for day in years]


class TrackFilter(django_filters.FilterSet):
    q = SearchFilter(
        "number",
        "case__number",
        "desk__name",
        "case__about_organisation__name",
        label=_("Number or party"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Track"), choices=TrackKind.choices, empty_label=_("Licence and subsidy")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=TrackState.choices, empty_label=_("All states")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="opened_at",
        lookup_expr="year",
        choices=year_choices,
        empty_label=_("All years"),
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("number", "number"),
            ("opened_at", "opened"),
            ("state", "state"),
            ("kind", "kind"),
            ("party_name", "party"),
        ),
        field_labels={
            "number": _("Number"),
            "opened_at": _("Opened"),
            "state": _("State"),
            "kind": _("Track"),
            "party_name": _("Party"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = EnforcementTrack
        fields = ["q", "kind", "state", "year"]
