"""Import of the registry (organisations, desks, locations) from CSV or XLSX.

One path for the admin, the ``import_registry`` command and any future view:

1. ``read_table`` reads the file (CSV or XLSX by extension) into a ``Table``: headers and rows of
   text, each row with its line number in the file (the header is line 1).
2. ``run_import`` checks the columns, then validates EVERY row against lookups loaded up front
   (one query for the municipalities, one for the organisations by enterprise number, one for the
   existing rows by key, in chunks), and collects every error.
3. A file with any bad row imports nothing: the report lists every error. Otherwise all rows are
   written in one transaction with ``bulk_create_with_history`` / ``bulk_update_with_history``:
   one history row per created or changed row, with the importing user and the reason
   "Import <file name>". Unchanged rows are not written and get no history row, so importing the
   same file twice changes nothing.

The state fields (``Desk.status``, ``Location.licence_status``) are protected: they are set only
when a row is created. For an existing row the file must give the current status; a different one
refuses the row, because status changes go through ``registry.services`` (the status change on the
desk or location page). They are never part of a bulk update.
"""

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from stdnum.be import vat

from .models import (
    CareType,
    Desk,
    DeskStatus,
    LicenceStatus,
    Location,
    Municipality,
    MunicipalityMerger,
    Organisation,
    ServiceArea,
    normalise_enterprise_number,
)

__all__ = [
    "COLUMNS",
    "KINDS",
    "MESSAGES",
    "ImportRefused",
    "ImportReport",
    "Table",
    "import_file",
    "read_table",
    "run_import",
    "table_from_dataset",
]

# Import reports are in Dutch, the product's language, whatever the language of the user
# interface: the files, their column names and their error lists are shared with people who work
# in Dutch. All texts of an import report are here, in one place.
MESSAGES = {
    # the file as a whole
    "unsupported_file": "Onbekend bestandstype '{extension}': gebruik een .csv- of .xlsx-bestand.",
    "unreadable": "Het bestand kan niet gelezen worden als {format}.",
    "file_not_found": "Het bestand {file} kan niet geopend worden: {reason}.",
    "unknown_user": "Gebruiker {username} bestaat niet.",
    "empty_file": "Het bestand bevat geen gegevens.",
    "missing_column": "Kolom ontbreekt: {column}.",
    "unknown_column": "Onbekende kolom: {column} (toegelaten: {allowed}).",
    "duplicate_column": "Kolom {column} komt meer dan eens voor.",
    "unnamed_column": "Kolom {number} heeft geen naam.",
    "conflict": "Het bestand werd niet ingelezen: de gegevens werden intussen gewijzigd. "
    "Probeer opnieuw.",
    # one row
    "extra_cells": "Regel {line}: de regel heeft meer waarden dan er kolommen zijn.",
    "required": "Regel {line}: {column} is leeg.",
    "too_long": "Regel {line}: {column} is te lang (hoogstens {max} tekens).",
    "duplicate_key": "Regel {line}: {label} {value} komt meer dan eens voor in het bestand "
    "(ook op regel {first}).",
    "invalid_enterprise_number": "Regel {line}: ondernemingsnummer {value} is ongeldig.",
    "operator_name_required": "Regel {line}: organisatie {value} bestaat nog niet; "
    "vul operator_name in om ze aan te maken.",
    "unknown_status": "Regel {line}: onbekende status '{value}' (toegelaten: {allowed}).",
    "unknown_licence_status": "Regel {line}: onbekende vergunningsstatus '{value}' "
    "(toegelaten: {allowed}).",
    "unknown_care_type": "Regel {line}: onbekend opvangtype '{value}' (toegelaten: {allowed}).",
    "yes_no": "Regel {line}: {column} moet 'yes' of 'no' zijn, niet '{value}'.",
    "invalid_date": "Regel {line}: {column} '{value}' is geen geldige datum (JJJJ-MM-DD).",
    "valid_from_required": "Regel {line}: valid_from is leeg; die is verplicht "
    "als municipalities ingevuld is.",
    "places": "Regel {line}: places moet een positief geheel getal zijn, niet '{value}'.",
    "family_places": "Regel {line}: gezinsopvang heeft hoogstens 8 plaatsen, niet {value}.",
    "subsidy_level": "Regel {line}: subsidy_level moet 0, 1, 2 of 3 zijn, niet '{value}'.",
    "email": "Regel {line}: {column} '{value}' is geen geldig e-mailadres.",
    "postal_code": "Regel {line}: postal_code '{value}' moet uit 4 cijfers bestaan.",
    "nis_unknown": "Regel {line}: NIS-code {code} bestaat niet op {date}.",
    "nis_merged": "Regel {line}: NIS-code {code} bestaat niet op {date}: {name} is op "
    "{effective} opgegaan in {successor}.",
    "nis_ended": "Regel {line}: NIS-code {code} bestaat niet op {date}: {name} bestond tot "
    "{valid_to}.",
    "nis_not_yet": "Regel {line}: NIS-code {code} bestaat niet op {date}: {name} bestaat pas "
    "vanaf {valid_from}{predecessors}.",
    "nis_predecessors": " (voordien: {names})",
    "desk_status_change": "Regel {line}: loket {key} heeft status '{current}', het bestand "
    "geeft '{value}'. Een statuswijziging gebeurt met 'Status wijzigen' op de pagina van het "
    "loket, niet met een import.",
    "licence_status_change": "Regel {line}: locatie {key} heeft vergunningsstatus "
    "'{current}', het bestand geeft '{value}'. Een statuswijziging gebeurt met 'Status "
    "wijzigen' op de pagina van de locatie, niet met een import.",
    # the report
    "summary": "{created} nieuw, {updated} gewijzigd, {unchanged} ongewijzigd.",
    "organisations_created": " Nieuwe organisaties: {count}.",
    "dry_run": "Proefimport, er werd niets opgeslagen: {summary}",
    "refused": "Het bestand werd geweigerd, er werd niets ingelezen ({count} fout(en)):",
    "change_reason": "Import {file_name}",
}

# Column names are part of the file format (docs/import-formats.md): exactly these, in any order.
COLUMNS = {
    "organisations": ("enterprise_number", "name", "email", "phone"),
    "desks": (
        "desk_code",
        "name",
        "operator_kbo",
        "operator_name",
        "status",
        "central_registration",
        "municipalities",
        "valid_from",
    ),
    "locations": (
        "file_number",
        "name",
        "operator_kbo",
        "operator_name",
        "care_type",
        "places",
        "nis_code",
        "street",
        "postal_code",
        "city",
        "subsidy_level",
        "income_related_tariff",
        "licence_status",
        "phone",
        "email",
        "opening_hours",
    ),
}

YES, NO = "yes", "no"
CHUNK = 2000  # keys per IN (...) query: well below every database's parameter limit
PREVIEW_ROWS = 200


def message(message_key, /, **params):
    return MESSAGES[message_key].format(**params)


class ImportRefused(Exception):
    """The file was refused: nothing was imported. ``report.errors`` says why."""

    def __init__(self, report):
        self.report = report
        super().__init__("\n".join([report.refusal_heading, *report.errors]))


# --- Reading ---------------------------------------------------------------------------------


@dataclass
class Table:
    """A file as read: headers, and rows of text each with its line in the file (header = 1)."""

    headers: list
    rows: list  # [(line, [text, ...]), ...]
    errors: list = field(default_factory=list)  # the file could not be read at all


def cell_text(value):
    """A cell as text: XLSX gives numbers, dates and booleans, CSV gives text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data):
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # CSV saved by Excel on Windows


def read_csv(data):
    """CSV text or bytes; the delimiter (',' or ';', as Excel in Dutch saves it) from the header."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = None
    rows = []
    last_line = 0
    for cells in reader:
        line = last_line + 1  # a quoted value can span lines: a row starts after the previous
        last_line = reader.line_num
        if headers is None:
            headers = [cell_text(c) for c in cells]
            continue
        if not any(c.strip() for c in cells):
            continue  # blank line
        rows.append((line, [cell_text(c) for c in cells]))
    return Table(headers or [], rows)


def read_xlsx(data):
    """The first sheet of an XLSX workbook; the line number is the sheet's row number."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # zipfile, XML and openpyxl errors alike: not a readable workbook
        return Table([], [], [message("unreadable", format="XLSX")])
    try:
        sheet = book.worksheets[0]
        headers = None
        rows = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if headers is None:
                headers = cells
                continue
            if any(cells):
                rows.append((line, cells))
    finally:
        book.close()
    return Table(headers or [], rows)


def read_table(data, file_name):
    """Read CSV or XLSX (by the file name's extension) into a ``Table``."""
    extension = Path(file_name).suffix.lower()
    if extension == ".csv":
        try:
            return read_csv(data)
        except csv.Error:
            return Table([], [], [message("unreadable", format="CSV")])
    if extension == ".xlsx":
        return read_xlsx(data)
    return Table([], [], [message("unsupported_file", extension=extension or file_name)])


def table_from_dataset(dataset):
    """A ``tablib.Dataset`` as a ``Table``. Datasets read by ``registry.resources`` formats carry
    the file's line numbers; for any other dataset, row i is line i + 2."""
    table = getattr(dataset, "registry_table", None)
    if table is not None:
        return table
    headers = [cell_text(h) for h in (dataset.headers or [])]
    rows = [
        (i + 2, [cell_text(v) for v in row])
        for i, row in enumerate(dataset)
        if any(v not in (None, "") for v in row)
    ]
    return Table(headers, rows)


# --- The report ------------------------------------------------------------------------------

NEW, UPDATE, SKIP = "new", "update", "skip"  # the row outcomes (import-export's names)


@dataclass
class RowOutcome:
    line: int
    key: str
    action: str  # NEW, UPDATE or SKIP
    instance: object = None


@dataclass
class ImportReport:
    kind: str
    file_name: str = ""
    dry_run: bool = False
    errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    organisations_created: int = 0

    @property
    def refused(self):
        return bool(self.errors)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self.count(NEW)

    @property
    def updated(self):
        return self.count(UPDATE)

    @property
    def unchanged(self):
        return self.count(SKIP)

    @property
    def summary(self):
        text = message(
            "summary", created=self.created, updated=self.updated, unchanged=self.unchanged
        )
        if self.organisations_created:
            text += message("organisations_created", count=self.organisations_created)
        if self.dry_run:
            text = message("dry_run", summary=text)
        return text

    @property
    def preview_rows(self):
        """The first rows that would be created or changed (for a preview page)."""
        return [row for row in self.rows if row.action != SKIP][:PREVIEW_ROWS]

    @property
    def refusal_heading(self):
        return message("refused", count=len(self.errors))


# --- Validation helpers ----------------------------------------------------------------------


class Row:
    """One row being validated: its values by column, and the errors found in it."""

    __slots__ = ("errors", "line", "values")

    def __init__(self, line, values, errors):
        self.line = line
        self.values = values
        self.errors = errors

    def error(self, message_key, /, **params):
        self.errors.append((self.line, message(message_key, line=self.line, **params)))

    def text(self, column, *, required=False, max_length=None):
        value = self.values[column]
        if required and not value:
            self.error("required", column=column)
            return None
        if max_length and len(value) > max_length:
            self.error("too_long", column=column, max=max_length)
            return None
        return value

    def choice(self, column, choices, error_key):
        value = self.values[column].lower()
        if value not in choices:
            self.error(error_key, value=self.values[column], allowed=", ".join(choices))
            return None
        return value

    def yes_no(self, column):
        value = self.values[column].lower()
        if value not in (YES, NO):
            self.error("yes_no", column=column, value=self.values[column])
            return None
        return value == YES

    def date(self, column):
        value = self.values[column]
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error("invalid_date", column=column, value=value)
        return parsed

    def email(self, column):
        value = self.values[column]
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error("email", column=column, value=value)
                return None
        return value

    def enterprise_number(self, column):
        """The normalised enterprise number (10 digits), or None with an error."""
        value = self.values[column]
        if not value:
            self.error("required", column=column)
            return None
        number = normalise_enterprise_number(value)
        if not vat.is_valid(number):
            self.error("invalid_enterprise_number", value=value)
            return None
        return number


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value):
    """YYYY-MM-DD (the format), or DD/MM/YYYY as spreadsheets in Belgium show dates."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    match = _DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return None


def _max_length(model, name):
    return model._meta.get_field(name).max_length


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


# --- The importers ---------------------------------------------------------------------------


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
        return message("change_reason", file_name=self.file_name or "").strip()[:100]

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


class LocationImporter(OperatorMixin, BaseImporter):
    kind = "locations"
    model = Location
    key_column = "file_number"
    key_label = "dossiernummer"

    def prepare(self, table, report, *, lock):
        rows = self.records(table, report)
        self.load_organisations(rows)
        municipalities = MunicipalityLookup()
        existing = _load_by(
            Location, "file_number", {r.values["file_number"] for r in rows}, lock=lock
        )
        self.new, self.changed, self.fields = [], [], set()
        care_types, licence_statuses = CareType.values, LicenceStatus.values
        length = {
            name: _max_length(Location, name)
            for name in ("file_number", "name", "street", "city", "phone")
        }
        for row in rows:
            before = len(self.problems)
            file_number = row.text("file_number", required=True, max_length=length["file_number"])
            care_type = row.choice("care_type", care_types, "unknown_care_type")
            places = self.places(row, care_type)
            nis_code = row.text("nis_code", required=True)
            municipality = nis_code and municipalities.municipality(row, nis_code, self.today)
            postal_code = row.values["postal_code"]
            if postal_code and not (len(postal_code) == 4 and postal_code.isdigit()):
                row.error("postal_code", value=postal_code)
            values = {
                "name": row.text("name", required=True, max_length=length["name"]),
                "organisation": self.operator(row),
                "care_type": care_type,
                "places": places,
                "municipality": municipality,
                "street": row.text("street", max_length=length["street"]),
                "postal_code": postal_code,
                "city": row.text("city", max_length=length["city"]),
                "subsidy_level": self.subsidy_level(row),
                "income_related_tariff": row.yes_no("income_related_tariff"),
                "phone": row.text("phone", max_length=length["phone"]),
                "email": row.email("email"),
                "opening_hours": row.values["opening_hours"],
            }
            licence_status = row.choice(
                "licence_status", licence_statuses, "unknown_licence_status"
            )
            location = existing.get(file_number)
            if (
                location is not None
                and licence_status is not None
                and licence_status != location.licence_status
            ):
                row.error(
                    "licence_status_change",
                    key=file_number,
                    current=location.licence_status,
                    value=licence_status,
                )
            if len(self.problems) > before:
                continue
            if location is None:
                location = Location(
                    file_number=file_number, licence_status=licence_status, **values
                )
                self.new.append(location)
                report.rows.append(RowOutcome(row.line, file_number, NEW, location))
            elif self.apply(location, values, self.fields):
                self.changed.append(location)
                report.rows.append(RowOutcome(row.line, file_number, UPDATE, location))
            else:
                report.rows.append(RowOutcome(row.line, file_number, SKIP, location))

    @staticmethod
    def places(row, care_type):
        value = row.values["places"]
        if not value.isdigit() or int(value) < 1:
            row.error("places", value=value)
            return None
        places = int(value)
        if care_type == CareType.FAMILY and places > 8:
            row.error("family_places", value=places)
            return None
        return places

    @staticmethod
    def subsidy_level(row):
        value = row.values["subsidy_level"]
        if value not in ("0", "1", "2", "3"):
            row.error("subsidy_level", value=value)
            return None
        return int(value)

    def write(self, report):
        self.now = timezone.now()
        self.write_organisations(report)
        self.create_and_update(Location, self.new, self.changed, self.fields)


KINDS = {
    "organisations": OrganisationImporter,
    "desks": DeskImporter,
    "locations": LocationImporter,
}


# --- Entry points ----------------------------------------------------------------------------


def run_import(kind, table, *, user=None, file_name="", dry_run=False, today=None):
    """Import a ``Table`` of ``kind`` ("organisations", "desks" or "locations"), all or nothing.

    Returns an ``ImportReport``; when ``report.refused``, nothing was written and
    ``report.errors`` lists every reason, in Dutch, with its line number.
    """
    importer = KINDS[kind](user=user, file_name=file_name, today=today)
    return importer.run(table, dry_run=dry_run)


def import_file(kind, path, *, user=None, dry_run=False, today=None):
    """Read a CSV or XLSX file from disk and import it (see ``run_import``)."""
    path = Path(path)
    table = read_table(path.read_bytes(), path.name)
    return run_import(kind, table, user=user, file_name=path.name, dry_run=dry_run, today=today)
