"""Reads for the case pages, with their joins, so each page costs a fixed number of queries.

- ``case_list``: cases with their party, assignee, provinces, obligations, signal count and
  whether they are overdue (an open state whose deadline has passed);
- ``case_records``: what a case page shows next to the case, each record fetched through
  ``for_user`` (notes and notifications only reach those who see everything);
- ``client_managers``: the users who handle cases (the assignee filter);
- ``my_cases`` and ``cases_concerning``: the case blocks of the home page.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from obligations.models import Evidence, Obligation
from registry.models import Location, ServiceArea

from .models import Advice, Case, CaseNote, Notification, Signal, SignalAttachment, Talk
from .services import HANDLE
from .workflow import OPEN_STATES


def overdue_q(today=None):
    """An open case whose deadline has passed."""
    return Q(state__in=OPEN_STATES, deadline__lt=today or timezone.localdate())


def with_overdue(queryset, today=None):
    """Annotate ``is_overdue``."""
    return queryset.annotate(
        is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField())
    )


def _signal_count():
    counts = (
        Signal.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), Value(0))


def case_list(queryset):
    """The cases as the list shows them: party, assignee, ``is_overdue``, ``signal_count``,
    ``party_name`` and ``assignee_name`` (for sorting), with the desk's current service areas,
    the case's locations and the signals' obligations prefetched (see ``provinces_of`` and
    ``obligations_of``)."""
    areas = ServiceArea.objects.valid_on(timezone.localdate()).select_related(
        "municipality__province"
    )
    signals = Signal.objects.only("pk", "case_id").prefetch_related(
        Prefetch("obligations", queryset=Obligation.objects.order_by("code"))
    )
    return with_overdue(
        queryset.select_related("about_desk", "about_organisation", "assignee")
        .annotate(
            signal_count=_signal_count(),
            party_name=Coalesce(F("about_desk__name"), F("about_organisation__name")),
            assignee_name=Concat(
                "assignee__last_name",
                Value(" "),
                "assignee__first_name",
                Value(" "),
                "assignee__username",
            ),
        )
        .prefetch_related(
            Prefetch("about_desk__service_areas", queryset=areas, to_attr="current_areas"),
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("municipality__province"),
                to_attr="listed_locations",
            ),
            Prefetch("signals", queryset=signals, to_attr="listed_signals"),
        )
    )


def _unique(items):
    found = []
    for item in items:
        if item not in found:
            found.append(item)
    return found


def provinces_of(case):
    """The case's provinces (from ``case_list``'s prefetches): a desk's through its current
    service area, a provider's through the case's locations."""
    if case.about_desk_id:
        areas = case.about_desk.current_areas
        return _unique(area.municipality.province for area in areas)
    return _unique(location.municipality.province for location in case.listed_locations)


def obligations_of(case):
    """The obligations named in the case's signals (from ``case_list``'s prefetches)."""
    return _unique(
        obligation for signal in case.listed_signals for obligation in signal.obligations.all()
    )


def case_detail(queryset):
    """A case for its page: party, assignee, the desk-efforts checker, ``is_overdue``."""
    return with_overdue(
        queryset.select_related(
            "about_desk", "about_organisation", "assignee", "desk_efforts_checked_by"
        )
    )


@dataclass
class CaseRecords:
    """What a case page shows next to the case (each list already in the user's scope)."""

    signals: list
    locations: list
    talks: list
    advice: list
    desk_evidence: list
    notes: list
    notifications: list


def case_records(case, user):
    """The case's records that ``user`` may see, in a fixed number of queries."""
    attachments = SignalAttachment.objects.select_related("uploaded_by")
    signals = (
        Signal.objects.for_user(user)
        .filter(case=case)
        .select_related("reported_by", "reporting_desk")
        .prefetch_related(
            Prefetch("obligations", queryset=Obligation.objects.order_by("code")),
            Prefetch("attachments", queryset=attachments),
        )
    )
    return CaseRecords(
        signals=list(signals),
        locations=list(case.locations.select_related("municipality").order_by("name")),
        talks=list(Talk.objects.for_user(user).filter(case=case).select_related("recorded_by")),
        advice=list(
            Advice.objects.for_user(user)
            .filter(cases=case)
            .select_related("municipality", "organisation", "location", "recorded_by")
        ),
        desk_evidence=list(
            Evidence.objects.for_user(user)
            .filter(cases=case)
            .select_related("obligation")
            .order_by("pk")
        )
        if case.desk_efforts_checked_at
        else [],
        notes=list(CaseNote.objects.for_user(user).filter(case=case).select_related("author")),
        notifications=list(
            Notification.objects.for_user(user).filter(case=case).select_related("recipient")
        ),
    )


def client_managers():
    """The active users who handle cases, by name."""
    return (
        get_user_model()
        .objects.with_perm(HANDLE, is_active=True, include_superusers=False)
        .order_by("last_name", "first_name", "username")
    )


HOME_LIMIT = 20


def my_cases(user):
    """A client manager's home: their open cases by deadline (the first ``HOME_LIMIT``), how many
    they hold and how many are overdue, the open cases nobody holds, the signals without a case."""
    cases = Case.objects.for_user(user)
    counts = cases.aggregate(
        mine=Count("pk", filter=Q(assignee=user, state__in=OPEN_STATES)),
        overdue=Count("pk", filter=Q(overdue_q(), assignee=user)),
        unassigned=Count("pk", filter=Q(assignee__isnull=True, state__in=OPEN_STATES)),
    )
    listed = with_overdue(
        cases.filter(assignee=user, state__in=OPEN_STATES)
        .select_related("about_desk", "about_organisation")
        .order_by(F("deadline").asc(nulls_last=True), "number")
    )
    return {
        "cases": list(listed[:HOME_LIMIT]),
        **counts,
        "signals_without_case": Signal.objects.for_user(user).filter(case__isnull=True).count(),
    }


def cases_concerning(user, limit=5):
    """Desk staff and local governments: the latest open cases in their scope."""
    cases = (
        Case.objects.for_user(user)
        .filter(state__in=OPEN_STATES)
        .select_related("about_desk", "about_organisation")
        .order_by("-opened_at", "-pk")
    )
    return list(with_overdue(cases)[:limit])
