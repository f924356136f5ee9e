from django import template

from ..charts import bar_chart as draw

register = template.Library()


@register.simple_tag
def bar_chart(table):
    """``{% bar_chart table %}``: the table's SVG bar chart (see ``reports.charts``)."""
    return draw(table)
