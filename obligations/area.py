"""A desk's service area on a date: the locations and providers it must work with then.

One rule for every page and derivation that asks "who should the desk have invited on that day"
(obligation D1) or "which locations should have received the agreements" (D4):

- the municipalities of the desk's service area valid on the date, and the rows that stand for the
  same place: the other periods of the same NIS code and the merger predecessors and successors,
  two steps deep (a location keeps the municipality it has today, so a 2024 consultation must
  still find a location registered on the 2025 municipality, and the reverse). This is the rule
  of ``obligations.compliance.Geography``, as a query;
- locations whose licence was active on that date, read from the location's history; a location
  whose history starts after the date (entered into the registry later) counts with the first
  status known.
"""

import datetime

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from registry.models import Location, Municipality, Organisation, ServiceArea
from registry.workflow import LicenceStatus


def _end_of(day):
    """The first moment after ``day`` in the project's time zone."""
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight)


def area_municipalities(desk, on):
    """Ids of the municipality rows of the desk's service area on ``on``, with the rows that stand
    for the same place (two small queries)."""
    places = set(
        ServiceArea.objects.valid_on(on).filter(desk=desk).values_list("municipality", flat=True)
    )
    for _step in range(2):
        if not places:
            break
        codes = Municipality.objects.filter(pk__in=places).values("nis_code")
        places |= set(
            Municipality.objects.filter(
                Q(nis_code__in=codes)
                | Q(merged_from__old__in=places)
                | Q(merged_into__new__in=places)
            ).values_list("pk", flat=True)
        )
    return places


def locations_in_area(desk, on):
    """Locations in the desk's service area with an active licence on ``on``."""
    history = Location.history.model.objects.filter(id=OuterRef("pk"))
    status_then = (
        history.filter(history_date__lt=_end_of(on))
        .order_by("-history_date", "-history_id")
        .values("licence_status")[:1]
    )
    first_status = history.order_by("history_date", "history_id").values("licence_status")[:1]
    return (
        Location.objects.filter(municipality__in=area_municipalities(desk, on))
        .annotate(
            status_then=Coalesce(Subquery(status_then), Subquery(first_status), "licence_status")
        )
        .filter(status_then=LicenceStatus.ACTIVE)
    )


def providers_in_area(desk, on):
    """Organisations with at least one active location in the desk's service area on ``on``."""
    locations = locations_in_area(desk, on).values("organisation")
    return Organisation.objects.filter(pk__in=locations).order_by("name")
