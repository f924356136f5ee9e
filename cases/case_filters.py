"""The filters and sorting of the case list: state (or every open state), assignee (with "me" and
"unassigned"), province, party type, obligation (through the signals), overdue, year, and a search
on the number and the party's name."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from obligations.models import Obligation, PartyType
from registry.filters import SearchFilter
from registry.models import Province, ServiceArea

from . import queries
from .models import Case, Signal
from .workflow import OPEN_STATES, CaseState

OPEN = "open"
ME = "me"
UNASSIGNED = "none"


def state_choices():
    return [(OPEN, _("Open (all open states)")), *CaseState.choices]


def assignee_choices(user):
    """The choices for ``user``: "me" if they handle cases, "unassigned", every client manager."""
    managers = [
        (str(manager.pk), manager.get_full_name() or manager.username)
        for manager in queries.client_managers()
    ]
    me = [(ME, _("Me"))] if user.has_perm(queries.HANDLE) else []
    return [*me, (UNASSIGNED, _("Unassigned")), *managers]


def year_choices():
    years = Case.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(year, year) for year in years]


class CaseFilter(django_filters.FilterSet):
    q = SearchFilter(
        "number", "about_desk__name", "about_organisation__name", label=_("Number or party")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=state_choices, method="in_state", empty_label=_("All states")
    )
    assignee = django_filters.ChoiceFilter(
        label=_("Client manager"),
        choices=(),  # per user: __init__
        method="assigned_to",
        empty_label=_("Everyone"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        method="in_province",
        empty_label=_("All provinces"),
    )
    party_type = django_filters.ChoiceFilter(
        label=_("Party"),
        choices=PartyType.choices,
        method="about_party_type",
        empty_label=_("Desks and providers"),
    )
    obligation = django_filters.ModelChoiceFilter(
        label=_("Obligation"),
        queryset=Obligation.objects.order_by("code", "-valid_from"),
        method="concerning_obligation",
        empty_label=_("All obligations"),
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=year_choices, empty_label=_("All years")
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("number", "number"),
            ("opened_at", "opened"),
            ("state", "state"),
            ("deadline", "deadline"),
            ("assignee_name", "assignee"),
            ("party_name", "party"),
        ),
        field_labels={
            "number": _("Number"),
            "opened_at": _("Opened"),
            "state": _("State"),
            "deadline": _("Deadline"),
            "assignee_name": _("Client manager"),
            "party_name": _("Party"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Case
        fields = ["q", "state", "assignee", "province", "party_type", "obligation", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["assignee"].extra["choices"] = lambda: assignee_choices(self.request.user)

    def in_state(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(state__in=OPEN_STATES)
        return queryset.filter(state=value)

    def assigned_to(self, queryset, name, value):
        if value == ME:
            return queryset.filter(assignee=self.request.user)
        if value == UNASSIGNED:
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=value)

    def in_province(self, queryset, name, value):
        """A desk's province through its current service area, a provider's through the case's
        locations."""
        desks = ServiceArea.objects.valid_on(timezone.localdate()).filter(
            municipality__province=value
        )
        located = Case.locations.through.objects.filter(location__municipality__province=value)
        return queryset.filter(
            Q(about_desk__in=desks.values("desk")) | Q(pk__in=located.values("case"))
        )

    def about_party_type(self, queryset, name, value):
        if value == PartyType.DESK:
            return queryset.filter(about_desk__isnull=False)
        return queryset.filter(about_organisation__isnull=False)

    def concerning_obligation(self, queryset, name, value):
        signals = Signal.objects.filter(obligations=value, case__isnull=False)
        return queryset.filter(pk__in=signals.values("case"))

    def filter_overdue(self, queryset, name, value):
        late = queries.overdue_q()
        return queryset.filter(late if value else ~late)
