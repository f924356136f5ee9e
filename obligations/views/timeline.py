"""One readable timeline for a desk's record: its history rows and the files added or withdrawn."""

from django.utils.translation import gettext as _

from supervision.history import history_entries


def record_timeline(record, evidence=()):
    """History entries of ``record`` (newest first) with its evidence uploads and withdrawals.

    The rows simple-history writes for each many-to-many change (invitees, recipients) carry no
    field change a reader needs: the lists themselves are on the page.
    """
    many_to_many = [field.name for field in record._meta.many_to_many]
    entries = [
        entry
        for entry in history_entries(record.history.all(), exclude=("id", *many_to_many))
        if entry["record"].history_type != "~" or entry["changes"]
    ]
    for item in evidence:
        entries.append(
            {
                "date": item.uploaded_at,
                "user": item.uploaded_by,
                "type": _("file added: %(name)s") % {"name": item.original_name},
                "reason": item.description,
                "changes": [],
            }
        )
        if item.withdrawn_at:
            entries.append(
                {
                    "date": item.withdrawn_at,
                    "user": item.withdrawn_by,
                    "type": _("file withdrawn: %(name)s") % {"name": item.original_name},
                    "reason": item.withdrawal_reason,
                    "changes": [],
                }
            )
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    return entries
