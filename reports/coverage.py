"""Coverage at a date (seed 000, answer 1): desks active, municipalities covered out of those that
existed on that date, the share covered, and the share of covered municipalities in an
intermunicipal desk; per province (the Brussels-Capital Region as "BHG") and in total.

The rules:
- a municipality counts when it existed on the date (``Municipality.valid_on``): 319 up to
  31 December 2024, 304 from 1 January 2025 (the mergers);
- it is covered when a service area row valid on the date links it to an active desk;
- a desk is active on the date unless its status then was "not notified" or "stopped". The status
  then is read from the desk's history (the last history row of that day or before); a desk
  entered in the system after the date (an import, the demo) had the status it was entered with;
- a desk is intermunicipal on the date when its service area then holds more than one
  municipality; a covered municipality "is in an intermunicipal desk" when any desk covering it
  then is intermunicipal.

Three queries, whatever the number of desks: the provinces, the municipalities of the date, and
the service areas of the date with their desk's status then.
"""

import datetime
from collections import defaultdict

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from registry.models import Desk, DeskStatus, Municipality, Province, ServiceArea

from .tables import SHARE, TEXT, Column, Report, Row, Share, Table, format_value

INACTIVE = (DeskStatus.NOT_NOTIFIED, DeskStatus.STOPPED)

CAVEATS = (
    gettext_lazy(
        "Only municipalities that existed on that date count: the mergers of 1 January 2025 "
        "reduced their number."
    ),
    gettext_lazy(
        "A desk is active unless its status on that date was “not notified” or “stopped”, as its "
        "history records it; a municipality is covered when a service area valid on that date "
        "links it to an active desk."
    ),
    gettext_lazy(
        "A desk is intermunicipal when its service area on that date holds more than one "
        "municipality."
    ),
)


def _end_of_day(date):
    """The first moment after ``date`` in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min)) + (
        datetime.timedelta(days=1)
    )


def status_on(date):
    """An expression: the status of the row's ``desk`` at the end of ``date`` (see the module)."""
    history = Desk.history.model.objects.filter(id=OuterRef("desk_id"))
    latest = history.filter(history_date__lt=_end_of_day(date)).order_by(
        "-history_date", "-history_id"
    )
    first = history.order_by("history_date", "history_id")
    return Coalesce(
        Subquery(latest.values("status")[:1]),
        Subquery(first.values("status")[:1]),
        F("desk__status"),
    )


def _municipality_valid_on(date, prefix=""):
    return Q(**{f"{prefix}valid_from__lte": date}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": date})
    )


def active_areas(date):
    """(desk id, municipality id) of the service areas valid on ``date`` whose municipality
    existed then and whose desk was active then."""
    areas = (
        ServiceArea.objects.valid_on(date)
        .filter(_municipality_valid_on(date, "municipality__"))
        .annotate(status_then=status_on(date))
        .exclude(status_then__in=INACTIVE)
    )
    return list(areas.values_list("desk_id", "municipality_id"))


def coverage_report(date, *, now=None):
    """The coverage ``Report`` on ``date``."""
    provinces = list(Province.objects.all())
    municipalities = list(
        Municipality.objects.valid_on(date)
        .order_by("name")
        .values_list("pk", "name", "nis_code", "province_id")
    )
    area_pairs = active_areas(date)

    desks_of = defaultdict(set)  # municipality -> desks covering it
    size = defaultdict(int)  # desk -> municipalities in its area on the date
    for desk_id, municipality_id in set(area_pairs):
        desks_of[municipality_id].add(desk_id)
        size[desk_id] += 1
    intermunicipal = {desk_id for desk_id, count in size.items() if count > 1}

    per_province = {p.pk: {"all": 0, "covered": 0, "inter": 0, "desks": set()} for p in provinces}
    uncovered = []
    for pk, name, nis_code, province_id in municipalities:
        counts = per_province[province_id]
        counts["all"] += 1
        desks = desks_of.get(pk)
        if not desks:
            uncovered.append((name, nis_code, province_id))
            continue
        counts["covered"] += 1
        counts["desks"] |= desks
        if desks & intermunicipal:
            counts["inter"] += 1

    def values(counts, desks):
        return [
            counts["all"],
            counts["covered"],
            Share(counts["covered"], counts["all"]),
            counts["inter"],
            Share(counts["inter"], counts["covered"]),
            desks,
        ]

    rows = [
        Row(p.report_label, values(per_province[p.pk], len(per_province[p.pk]["desks"])))
        for p in provinces
    ]
    totals = {
        key: sum(counts[key] for counts in per_province.values())
        for key in ("all", "covered", "inter")
    }
    active_desks = set().union(*(counts["desks"] for counts in per_province.values()))
    notes = []
    if sum(len(counts["desks"]) for counts in per_province.values()) > len(active_desks):
        notes.append(
            _(
                "A desk serving municipalities in more than one province counts in each of "
                "those rows, and once in the total."
            )
        )
    coverage = Table(
        slug="coverage",
        title=_("Coverage per province"),
        sheet_name=_("Coverage"),
        label_column=_("Province"),
        columns=[
            Column(_("Municipalities")),
            Column(_("Covered by a desk")),
            Column(_("Share covered (%)"), SHARE),
            Column(_("In an intermunicipal desk")),
            Column(_("Share intermunicipal (%)"), SHARE),
            Column(_("Desks active")),
        ],
        rows=rows,
        total=Row(_("Total"), values(totals, len(active_desks))),
        notes=notes,
    )
    labels = {p.pk: p.report_label for p in provinces}
    without = Table(
        slug="without-desk",
        title=_("Municipalities without a desk"),
        sheet_name=_("Without a desk"),
        label_column=_("Municipality"),
        columns=[Column(_("NIS code"), TEXT), Column(_("Province"), TEXT)],
        rows=[
            Row(name, [nis_code, labels[province_id]]) for name, nis_code, province_id in uncovered
        ],
    )
    shown_date = date_format(date, "DATE_FORMAT")
    summary = [
        ngettext(
            "On %(date)s, %(desks)s desk was active in %(covered)s municipalities, or "
            "%(share)s%% of the %(all)s municipalities that existed on that date.",
            "On %(date)s, %(desks)s desks were active in %(covered)s municipalities, or "
            "%(share)s%% of the %(all)s municipalities that existed on that date.",
            len(active_desks),
        )
        % {
            "date": shown_date,
            "desks": len(active_desks),
            "covered": totals["covered"],
            "share": _percent(Share(totals["covered"], totals["all"])),
            "all": totals["all"],
        },
        _("%(share)s%% of the covered municipalities are in an intermunicipal desk.")
        % {"share": _percent(Share(totals["inter"], totals["covered"]))},
    ]
    return Report(
        title=_("Coverage on %(date)s") % {"date": shown_date},
        file_name="-".join([_("coverage"), date.isoformat()]),
        parameters=[(_("Date"), date.isoformat())],
        summary=summary,
        tables=[coverage, without],
        caveats=[str(caveat) for caveat in CAVEATS],
        computed_at=now or timezone.now(),
    )


def _percent(share):
    return format_value(share, SHARE)
