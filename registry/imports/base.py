"""``BaseImporter``: the whole run (check the columns, validate every row, write all or
nothing) and the pieces every importer shares."""

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .columns import COLUMNS
from .messages import message
from .report import ImportReport
from .validation import Row


class BaseImporter:
    """Validate every row, then write all or nothing. Subclasses give the columns and the rules."""

    kind = None
    model = None
    key_column = None
    key_label = None  # how the key is named in an error, in Dutch

    def __init__(self, *, user=None, file_name="", today=None):
        self.user = user if getattr(user, "pk", None) else None
        self.file_name = file_name
        self.today = today or timezone.localdate()
        self.columns = COLUMNS[self.kind]

    # The whole run

    def run(self, table, *, dry_run=False):
        report = ImportReport(kind=self.kind, file_name=self.file_name, dry_run=dry_run)
        report.errors = list(table.errors) or self.check_headers(table.headers)
        if not report.errors and not table.rows:
            report.errors = [message("empty_file")]
        if report.errors:
            return report
        try:
            with transaction.atomic():
                self.problems = []  # (line, message) of every bad row
                self.prepare(table, report, lock=not dry_run)
                report.organisations_created = len(getattr(self, "new_organisations", ()))
                # In line order; the messages of one row in the order they were found.
                report.errors = [text for _line, text in sorted(self.problems, key=lambda p: p[0])]
                if not report.errors and not dry_run:
                    self.write(report)
                if report.errors or dry_run:
                    transaction.set_rollback(True)
        except IntegrityError:
            # Someone else wrote the same key between our reads and our writes.
            report.errors = [message("conflict")]
        if report.errors:
            report.rows = []
            report.organisations_created = 0
        return report

    def check_headers(self, headers):
        errors = []
        seen = set()
        for number, name in enumerate(headers, start=1):
            if not name:
                errors.append(message("unnamed_column", number=number))
            elif name in seen:
                errors.append(message("duplicate_column", column=name))
            elif name not in self.columns:
                errors.append(
                    message("unknown_column", column=name, allowed=", ".join(self.columns))
                )
            seen.add(name)
        missing = [c for c in self.columns if c not in seen]
        return [message("missing_column", column=c) for c in missing] + errors

    def records(self, table, report):
        """The rows as Row objects (values by column); duplicate keys are reported here."""
        headers = table.headers
        width = len(headers)
        first_line = {}
        rows = []
        for line, cells in table.rows:
            row = Row(line, None, self.problems)
            if len(cells) > width:
                if any(cells[width:]):
                    row.error("extra_cells")
                cells = cells[:width]
            elif len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            row.values = dict(zip(headers, cells, strict=True))
            key = self.normalise_key(row.values[self.key_column])
            if key:
                if key in first_line:
                    row.error(
                        "duplicate_key",
                        label=self.key_label,
                        value=row.values[self.key_column],
                        first=first_line[key],
                    )
                else:
                    first_line[key] = line
            rows.append(row)
        return rows

    def normalise_key(self, value):
        return value

    @property
    def change_reason(self):
        return message("change_reason", file_name=self.file_name or "").strip()

    def history_kwargs(self):
        return {
            "default_user": self.user,
            "default_change_reason": self.change_reason,
            "default_date": self.now,
        }

    def prepare(self, table, report, *, lock):
        raise NotImplementedError

    def write(self, report):
        raise NotImplementedError

    # Shared pieces

    def create_and_update(self, model, new, changed, fields):
        if new:
            bulk_create_with_history(new, model, **self.history_kwargs())
        if changed:
            bulk_update_with_history(changed, model, sorted(fields), **self.history_kwargs())

    def apply(self, obj, values, changed_fields):
        """Set ``values`` on an existing ``obj``; record which fields change."""
        changed = False
        for name, value in values.items():
            if isinstance(value, Model):  # compare the key: no query for the related row
                differs = value.pk is None or getattr(obj, f"{name}_id") != value.pk
            else:
                differs = getattr(obj, name) != value
            if differs:
                setattr(obj, name, value)
                changed_fields.add(name)
                changed = True
        return changed
