"""Desks, with their service areas (the municipalities they serve, from a date on)."""

import datetime
import re
from collections import defaultdict

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import Desk, DeskStatus, ServiceArea
from .base import BaseImporter
from .lookups import MunicipalityLookup, _chunks, _load_by
from .organisations import OperatorMixin
from .report import NEW, SKIP, UPDATE, RowOutcome
from .validation import _max_length


class DeskImporter(OperatorMixin, BaseImporter):
    kind = "desks"
    model = Desk
    key_column = "desk_code"
    key_label = "loketcode"

    def prepare(self, table, report, *, lock):
        rows = self.records(table, report)
        self.load_organisations(rows)
        municipalities = MunicipalityLookup()
        existing = _load_by(Desk, "code", {r.values["desk_code"] for r in rows}, lock=lock)
        areas = defaultdict(list)
        for chunk in _chunks(d.pk for d in existing.values()):
            for area in ServiceArea.objects.filter(desk_id__in=chunk).order_by("valid_from"):
                areas[area.desk_id].append(area)

        self.new, self.changed, self.fields = [], [], set()
        self.new_areas, self.closed_areas, self.deleted_areas = [], [], []
        statuses = DeskStatus.values
        for row in rows:
            before = len(self.problems)
            code = row.text("desk_code", required=True, max_length=_max_length(Desk, "code"))
            values = {
                "name": row.text("name", required=True, max_length=_max_length(Desk, "name")),
                "operator": self.operator(row),
                "central_registration": row.yes_no("central_registration"),
            }
            status = row.choice("status", statuses, "unknown_status")
            valid_from = row.date("valid_from")
            listed = []
            codes = [c for c in re.split(r"[;,\s]+", row.values["municipalities"]) if c]
            if codes and valid_from is None and row.values["valid_from"] == "":
                row.error("valid_from_required")
            elif valid_from is not None:
                for nis_code in dict.fromkeys(codes):
                    m = municipalities.municipality(row, nis_code, valid_from)
                    if m is not None and m not in listed:
                        listed.append(m)
            desk = existing.get(code)
            if desk is not None and status is not None and status != desk.status:
                row.error("desk_status_change", key=code, current=desk.status, value=status)
            if len(self.problems) > before:
                continue

            if desk is None:
                desk = Desk(code=code, status=status, **values)
                self.new.append(desk)
                self.new_areas += [
                    ServiceArea(desk=desk, municipality=m, valid_from=valid_from) for m in listed
                ]
                report.rows.append(RowOutcome(row.line, code, NEW, desk))
                continue
            changed = self.apply(desk, values, self.fields)
            if changed:
                self.changed.append(desk)  # a history row for the desk only if it changed
            if valid_from is not None:
                changed |= self.plan_areas(desk, areas[desk.pk], listed, valid_from)
            report.rows.append(RowOutcome(row.line, code, UPDATE if changed else SKIP, desk))

    def plan_areas(self, desk, areas, listed, valid_from):
        """From ``valid_from`` on, the service area is exactly ``listed``. Earlier periods stay.

        Listed and already covered from an earlier date (open-ended): unchanged. Listed and not
        covered: a new area from ``valid_from`` (or a closed area that reaches ``valid_from`` is
        opened again). Not listed: an open area is closed on ``valid_from`` - 1 day; an area that
        would only start on or after ``valid_from`` is removed.
        """
        changed = False
        day_before = valid_from - datetime.timedelta(days=1)
        by_municipality = defaultdict(list)
        for area in areas:
            by_municipality[area.municipality_id].append(area)
        listed_ids = {m.pk for m in listed}
        for m in listed:
            own = by_municipality.get(m.pk, [])
            touching = [
                a
                for a in own
                if a.valid_from <= valid_from and (a.valid_to is None or a.valid_to >= day_before)
            ]
            keep = next((a for a in touching if a.valid_to is None), None)
            if keep is None and touching:
                keep = touching[-1]
                keep.valid_to = None
                self.closed_areas.append(keep)
                changed = True
            elif keep is None:
                self.new_areas.append(ServiceArea(desk=desk, municipality=m, valid_from=valid_from))
                changed = True
            for area in own:
                if area.valid_from > valid_from:
                    self.deleted_areas.append(area)
                    changed = True
        for municipality_id, own in by_municipality.items():
            if municipality_id in listed_ids:
                continue
            for area in own:
                if area.valid_from >= valid_from:
                    self.deleted_areas.append(area)
                    changed = True
                elif area.valid_to is None or area.valid_to > day_before:
                    area.valid_to = day_before
                    self.closed_areas.append(area)
                    changed = True
        return changed

    def write(self, report):
        self.now = timezone.now()
        self.write_organisations(report)
        self.create_and_update(Desk, self.new, self.changed, self.fields)
        if self.new_areas:
            bulk_create_with_history(self.new_areas, ServiceArea, **self.history_kwargs())
        if self.closed_areas:
            bulk_update_with_history(
                self.closed_areas, ServiceArea, ["valid_to"], **self.history_kwargs()
            )
        for area in self.deleted_areas:
            area._change_reason = self.change_reason
            if self.user is not None:
                area._history_user = self.user
            area.delete()
