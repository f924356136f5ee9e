"""Bar charts of report tables, as SVG written on the server: no JavaScript, no library, nothing
fetched from elsewhere.

A ``ChartedTable`` is a ``Table`` that says which of its columns its chart shows. ``bar_chart``
draws one horizontal bar per row (the total row is not drawn), the row's label on the left and
its value, formatted as in the table, after the bar. The SVG is an image for assistive
technology (``role="img"``) named by its ``<title>`` (the table's title) and described by its
``<desc>`` (every label with its value); the table beside it holds the same figures.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .tables import Table, format_value, raw_value

WIDTH = 384  # 24rem: drawn at its size beside the table (reports/dashboard.css)
ROW = 24
BAR = 16
VALUE_ROOM = 56  # after the longest bar: its value
CHAR = 7.2  # the width of a character at font-size 12, with room to spare
MAX_LABEL = 34  # characters; a longer label is cut with "…" (the table has it in full)
COLOUR = "#7a1f5c"  # the brand colour, 8.9:1 on white


@dataclass
class ChartedTable(Table):
    """A table with a bar chart of one of its columns (an index into ``columns``)."""

    chart_column: int = 0


def _short(label):
    label = str(label)
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(table):
    """The SVG bar chart of ``table`` (a ``ChartedTable`` with rows), or "" for none."""
    index = getattr(table, "chart_column", None)
    if index is None or not table.rows:
        return ""
    column = table.columns[index]
    bars = [
        (
            _short(row.label),
            raw_value(row.values[index], column.kind) or 0,
            format_value(row.values[index], column.kind),
        )
        for row in table.rows
    ]
    label_width = round(min(MAX_LABEL, max(len(label) for label, _v, _t in bars)) * CHAR) + 12
    room = WIDTH - label_width - VALUE_ROOM
    scale = room / (max(value for _l, value, _t in bars) or 1)
    rows = []
    for n, (label, value, text) in enumerate(bars):
        top, width = 4 + ROW * n, round(value * scale, 1)
        rows.append(
            format_html(
                '<g><text x="{label_x}" y="{line}" text-anchor="end">{label}</text>'
                '<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="{colour}"></rect>'
                '<text x="{value_x}" y="{line}">{text}</text></g>',
                label_x=label_width - 6,
                line=top + 13,
                label=label,
                x=label_width,
                y=top + (ROW - BAR) // 2,
                width=width,
                height=BAR,
                colour=COLOUR,
                value_x=label_width + width + 4,
                text=text,
            )
        )
    description = "; ".join(
        f"{row.label}: {text}" for row, (_l, _v, text) in zip(table.rows, bars, strict=True)
    )
    ids = f"chart-{table.slug}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-labelledby="{ids}-title {ids}-desc" font-size="12" fill="currentColor">'
        '<title id="{ids}-title">{title}</title><desc id="{ids}-desc">{column}: {description}'
        "</desc>{rows}</svg>",
        width=WIDTH,
        height=ROW * len(bars) + 8,
        ids=ids,
        title=table.title,
        column=column.label,
        description=description,
        rows=mark_safe("".join(rows)),  # each built by format_html
    )
