"""What a report is made of, whatever renders it: a page, a CSV or XLSX export, a command's text.

A ``Report`` has a title, the parameters it was computed for, a few summary sentences, its
tables, the caveats that must be read with it and the moment it was computed. A ``Table`` has a
label column (province, desk, municipality), value columns of a kind (a count, a share, a text),
rows and an optional total row. Values stay raw (ints, ``Share``) until a renderer formats them
with ``format_value``, so the page and the command show the same figures the same way.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format

COUNT = "count"
SHARE = "share"
TEXT = "text"
EMPTY = "–"


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole`` as a percentage with one decimal; no value when the whole is 0.

    For coverage only: the registration figures never show a share of unanswered requests."""

    part: int
    whole: int

    @property
    def percent(self):
        if not self.whole:
            return None
        return round(100 * self.part / self.whole, 1)


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT

    @property
    def numeric(self):
        return self.kind in (COUNT, SHARE)


@dataclass
class Row:
    """A line of a table. ``key`` says what the row is about (``("province", pk)``,
    ``("report", pk)``...) so that a page can link it; ``link`` is set by the page."""

    label: str
    values: list
    key: tuple | None = None
    link: str = ""


@dataclass
class Table:
    slug: str
    title: str
    label_column: str
    columns: list
    rows: list
    total: Row | None = None
    notes: list = field(default_factory=list)
    sheet_name: str = ""  # the XLSX sheet (at most 31 characters); the slug when empty

    @property
    def headers(self):
        return [str(self.label_column), *(str(column.label) for column in self.columns)]

    def pairs(self, row):
        """(value, column) of each value column of ``row``."""
        return zip(row.values, self.columns, strict=True)

    def all_rows(self):
        return [*self.rows, *([self.total] if self.total else [])]


@dataclass
class Report:
    title: str
    file_name: str  # the stem of export file names, e.g. "registratiecijfers-2022"
    parameters: list  # [(label, value)] as shown and exported
    tables: list
    caveats: list
    computed_at: object  # an aware datetime
    summary: list = field(default_factory=list)

    def table(self, slug):
        """The table with that slug, or ``None``."""
        return next((table for table in self.tables if table.slug == slug), None)


def raw_value(value, kind):
    """A value for a data file: counts as ints, shares as a percentage with one decimal."""
    if kind == SHARE:
        return value.percent if value is not None else None
    if kind == TEXT:
        return "" if value is None else str(value)
    return value


def format_value(value, kind):
    """A value as people read it, in the active language: 40.543, 89,3 (no % sign: the column
    label says it), or "–" for nothing."""
    value = raw_value(value, kind)
    if value is None or value == "":
        return EMPTY
    if kind == SHARE:
        return number_format(value, decimal_pos=1, force_grouping=True)
    if kind == COUNT:
        return number_format(value, force_grouping=True)
    return str(value)
