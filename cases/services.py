"""Signals and cases: every write goes through here.

Each write checks the permission, locks the case's row, checks the workflow guards
(``cases.workflow``), saves with who and why in the history row, and schedules the notification hook
(``cases.notifications.case_event``) after the commit. A case changed by someone else meanwhile
raises ``CaseChanged``, a ``ValidationError`` with a clear message.

Who does what: anyone with ``cases.add_signal`` records a signal (desk staff for their own desks,
local-government users within their municipalities, client managers from any source); client
managers (``cases.add_case``, ``cases.handle_case``) make cases of signals and handle them;
reopening a closed case needs ``cases.reopen_case``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from registry.models import Desk, Municipality, ServiceArea
from supervision.access import sees_everything

from . import notifications
from .models import Case, CaseNote, CaseNumber, Signal, Source, Talk, TalkParty
from .workflow import OPEN_STATES, CaseState, Outcome, TalkOutcome, label, refusal

S = CaseState

HANDLE = "cases.handle_case"
REOPEN = "cases.reopen_case"
REASON_REQUIRED = ("escalate", "close", "reopen")


class CaseChanged(ValidationError):
    """Someone else changed the case between reading and writing it."""

    def __init__(self):
        super().__init__(
            _("Someone else changed this case in the meantime. Reload it and try again.")
        )


# --- Helpers ------------------------------------------------------------------------------------


def _product_language(text):
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _require(actor, perm, message):
    if not (actor and actor.is_active and actor.has_perm(perm)):
        raise PermissionDenied(message)


def _notify(case_id, event):
    transaction.on_commit(lambda: notifications.case_event(case_id, event), robust=True)


def _locked(case_id):
    return Case.objects.select_for_update().get(pk=case_id)


def _save(obj, actor, reason):
    obj._change_reason = reason.strip()
    obj._history_user = actor
    try:
        obj.save()
    except ConcurrentTransition:
        raise CaseChanged() from None
    return obj


def _check_open(case):
    if case.state not in OPEN_STATES:
        raise ValidationError(_("The case is closed."))


def state_deadline(state, start=None):
    """The deadline of a case entering ``state`` on ``start`` (default today), from
    ``settings.CASE_STATE_DAYS``; None for a state without one (closed)."""
    days = settings.CASE_STATE_DAYS.get(str(state))
    if days is None:
        return None
    return (start or timezone.localdate()) + datetime.timedelta(days=days)


def next_number(year):
    """The next case number of ``year`` (``SAM-2026-00042``). Call inside a transaction: the
    year's counter row stays locked until it commits, so concurrent calls never share a number."""
    CaseNumber.objects.get_or_create(year=year)
    counter = CaseNumber.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"SAM-{year}-{counter.last:05d}"


# --- Signals ------------------------------------------------------------------------------------


def _signal_scope(actor, *, source, reporting_desk, about_desk, locations):
    """Desk staff report for their own desks, local governments within their municipalities;
    those who see everything record signals from any source."""
    if sees_everything(actor):
        if source == Source.DESK and reporting_desk is None:
            raise ValidationError(_("Choose the desk that reported the signal."))
        return source, reporting_desk
    own_desks = Desk.objects.filter(staff=actor)
    if own_desks.exists():
        if reporting_desk is None and own_desks.count() == 1:
            reporting_desk = own_desks.get()
        if reporting_desk is None or not own_desks.filter(pk=reporting_desk.pk).exists():
            raise PermissionDenied(_("You can report only on behalf of your own desk."))
        return Source.DESK, reporting_desk
    municipalities = Municipality.objects.filter(officials=actor)
    if municipalities.exists():
        serves = ServiceArea.objects.valid_on(timezone.localdate()).filter(
            desk=about_desk, municipality__in=municipalities
        )
        if about_desk is not None and not serves.exists():
            raise PermissionDenied(_("You can report only within your municipalities."))
        if any(location.municipality not in municipalities for location in locations):
            raise PermissionDenied(_("You can report only within your municipalities."))
        if about_desk is None and not locations:
            raise ValidationError(_("Choose the locations in your municipality."))
        return Source.LOCAL_GOVERNMENT, None
    raise PermissionDenied(_("You may not report a signal."))


def record_signal(
    *,
    actor,
    source,
    channel,
    description,
    about_desk=None,
    about_organisation=None,
    locations=(),
    obligations=(),
    reporting_desk=None,
    received_on=None,
):
    """Record a signal about a desk, or about a provider and optionally its locations."""
    _require(actor, "cases.add_signal", _("You may not report a signal."))
    locations, obligations = list(locations), list(obligations)
    if (about_desk is None) == (about_organisation is None):
        raise ValidationError(_("Choose the desk or the provider the signal is about."))
    if about_desk is not None and locations:
        raise ValidationError(_("Locations belong to a signal about a provider."))
    if any(
        location.organisation_id != getattr(about_organisation, "pk", None)
        for location in locations
    ):
        raise ValidationError(_("Choose locations of the provider the signal is about."))
    if not (description or "").strip():
        raise ValidationError(_("Describe the signal."))
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    source, reporting_desk = _signal_scope(
        actor,
        source=source,
        reporting_desk=reporting_desk,
        about_desk=about_desk,
        locations=locations,
    )
    with transaction.atomic():
        signal = Signal(
            source=source,
            channel=channel,
            received_on=received_on,
            reported_by=actor,
            reporting_desk=reporting_desk,
            about_desk=about_desk,
            about_organisation=about_organisation,
            description=description.strip(),
        )
        signal.full_clean()
        signal._change_reason = _product_language(_("Signal recorded"))
        signal._history_user = actor
        signal.save()
        signal.locations.set(locations)
        signal.obligations.set(obligations)
    return signal


def create_case_from_signal(signal_id, *, actor):
    """Make a case of a signal: the next number of the year, state "received" with its
    deadline, the party and locations of the signal."""
    _require(actor, "cases.add_case", _("You may not open a case."))
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=signal_id)
        if signal.case_id is not None:
            raise ValidationError(_("This signal already belongs to a case."))
        today = timezone.localdate()
        case = Case(
            number=next_number(today.year),
            year=today.year,
            about_desk=signal.about_desk,
            about_organisation=signal.about_organisation,
            desk_reported_provider=(
                signal.source == Source.DESK and signal.about_organisation_id is not None
            ),
            deadline=state_deadline(S.RECEIVED, today),
        )
        _save(case, actor, _product_language(_("Case opened")))
        case.locations.set(signal.locations.all())
        signal.case = case
        _save(signal, actor, _product_language(_("Case opened")))
        _notify(case.pk, "created")
    return case


def add_signal_to_case(signal_id, case_id, *, actor):
    """Join another signal about the same party to an open case."""
    _require(actor, HANDLE, _("You may not handle cases."))
    with transaction.atomic():
        case = _locked(case_id)
        _check_open(case)
        signal = Signal.objects.select_for_update().get(pk=signal_id)
        if signal.case_id is not None:
            raise ValidationError(_("This signal already belongs to a case."))
        if (signal.about_desk_id, signal.about_organisation_id) != (
            case.about_desk_id,
            case.about_organisation_id,
        ):
            raise ValidationError(_("The signal is about another party than the case."))
        signal.case = case
        _save(
            signal,
            actor,
            _product_language(_("Added to case %(number)s")) % {"number": case.number},
        )
        case.locations.add(*signal.locations.all())
    return signal


# --- Handling a case ----------------------------------------------------------------------------


def assign(case_id, *, actor, assignee):
    """Make ``assignee`` (a client manager) the case's handler."""
    _require(actor, HANDLE, _("You may not handle cases."))
    if assignee is None or not assignee.is_active or not assignee.has_perm(HANDLE):
        raise ValidationError(_("Choose a client manager who handles cases."))
    with transaction.atomic():
        case = _locked(case_id)
        _check_open(case)
        case.assignee = assignee
        _save(case, actor, _product_language(_("Assigned to %(name)s")) % {"name": assignee})
        _notify(case.pk, "assigned")
    return case


def record_desk_efforts(case_id, *, actor, finding):
    """Record the check of the desk's own efforts (before a talk, when a desk reported a
    provider). Linking the desk's evidence comes with the evidence link; for now a finding."""
    _require(actor, HANDLE, _("You may not handle cases."))
    finding = (finding or "").strip()
    if not finding:
        raise ValidationError(_("Describe what the check of the desk's efforts found."))
    with transaction.atomic():
        case = _locked(case_id)
        _check_open(case)
        case.desk_efforts_finding = finding
        case.desk_efforts_checked_at = timezone.now()
        case.desk_efforts_checked_by = actor
        _save(case, actor, _product_language(_("Desk's efforts checked")))
    return case


def record_talk(
    case_id, *, actor, held_on, participants, party, outcome, agreed="", remedy_by=None
):
    """Record a talk held in a case that is in the talk state."""
    _require(actor, HANDLE, _("You may not handle cases."))
    if not (participants or "").strip():
        raise ValidationError(_("Name the participants of the talk."))
    if party not in TalkParty.values:
        raise ValidationError(_("Choose who the talk was with."))
    if outcome not in TalkOutcome.values:
        raise ValidationError(_("Choose the outcome of the talk."))
    if held_on is None or held_on > timezone.localdate():
        raise ValidationError(_("Give the date of the talk; it cannot be in the future."))
    if remedy_by is not None and remedy_by < held_on:
        raise ValidationError(_("The shortfall cannot be remedied before the talk."))
    with transaction.atomic():
        case = _locked(case_id)
        if case.state != S.TALK:
            raise ValidationError(_("A talk is recorded while the case is in the talk state."))
        talk = Talk(
            case=case,
            held_on=held_on,
            participants=participants.strip(),
            party=party,
            agreed=(agreed or "").strip(),
            remedy_by=remedy_by,
            outcome=outcome,
            recorded_by=actor,
        )
        _save(talk, actor, _product_language(_("Talk recorded")))
        _notify(case.pk, "talk_recorded")
    return talk


def add_note(case_id, *, actor, text):
    """An internal note on the case."""
    _require(actor, "cases.add_casenote", _("You may not add notes to cases."))
    if not (text or "").strip():
        raise ValidationError(_("Write the note."))
    case = Case.objects.get(pk=case_id)
    note = CaseNote(case=case, text=text.strip(), author=actor)
    return _save(note, actor, _product_language(_("Note added")))


def extend_deadline(case_id, *, actor, reason, days=None, until=None):
    """Move the deadline of an open case later, by ``days`` or to ``until``, with a reason."""
    _require(actor, HANDLE, _("You may not handle cases."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the extension."))
    if (days is None) == (until is None):
        raise ValidationError(_("Give either a number of days or a new date."))
    with transaction.atomic():
        case = _locked(case_id)
        _check_open(case)
        current = case.deadline or timezone.localdate()
        new = until if until is not None else current + datetime.timedelta(days=days)
        if new <= current or new <= timezone.localdate():
            raise ValidationError(_("The new deadline must be later than the current one."))
        case.deadline = new
        _save(case, actor, reason)
        _notify(case.pk, "deadline_extended")
    return case


# --- Transitions: one function each -------------------------------------------------------------


def _run(case_id, name, *, actor, reason, expected_state=None, apply=None):
    perm = REOPEN if name == "reopen" else HANDLE
    if name == "reopen":
        _require(actor, perm, _("You may not reopen a closed case."))
    else:
        _require(actor, perm, _("You may not handle cases."))
    reason = (reason or "").strip()
    if name in REASON_REQUIRED and not reason:
        raise ValidationError(_("Give the reason for this step."))
    with transaction.atomic():
        case = _locked(case_id)
        if expected_state is not None and case.state != expected_state:
            raise CaseChanged()
        if apply is not None:
            apply(case)
        why = refusal(case, name)
        if why:
            raise ValidationError(str(why))
        getattr(case, name)()
        case.deadline = state_deadline(case.state)
        _save(case, actor, reason or _product_language(label(name)))
        _notify(case.pk, name)
    return case


def start_investigation(case_id, *, actor, reason="", expected_state=None):
    """received -> investigation (needs an assignee)."""
    return _run(
        case_id, "start_investigation", actor=actor, reason=reason, expected_state=expected_state
    )


def start_talk(case_id, *, actor, reason="", expected_state=None):
    """investigation -> talk (a desk's report about a provider: its own efforts checked first)."""
    return _run(case_id, "start_talk", actor=actor, reason=reason, expected_state=expected_state)


def escalate(case_id, *, actor, reason, skip_talk_reason="", expected_state=None):
    """talk -> enforcement after a talk in which the shortfall persisted, or investigation/talk
    -> enforcement with a recorded reason for skipping the talk."""

    def apply(case):
        if (skip_talk_reason or "").strip():
            case.talk_skip_reason = skip_talk_reason.strip()

    return _run(
        case_id,
        "escalate",
        actor=actor,
        reason=reason,
        expected_state=expected_state,
        apply=apply,
    )


def close(case_id, *, actor, outcome, reason, expected_state=None):
    """Close an open case with an outcome (from enforcement: once its track is decided)."""
    if outcome and outcome not in Outcome.values:
        raise ValidationError(_("Choose the outcome of the case."))

    def apply(case):
        case.outcome = outcome or ""

    return _run(
        case_id, "close", actor=actor, reason=reason, expected_state=expected_state, apply=apply
    )


def reopen(case_id, *, actor, reason, expected_state=None):
    """closed -> investigation, with its own permission and a reason; the outcome is cleared (the
    history keeps it)."""

    def apply(case):
        case.outcome = ""

    return _run(
        case_id, "reopen", actor=actor, reason=reason, expected_state=expected_state, apply=apply
    )


TRANSITION_SERVICES = {
    "start_investigation": start_investigation,
    "start_talk": start_talk,
    "escalate": escalate,
    "close": close,
    "reopen": reopen,
}


def transitions_for(case, user):
    """The steps the user's permissions allow on this case: (name, label, refusal or None)."""
    result = []
    for name in TRANSITION_SERVICES:
        if user.has_perm(REOPEN if name == "reopen" else HANDLE):
            result.append((name, label(name), refusal(case, name)))
    return result
