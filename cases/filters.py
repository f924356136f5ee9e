"""List filters of the cases app's pages: the signal list, the case list (state or every open
state, assignee with "me" and "unassigned", province, party type, obligation through the signals,
overdue, year, a search on the number and the party's name) and the advice list."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from obligations.models import Obligation, PartyType
from registry.filters import SearchFilter
from registry.models import Location, Municipality, Organisation, Province, ServiceArea

from . import queries
from .models import Advice, AdviceContext, AdviceVerdict, Case, Channel, Signal, Source
from .workflow import OPEN_STATES, CaseState


def year_filter(field_name):
    """The year of the date field ``field_name``."""
    return django_filters.NumberFilter(
        label=_("Year"), field_name=field_name, lookup_expr="year", min_value=2000, max_value=2100
    )


def all_obligations(request=None):
    """The obligations to filter on, every version, by code."""
    return Obligation.objects.order_by("code", "-valid_from")


# --- Signals -------------------------------------------------------------------------------------


class SignalFilter(django_filters.FilterSet):
    q = SearchFilter(
        "about_organisation__name",
        "about_organisation__enterprise_number",
        "about_desk__name",
        "description",
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Source.choices, empty_label=_("All sources")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("All channels")
    )
    year = year_filter("received_on")
    case = django_filters.ChoiceFilter(
        label=_("Case"),
        choices=[("with", _("in a case")), ("without", _("not in a case yet"))],
        method="with_case",
        empty_label=_("With and without a case"),
    )
    obligation = django_filters.ModelChoiceFilter(
        label=_("Obligation"),
        field_name="obligations",
        queryset=all_obligations,
        empty_label=_("All obligations"),
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("received_on", "received"),
            ("party_name", "party"),
            ("source", "source"),
            ("case__number", "case"),
        ),
        field_labels={
            "received_on": _("Received on"),
            "party_name": _("Party"),
            "source": _("Source"),
            "case__number": _("Case"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Signal
        fields = ["q", "source", "channel", "year", "case", "obligation"]

    def with_case(self, queryset, name, value):
        if value == "with":
            return queryset.filter(case__isnull=False)
        if value == "without":
            return queryset.filter(case__isnull=True)
        return queryset


# --- Cases ---------------------------------------------------------------------------------------

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
        queryset=all_obligations,
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
    year = year_filter("given_on")
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
