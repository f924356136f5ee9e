"""Organisations: their own import, and ``OperatorMixin`` for the organisation that desks and
locations name by enterprise number."""

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ..models import Organisation, normalise_enterprise_number
from .base import BaseImporter
from .lookups import _load_by
from .report import NEW, SKIP, UPDATE, RowOutcome
from .validation import _max_length


class OrganisationImporter(BaseImporter):
    kind = "organisations"
    model = Organisation
    key_column = "enterprise_number"
    key_label = "ondernemingsnummer"

    def normalise_key(self, value):
        return normalise_enterprise_number(value) if value else value

    def prepare(self, table, report, *, lock):
        rows = self.records(table, report)
        keys = {self.normalise_key(r.values[self.key_column]) for r in rows}
        existing = _load_by(Organisation, "enterprise_number", keys, lock=lock)
        self.new, self.changed, self.fields = [], [], set()
        for row in rows:
            before = len(self.problems)
            number = row.enterprise_number("enterprise_number")
            values = {
                "name": row.text(
                    "name", required=True, max_length=_max_length(Organisation, "name")
                ),
                "email": row.email("email"),
                "phone": row.text("phone", max_length=_max_length(Organisation, "phone")),
            }
            if len(self.problems) > before:
                continue
            obj = existing.get(number)
            if obj is None:
                obj = Organisation(enterprise_number=number, **values)
                self.new.append(obj)
                report.rows.append(RowOutcome(row.line, number, NEW, obj))
            elif self.apply(obj, values, self.fields):
                self.changed.append(obj)
                report.rows.append(RowOutcome(row.line, number, UPDATE, obj))
            else:
                report.rows.append(RowOutcome(row.line, number, SKIP, obj))

    def write(self, report):
        self.now = timezone.now()
        self.create_and_update(Organisation, self.new, self.changed, self.fields)


class OperatorMixin:
    """Desks and locations name their organisation by enterprise number; a new one is created."""

    def load_organisations(self, rows):
        numbers = set()
        for row in rows:
            number = normalise_enterprise_number(row.values["operator_kbo"])
            if number:
                numbers.add(number)
        self.organisations = _load_by(Organisation, "enterprise_number", numbers)
        self.new_organisations = {}

    def operator(self, row):
        number = row.enterprise_number("operator_kbo")
        name = row.text("operator_name", max_length=_max_length(Organisation, "name"))
        if number is None:
            return None
        organisation = self.organisations.get(number) or self.new_organisations.get(number)
        if organisation is None:
            if not name:
                row.error("operator_name_required", value=row.values["operator_kbo"])
                return None
            organisation = Organisation(enterprise_number=number, name=name)
            self.new_organisations[number] = organisation
        return organisation

    def write_organisations(self, report):
        new = list(self.new_organisations.values())
        if new:
            bulk_create_with_history(new, Organisation, **self.history_kwargs())
