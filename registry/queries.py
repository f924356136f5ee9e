"""Reads for the registry pages, with their joins, so each page costs a fixed number of queries."""

from django.db.models import Prefetch
from django.utils import timezone

from .models import Desk, Location, ServiceArea


def current_areas():
    return ServiceArea.objects.valid_on(timezone.localdate()).select_related(
        "municipality__province"
    )


def desks_with_current_area(queryset):
    """Desks with ``current_areas`` (their municipalities today) prefetched in one query."""
    return queryset.select_related("operator").prefetch_related(
        Prefetch("service_areas", queryset=current_areas(), to_attr="current_areas")
    )


def desks_serving(municipality, user):
    """The desks (in the user's scope) whose current service area holds the municipality."""
    served = ServiceArea.objects.valid_on(timezone.localdate()).filter(municipality=municipality)
    return (
        Desk.objects.for_user(user).filter(pk__in=served.values("desk")).select_related("operator")
    )


def location_count_in_area(desk):
    areas = ServiceArea.objects.valid_on(timezone.localdate()).filter(desk=desk)
    return Location.objects.filter(municipality__in=areas.values("municipality")).count()
