from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, field, label):
    """A column header that sorts the list by ``field``; clicking again reverses the order."""
    current = context.get("current_sort", "")
    query = context.get("query_without_sort", "")
    descending = current == field
    target = f"-{field}" if descending else field
    if current == field:
        state, aria = "▲", "ascending"
    elif current == f"-{field}":
        state, aria = "▼", "descending"
    else:
        state, aria = "", "none"
    prefix = f"?{query}&" if query else "?"
    return format_html(
        '<th scope="col" aria-sort="{}"><a href="{}o={}" title="{}">{} {}</a></th>',
        aria,
        prefix,
        target,
        _("Sort by %(label)s") % {"label": label},
        label,
        state,
    )
