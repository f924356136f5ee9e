"""Handling a case: assignment, the desk's efforts, talks, notes, deadlines, and one function per
workflow transition (``cases.workflow``).

Each write checks the permission, locks the case's row, checks the workflow guards, saves with who
and why in the history row, and writes the notifications to the outbox in the same transaction. A
case changed by someone else meanwhile raises ``CaseChanged``.
"""

import copy
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from obligations.models import Evidence
from supervision import fsm

from ..models import Case, CaseNote, Signal, Talk, TalkParty
from ..workflow import (
    ENFORCEMENT_OUTCOMES,
    CaseState,
    Outcome,
    TalkOutcome,
    label,
    refusal,
    transition_from,
)
from .common import (
    HANDLE,
    CaseChanged,
    check_open,
    locked,
    notify,
    product_language,
    require,
    save_with_history,
    state_deadline,
)

S = CaseState
REASON_REQUIRED = ("escalate", "close", "reopen")


def assign(case_id, *, actor, assignee):
    """Make ``assignee`` (a client manager) the case's handler."""
    require(actor, HANDLE, _("You may not handle cases."))
    if assignee is None or not assignee.is_active or not assignee.has_perm(HANDLE):
        raise ValidationError(_("Choose a client manager who handles cases."))
    with transaction.atomic():
        case = locked(case_id)
        check_open(case)
        case.assignee = assignee
        save_with_history(
            case, actor, product_language(_("Assigned to %(name)s")) % {"name": assignee}
        )
        notify(case, "assigned", actor)
    return case


def desk_evidence_choices(case):
    """The evidence a check of the desk's efforts can link: the current evidence of the desks
    that reported a signal of the case and, for a case about a desk, of that desk."""
    desks = Q(desk__in=Signal.objects.filter(case=case).values("reporting_desk"))
    if case.about_desk_id is not None:
        desks |= Q(desk=case.about_desk_id)
    return Evidence.objects.current().filter(desks)


def record_desk_efforts(case_id, *, actor, finding="", evidence=()):
    """Record the check of the desk's own efforts (before a talk, when a desk reported a
    provider): link the desk's evidence (``desk_evidence_choices``) or write a finding, or both.
    Links add to those already made; an empty finding keeps the one recorded before."""
    require(actor, HANDLE, _("You may not handle cases."))
    finding = (finding or "").strip()
    wanted = {item.pk for item in evidence}
    if not finding and not wanted:
        raise ValidationError(
            _("Link the desk's evidence or describe what the check of its efforts found.")
        )
    with transaction.atomic():
        case = locked(case_id)
        check_open(case)
        linked = list(desk_evidence_choices(case).filter(pk__in=wanted).order_by("pk"))
        if len(linked) != len(wanted):
            raise ValidationError(
                _(
                    "Only the current evidence of the desk that reported the case (or the case "
                    "is about) can be linked."
                )
            )
        if finding:
            case.desk_efforts_finding = finding
        case.desk_efforts_checked_at = timezone.now()
        case.desk_efforts_checked_by = actor
        reason = product_language(_("Desk's efforts checked"))
        if linked:
            reason = product_language(_("Desk's efforts checked; evidence linked: %(items)s")) % {
                "items": "; ".join(item.description for item in linked)
            }
        save_with_history(case, actor, reason)
        case.desk_evidence.add(*linked)
    return case


def talk_refusal(case):
    """Why no talk can be recorded in the case now, or None."""
    if case.state != S.TALK:
        return _("A talk is recorded while the case is in the talk state.")
    return None


def record_talk(
    case_id, *, actor, held_on, participants, party, outcome, agreed="", remedy_by=None
):
    """Record a talk held in a case that is in the talk state."""
    require(actor, HANDLE, _("You may not handle cases."))
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
        case = locked(case_id)
        why = talk_refusal(case)
        if why:
            raise ValidationError(why)
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
        save_with_history(talk, actor, product_language(_("Talk recorded")))
        notify(case, "talk_recorded", actor)
    return talk


def add_note(case_id, *, actor, text):
    """An internal note on the case."""
    require(actor, "cases.add_casenote", _("You may not add notes to cases."))
    if not (text or "").strip():
        raise ValidationError(_("Write the note."))
    case = Case.objects.get(pk=case_id)
    note = CaseNote(case=case, text=text.strip(), author=actor)
    return save_with_history(note, actor, product_language(_("Note added")))


def extend_deadline(case_id, *, actor, reason, days=None, until=None):
    """Move the deadline of an open case later, by ``days`` or to ``until``, with a reason."""
    require(actor, HANDLE, _("You may not handle cases."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the extension."))
    if (days is None) == (until is None):
        raise ValidationError(_("Give either a number of days or a new date."))
    with transaction.atomic():
        case = locked(case_id)
        check_open(case)
        current = case.deadline or timezone.localdate()
        new = until if until is not None else current + datetime.timedelta(days=days)
        if new <= current or new <= timezone.localdate():
            raise ValidationError(_("The new deadline must be later than the current one."))
        case.deadline = new
        save_with_history(case, actor, reason)
        notify(case, "deadline_extended", actor)
    return case


# --- Transitions: one function each -------------------------------------------------------------


def step_permission(name):
    """The permission step ``name`` needs: the one its transition declares (reopening:
    ``cases.reopen_case``), otherwise handling cases."""
    return fsm.permission(Case, name, HANDLE)


def _run(case_id, name, *, actor, reason, expected_state=None, apply=None):
    if name == "reopen":
        refused = _("You may not reopen a closed case.")
    else:
        refused = _("You may not handle cases.")
    require(actor, step_permission(name), refused)
    reason = (reason or "").strip()
    if name in REASON_REQUIRED and not reason:
        raise ValidationError(_("Give the reason for this step."))
    with transaction.atomic():
        case = locked(case_id)
        if expected_state is not None and case.state != expected_state:
            raise CaseChanged()
        if apply is not None:
            apply(case)
        why = refusal(case, name)
        if why:
            raise ValidationError(str(why))
        getattr(case, name)()
        case.deadline = state_deadline(case.state)
        save_with_history(case, actor, reason or product_language(label(name)))
        notify(case, name, actor)
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


def close_outcomes(case):
    """The outcomes a closure can give from the case's state: from enforcement only those an
    enforcement track leads to, from the other states all the others."""
    if case.state == S.ENFORCEMENT:
        return list(ENFORCEMENT_OUTCOMES)
    return [outcome for outcome in Outcome if outcome not in ENFORCEMENT_OUTCOMES]


def step_target(case, name):
    """The state step ``name`` leads to from the case's current state, or None where it leads
    nowhere (guards aside)."""
    found = transition_from(case, name)
    return None if found is None else CaseState(found.target)


def _filled_in(case, name):
    """A copy of the case with what the step's page asks for filled in (the outcome of a
    closure, the reason for skipping the talk before an escalation)."""
    probe = copy.copy(case)
    if name == "close" and case.state == S.ENFORCEMENT:
        from sanctions.queries import enforcement_outcome

        probe.outcome = enforcement_outcome(case) or close_outcomes(case)[0]
    elif name == "close":
        probe.outcome = close_outcomes(case)[0]
    elif name == "escalate" and not probe.talk_skip_reason.strip():
        probe.talk_skip_reason = "?"
    return probe


def step_refusal(case, name):
    """Why step ``name`` cannot be taken now, leaving aside what its page asks for (so only the
    guards the user cannot satisfy on that page refuse), or None."""
    return refusal(_filled_in(case, name), name)


def transitions_for(case, user):
    """The steps the user's permissions allow on this case: (name, label, ``step_refusal`` or
    None)."""
    result = []
    for name in TRANSITION_SERVICES:
        if user.has_perm(step_permission(name)):
            result.append((name, label(name), step_refusal(case, name)))
    return result
