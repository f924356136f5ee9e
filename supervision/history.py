"""History you can read: simple-history rows turned into entries with who, when, what and why."""

from django.utils.translation import gettext_lazy as _

HISTORY_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def _display(record, field_name):
    field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, field.attname, None)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        related = getattr(record, field_name, None) if value is not None else None
        return related if related is not None else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def history_entries(history_queryset, limit=50, exclude=("id",)):
    """The newest ``limit`` history rows of one object, each with the fields that changed.

    Fetches ``limit + 1`` rows in one query (the extra one to diff the oldest shown row against).
    """
    records = list(
        history_queryset.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=list(exclude))
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(previous, change.field),
                        "new": _display(record, change.field),
                    }
                )
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": HISTORY_TYPES.get(record.history_type, record.history_type),
                "reason": record.history_change_reason,
                "changes": changes,
                "record": record,
            }
        )
    return entries
