"""Lookups loaded up front: existing rows by key in chunks, and the municipalities."""

from collections import defaultdict

from ..models import Municipality, MunicipalityMerger
from .messages import message

CHUNK = 2000  # keys per IN (...) query: well below every database's parameter limit


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _load_by(model, field_name, keys, *, lock=False, related=()):
    """Rows of ``model`` whose ``field_name`` is in ``keys``, by key (one query per CHUNK keys)."""
    found = {}
    queryset = model._default_manager.all()
    if related:
        queryset = queryset.select_related(*related)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    for chunk in _chunks(set(keys)):
        for obj in queryset.filter(**{f"{field_name}__in": chunk}).order_by():
            found[getattr(obj, field_name)] = obj
    return found


class MunicipalityLookup:
    """All municipalities in one query; resolves a NIS code on a date, or explains why not."""

    def __init__(self):
        self.by_code = defaultdict(list)
        for m in Municipality.objects.order_by("valid_from"):
            self.by_code[m.nis_code].append(m)
        self._mergers = None

    def resolve(self, code, on):
        for m in self.by_code.get(code, ()):
            if m.is_valid_on(on):
                return m
        return None

    @property
    def mergers(self):
        if self._mergers is None:  # only needed to explain an error
            self._mergers = list(MunicipalityMerger.objects.select_related("old", "new"))
        return self._mergers

    def explain(self, row, code, on):
        """Add the error for a NIS code that has no municipality on ``on``."""
        params = {"code": code, "date": on.isoformat()}
        periods = self.by_code.get(code)
        if not periods:
            row.error("nis_unknown", **params)
            return
        later = [m for m in periods if m.valid_from > on]
        if later and not any(m.valid_from <= on for m in periods):
            m = later[0]
            before = [g.old for g in self.mergers if g.new_id == m.pk and g.old.nis_code != code]
            predecessors = ""
            if before:
                names = ", ".join(f"{o.name} {o.nis_code}" for o in before)
                predecessors = message("nis_predecessors", names=names)
            row.error(
                "nis_not_yet",
                name=m.name,
                valid_from=m.valid_from.isoformat(),
                predecessors=predecessors,
                **params,
            )
            return
        ended = max(
            (m for m in periods if m.valid_to and m.valid_to < on), key=lambda m: m.valid_to
        )
        successors = [g for g in self.mergers if g.old_id == ended.pk]
        if successors:
            merger = successors[0]
            row.error(
                "nis_merged",
                name=ended.name,
                effective=merger.effective_date.isoformat(),
                successor=f"{merger.new.name} ({merger.new.nis_code})",
                **params,
            )
        else:
            row.error("nis_ended", name=ended.name, valid_to=ended.valid_to.isoformat(), **params)

    def municipality(self, row, code, on):
        code = code.strip()
        if code.isdigit() and len(code) < 5:
            code = code.zfill(5)
        m = self.resolve(code, on)
        if m is None:
            self.explain(row, code, on)
        return m
