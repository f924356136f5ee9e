"""One timeline for a case page: its history (opening, state changes with their reasons,
assignment, deadlines, outcome), its signals and their attachments, talks, the checks of the desk's
efforts, linked advice, the steps of its enforcement tracks (each with its letter), and, for those
who see everything, internal notes and notifications.

Each entry is a dict: ``date`` (a datetime, for sorting), ``day_only`` (the record has a date, no
time), ``user`` (who, or None for the system), ``kind`` (a stable key), ``label``, ``text``,
``reason``, ``changes`` (history diffs: field, old, new), ``facts`` (label, value and an optional
link) and ``link`` (a URL or ""). A fixed number of queries whatever the number of records: the
records come from ``queries.case_records``.
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanctions.queries import case_steps
from supervision.history import history_entries

from . import queries
from .models import Case

# Fields a reader does not need in the change lists: fixed at opening, or shown as their own
# entries (the checks of the desk's efforts).
_QUIET_FIELDS = (
    "id",
    "number",
    "year",
    "about_desk",
    "about_organisation",
    "desk_reported_provider",
    "opened_at",
    "desk_efforts_finding",
    "desk_efforts_checked_at",
    "desk_efforts_checked_by",
)


def _fact(label, value, link=""):
    return {"label": label, "value": value, "link": link}


def _entry(date, kind, label, *, user=None, text="", reason="", changes=(), facts=(), link=""):
    day_only = not isinstance(date, datetime.datetime)
    if day_only:
        date = timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))
    return {
        "date": date,
        "day_only": day_only,
        "user": user,
        "kind": kind,
        "label": label,
        "text": text,
        "reason": reason,
        "changes": list(changes),
        "facts": list(facts),
        "link": link,
    }


def _history_kind(record, changed):
    """The kind and label of a history row, from the fields it changed (verbose names)."""
    if record.history_type == "+":
        return "opened", _("Case opened")
    for name, kind, label in (
        ("state", "state", _("State changed")),
        ("assignee", "assigned", _("Case assigned")),
        ("deadline", "deadline", _("Deadline changed")),
    ):
        if Case._meta.get_field(name).verbose_name in changed:
            return kind, label
    return "changed", _("Case changed")


def _name(value):
    """A user in a change list by name, anything else as it is."""
    if isinstance(value, get_user_model()):
        return value.get_full_name() or value.username
    return value


def _history(case):
    """The case's own history rows, without the saves that changed nothing a reader needs, and
    the checks of the desk's efforts (one per moment of checking), oldest first."""
    rows = case.history.select_related("assignee", "desk_efforts_checked_by")
    entries, checks = [], {}
    for item in history_entries(rows, exclude=_QUIET_FIELDS):
        record = item["record"]
        if record.desk_efforts_checked_at and record.desk_efforts_checked_at not in checks:
            checks[record.desk_efforts_checked_at] = record
        if record.history_type != "+" and not item["changes"]:
            continue
        changes = [
            {**change, "old": _name(change["old"]), "new": _name(change["new"])}
            for change in item["changes"]
        ]
        kind, label = _history_kind(record, [str(change["field"]) for change in changes])
        entries.append(
            _entry(
                item["date"],
                kind,
                label,
                user=item["user"],
                reason=item["reason"] or "",
                changes=changes,
            )
        )
    return entries, sorted(checks.values(), key=lambda record: record.desk_efforts_checked_at)


def _desk_efforts(checks, evidence):
    entries = []
    for index, record in enumerate(checks):
        latest = index == len(checks) - 1
        entries.append(
            _entry(
                record.desk_efforts_checked_at,
                "desk_efforts",
                _("Desk's efforts checked"),
                user=record.desk_efforts_checked_by,
                text=record.desk_efforts_finding,
                facts=[
                    _fact(
                        _("Evidence"),
                        item.original_name,
                        reverse("obligations:evidence-detail", args=[item.pk]),
                    )
                    for item in (evidence if latest else ())
                ],
            )
        )
    return entries


def _signals(signals):
    entries = []
    for signal in signals:
        source = signal.get_source_display()
        if signal.reporting_desk:
            source = f"{source}: {signal.reporting_desk}"
        facts = [_fact(_("Source"), source), _fact(_("Channel"), signal.get_channel_display())]
        obligations = ", ".join(obligation.code for obligation in signal.obligations.all())
        if obligations:
            facts.append(_fact(_("Obligations"), obligations))
        entries.append(
            _entry(
                signal.received_on,
                "signal",
                _("Signal received"),
                user=signal.reported_by,
                text=signal.description,
                facts=facts,
                link=reverse("cases:signal-detail", args=[signal.pk]),
            )
        )
        for attachment in signal.attachments.all():
            entries.append(
                _entry(
                    attachment.uploaded_at,
                    "attachment",
                    _("Attachment added"),
                    user=attachment.uploaded_by,
                    text=attachment.description,
                    facts=[
                        _fact(
                            _("File"),
                            attachment.original_name,
                            reverse("cases:attachment-download", args=[attachment.pk]),
                        )
                    ],
                )
            )
    return entries


def _talks(talks):
    entries = []
    for talk in talks:
        facts = [
            _fact(_("With"), talk.get_party_display()),
            _fact(_("Outcome"), talk.get_outcome_display()),
        ]
        if talk.agreed:
            facts.append(_fact(_("Agreed"), talk.agreed))
        if talk.remedy_by:
            facts.append(_fact(_("Shortfall remedied by"), talk.remedy_by))
        entries.append(
            _entry(
                talk.held_on,
                "talk",
                _("Talk"),
                user=talk.recorded_by,
                text=_("Participants: %(participants)s") % {"participants": talk.participants},
                facts=facts,
            )
        )
    return entries


def _advice(advice):
    return [
        _entry(
            item.given_on,
            "advice",
            _("Advice of %(municipality)s: %(verdict)s")
            % {"municipality": item.municipality.name, "verdict": item.get_verdict_display()},
            user=item.recorded_by,
            text=item.grounds,
            link=reverse("cases:advice-detail", args=[item.pk]),
        )
        for item in advice
    ]


def _track_steps(steps):
    """The steps of the case's enforcement tracks: what each letter said, its deadline and when
    the party was notified; the label links to the letter."""
    entries = []
    for step in steps:
        track = step.track
        facts = [
            _fact(
                _("Enforcement track"),
                track.number,
                reverse("sanctions:track-detail", args=[track.number]),
            )
        ]
        if step.deadline:
            facts.append(_fact(_("Deadline"), step.deadline))
        if step.notified_on:
            facts.append(_fact(_("Party notified on"), step.notified_on))
        if step.public_on:
            facts.append(_fact(_("Public from"), step.public_on))
        entries.append(
            _entry(
                step.created_at,
                "enforcement_step",
                _("Enforcement: %(step)s") % {"step": step.get_kind_display()},
                user=step.created_by,
                text=step.summary,
                facts=facts,
                link=reverse("sanctions:step-letter", args=[track.number, step.pk]),
            )
        )
    return entries


def _notes(notes):
    return [
        _entry(note.created_at, "note", _("Internal note"), user=note.author, text=note.text)
        for note in notes
    ]


def _notifications(notifications):
    entries = []
    for item in notifications:
        recipient = item.recipient.get_full_name() if item.recipient else ""
        facts = [
            _fact(_("Status"), item.get_status_display()),
            _fact(_("Attempts"), item.attempts),
        ]
        if item.sent_at:
            facts.append(_fact(_("Sent at"), item.sent_at))
        entries.append(
            _entry(
                item.created_at,
                "notification",
                _("Notification to %(recipient)s") % {"recipient": recipient or item.email},
                text=f"{item.subject} <{item.email}>",
                facts=facts,
            )
        )
    return entries


def case_timeline(case, user, records=None):
    """The case's timeline as ``user`` may see it, newest first. ``records`` (from
    ``queries.case_records``) saves fetching them again when the page shows them too."""
    records = records or queries.case_records(case, user)
    entries, checks = _history(case)
    entries += _desk_efforts(checks, records.desk_evidence)
    entries += _signals(records.signals)
    entries += _talks(records.talks)
    entries += _advice(records.advice)
    if user.has_perm("sanctions.view_trackstep"):
        entries += _track_steps(case_steps(case, user))
    entries += _notes(records.notes)
    entries += _notifications(records.notifications)
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    return entries
