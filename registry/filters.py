"""List filters of the registry pages: search, province, municipality, status, care type, sorting."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CareType, Desk, Location, Municipality, Organisation, Province, SubsidyLevel
from .workflow import DeskStatus, LicenceStatus


def current_municipalities(request=None):
    return Municipality.objects.valid_on(timezone.localdate()).order_by("name")


class SearchFilter(django_filters.CharFilter):
    """A free-text search over several fields (case-insensitive 'contains')."""

    def __init__(self, *fields, **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("method", self.search)
        super().__init__(**kwargs)

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class DeskFilter(django_filters.FilterSet):
    q = SearchFilter("name", "code", "operator__name", "operator__enterprise_number")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        method="in_province",
        empty_label=_("All provinces"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=current_municipalities,
        method="serves_municipality",
        empty_label=_("All municipalities"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DeskStatus.choices, empty_label=_("All statuses")
    )
    central_registration = django_filters.BooleanFilter(label=_("Central registration"))
    o = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("code", "code"),
            ("status", "status"),
            ("operator__name", "operator"),
        ),
        field_labels={
            "name": _("Name"),
            "code": _("Code"),
            "status": _("Status"),
            "operator__name": _("Operator"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Desk
        fields = ["q", "province", "municipality", "status", "central_registration"]

    def _current_areas(self):
        from .models import ServiceArea

        return ServiceArea.objects.valid_on(timezone.localdate())

    def in_province(self, queryset, name, value):
        desks = self._current_areas().filter(municipality__province=value).values("desk")
        return queryset.filter(pk__in=desks)

    def serves_municipality(self, queryset, name, value):
        return queryset.filter(
            pk__in=self._current_areas().filter(municipality=value).values("desk")
        )


class LocationFilter(django_filters.FilterSet):
    q = SearchFilter("name", "file_number", "organisation__name", "city", "street")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="municipality__province",
        queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=current_municipalities,
        empty_label=_("All municipalities"),
    )
    licence_status = django_filters.ChoiceFilter(
        label=_("Licence status"), choices=LicenceStatus.choices, empty_label=_("All statuses")
    )
    care_type = django_filters.ChoiceFilter(
        label=_("Care type"), choices=CareType.choices, empty_label=_("All care types")
    )
    subsidy_level = django_filters.ChoiceFilter(
        label=_("Subsidy level"), choices=SubsidyLevel.choices, empty_label=_("All levels")
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), widget=django_filters.widgets.forms.HiddenInput
    )
    desk = django_filters.ModelChoiceFilter(
        queryset=Desk.objects.all(),
        method="in_desk_area",
        widget=django_filters.widgets.forms.HiddenInput,
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("file_number", "file_number"),
            ("municipality__name", "municipality"),
            ("places", "places"),
            ("licence_status", "licence_status"),
        ),
        field_labels={
            "name": _("Name"),
            "file_number": _("File number"),
            "municipality__name": _("Municipality"),
            "places": _("Places"),
            "licence_status": _("Licence status"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Location
        fields = ["q", "province", "municipality", "licence_status", "care_type", "subsidy_level"]

    def in_desk_area(self, queryset, name, value):
        from .models import ServiceArea

        served = ServiceArea.objects.valid_on(timezone.localdate()).filter(desk=value)
        return queryset.filter(municipality__in=served.values("municipality"))


class OrganisationFilter(django_filters.FilterSet):
    q = SearchFilter("name", "enterprise_number")
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=[
            ("desk", _("Operates a desk")),
            ("provider", _("Runs locations")),
            ("both", _("Both")),
        ],
        method="with_role",
        empty_label=_("All organisations"),
    )
    o = django_filters.OrderingFilter(
        fields=(("name", "name"), ("enterprise_number", "enterprise_number")),
        field_labels={"name": _("Name"), "enterprise_number": _("Enterprise number")},
        label=_("Sort by"),
    )

    class Meta:
        model = Organisation
        fields = ["q", "role"]

    def with_role(self, queryset, name, value):
        operators = Desk.objects.values("operator")
        providers = Location.objects.values("organisation")
        if value == "desk":
            return queryset.filter(pk__in=operators)
        if value == "provider":
            return queryset.filter(pk__in=providers)
        return queryset.filter(pk__in=operators).filter(pk__in=providers)


class MunicipalityFilter(django_filters.FilterSet):
    q = SearchFilter("name", "nis_code")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.all(), empty_label=_("All provinces")
    )
    valid_on = django_filters.DateFilter(label=_("Valid on"), method="filter_valid_on")
    o = django_filters.OrderingFilter(
        fields=(("name", "name"), ("nis_code", "nis_code"), ("valid_from", "valid_from")),
        field_labels={"name": _("Name"), "nis_code": _("NIS code"), "valid_from": _("Valid from")},
        label=_("Sort by"),
    )

    class Meta:
        model = Municipality
        fields = ["q", "province"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)
