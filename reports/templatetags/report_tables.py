from django import template

from ..tables import format_value

register = template.Library()


@register.filter
def cells(row, table):
    """The row's values formatted for reading: [(text, numeric)], one per column of ``table``."""
    return [
        (format_value(value, column.kind), column.numeric) for value, column in table.pairs(row)
    ]
