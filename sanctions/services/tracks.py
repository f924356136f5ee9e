"""The enforcement track: opening it from a case in enforcement, one function per workflow
transition (``sanctions.workflow``), the hearing record and the notification date of each step.

Each write checks the permission, locks the track's row, checks the guards, saves with who and why
in the history, and creates the step whose letter goes to the party. A track changed by someone
else meanwhile (``expected_state``) raises ``TrackChanged``.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.workflow import CaseState
from registry.models import DeskStatus, Location
from supervision.fsm import label, refusal

from ..common import TrackChanged, product_language, require, save_with_history
from ..measures import DecisionKind, TrackKind, measures_for
from ..models import EnforcementTrack, HearingKind, StepKind, TrackStep
from ..workflow import TRACK_TRANSITIONS, TrackState

S = TrackState
OPEN = "sanctions.add_enforcementtrack"
HANDLE = "sanctions.handle_track"
REASON_REQUIRED = ("close_without_measure", "revise_intention")
# The steps whose page asks for the intended measure and the response deadline.
ASKS_INTENTION = ("announce_intention", "revise_intention")


def locked(track_id):
    return EnforcementTrack.objects.select_for_update().get(pk=track_id)


def add_step(track, kind, actor, *, summary, deadline=None, decision=None, objection=None):
    """The step whose letter goes to the party (``kind``), with what the letter says."""
    step = TrackStep(
        track=track,
        kind=kind,
        summary=str(summary).strip(),
        deadline=deadline,
        decision=decision,
        objection=objection,
        created_by=actor,
    )
    with product_language():
        reason = _("Step: %(step)s") % {"step": step.get_kind_display()}
    return save_with_history(step, actor, reason)


def _future(date, message):
    if date is None or date <= timezone.localdate():
        raise ValidationError(message)


def _required(text, message):
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text


def _licence_locations(case, locations):
    wanted = {getattr(location, "pk", location) for location in locations}
    chosen = list(
        Location.objects.filter(pk__in=wanted, organisation_id=case.about_organisation_id)
    )
    if not wanted or len(chosen) != len(wanted):
        raise ValidationError(_("Choose one or more locations of the case's provider."))
    return chosen


def open_track(case_id, *, actor, kind, facts, notice_deadline, locations=(), reason=""):
    """Open a track from a case in enforcement with its formal notice: a licence track against
    locations of the case's provider, or a subsidy track against the case's subsidised desk."""
    require(actor, OPEN, _("You may not open enforcement tracks."))
    if kind not in TrackKind.values:
        raise ValidationError(_("Choose the licence track or the subsidy track."))
    facts = _required(facts, _("Describe the facts the formal notice is about."))
    _future(notice_deadline, _("Give a deadline in the future to put things right."))
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if case.state != CaseState.ENFORCEMENT:
            raise ValidationError(_("An enforcement track is opened from a case in enforcement."))
        desk, chosen = None, []
        if kind == TrackKind.LICENCE:
            if case.about_organisation_id is None:
                raise ValidationError(_("A licence track is about a provider: this case is not."))
            chosen = _licence_locations(case, locations)
        else:
            if case.about_desk_id is None:
                raise ValidationError(_("A subsidy track is about a desk: this case is not."))
            desk = case.about_desk
            if desk.status not in (DeskStatus.SUBSIDISED, DeskStatus.SUBSIDY_SUSPENDED):
                raise ValidationError(_("A subsidy track needs a desk that receives a subsidy."))
        track = EnforcementTrack(
            number=f"{case.number}-H{case.enforcement_tracks.count() + 1}",
            case=case,
            kind=kind,
            desk=desk,
            facts=facts,
            notice_deadline=notice_deadline,
            opened_by=actor,
        )
        with product_language():
            default = _("Track opened with a formal notice")
        save_with_history(track, actor, (reason or "").strip() or default)
        track.locations.set(chosen)
        add_step(track, StepKind.FORMAL_NOTICE, actor, summary=facts, deadline=notice_deadline)
    return track


def run(track_id, name, *, actor, reason="", expected_state=None, apply=None, step=None):
    """Run transition ``name`` on the locked track: ``apply(track)`` sets what the guards check,
    ``step(track)`` adds the step after the save. Also used by the objection service."""
    require(actor, HANDLE, _("You may not handle enforcement tracks."))
    reason = (reason or "").strip()
    if name in REASON_REQUIRED and not reason:
        raise ValidationError(_("Give the reason for this step."))
    with transaction.atomic():
        track = locked(track_id)
        if expected_state is not None and track.state != expected_state:
            raise TrackChanged()
        if apply is not None:
            apply(track)
        why = refusal(track, name)
        if why:
            raise ValidationError(str(why))
        getattr(track, name)()
        if track.state == S.CLOSED:
            track.closed_at = timezone.now()
        with product_language():
            default = str(label(EnforcementTrack, name))
        save_with_history(track, actor, reason or default)
        if step is not None:
            step(track)
    return track


def _intention(intended_measure, details, response_deadline):
    _future(response_deadline, _("Give a response deadline in the future."))

    def apply(track):
        track.intended_measure = intended_measure or ""
        track.intended_measure_details = (details or "").strip()
        track.response_deadline = response_deadline

    return apply


def _intention_summary(track):
    with product_language():
        measure = str(DecisionKind(track.intended_measure).label)
    details = track.intended_measure_details
    return f"{measure}: {details}" if details else measure


def _intention_step(actor):
    def step(track):
        add_step(
            track,
            StepKind.INTENDED_DECISION,
            actor,
            summary=_intention_summary(track),
            deadline=track.response_deadline,
        )

    return step


def announce_intention(
    track_id,
    *,
    actor,
    intended_measure,
    response_deadline,
    details="",
    reason="",
    expected_state=None,
):
    """formal_notice -> intended_decision, once the formal notice's deadline has passed: the
    intended measure and the deadline to respond to it or ask to be heard."""
    return run(
        track_id,
        "announce_intention",
        actor=actor,
        reason=reason,
        expected_state=expected_state,
        apply=_intention(intended_measure, details, response_deadline),
        step=_intention_step(actor),
    )


def revise_intention(
    track_id,
    *,
    actor,
    intended_measure,
    response_deadline,
    reason,
    details="",
    expected_state=None,
):
    """hearing or decision -> intended_decision (no decision approved or waiting): a new intended
    measure, on which the party is heard again. The previous hearing stays in the history."""
    set_intention = _intention(intended_measure, details, response_deadline)

    def apply(track):
        set_intention(track)
        track.hearing_kind, track.hearing_on, track.hearing_summary = "", None, ""

    return run(
        track_id,
        "revise_intention",
        actor=actor,
        reason=reason,
        expected_state=expected_state,
        apply=apply,
        step=_intention_step(actor),
    )


def start_hearing(track_id, *, actor, reason="", expected_state=None):
    """intended_decision -> hearing: the party is invited to respond in writing or to a hearing
    talk."""

    def step(track):
        add_step(
            track,
            StepKind.HEARING,
            actor,
            summary=_intention_summary(track),
            deadline=track.response_deadline,
        )

    return run(
        track_id,
        "start_hearing",
        actor=actor,
        reason=reason,
        expected_state=expected_state,
        step=step,
    )


def record_hearing(track_id, *, actor, kind, held_on, summary):
    """Record the hearing (a written response, a hearing talk, or no response) while the track is
    in the hearing step."""
    require(actor, HANDLE, _("You may not handle enforcement tracks."))
    if kind not in HearingKind.values:
        raise ValidationError(_("Choose how the party was heard."))
    if held_on is None or held_on > timezone.localdate():
        raise ValidationError(_("Give the date of the hearing; it cannot be in the future."))
    summary = _required(summary, _("Summarise what the party said, or that it did not respond."))
    with transaction.atomic():
        track = locked(track_id)
        if track.state != S.HEARING:
            raise ValidationError(
                _("The hearing is recorded while the track is in the hearing step.")
            )
        track.hearing_kind, track.hearing_on, track.hearing_summary = kind, held_on, summary
        with product_language():
            reason = _("Hearing recorded")
        save_with_history(track, actor, reason)
    return track


def conclude_hearing(track_id, *, actor, reason="", expected_state=None):
    """hearing -> decision, once the hearing is recorded."""
    return run(
        track_id, "conclude_hearing", actor=actor, reason=reason, expected_state=expected_state
    )


def close_track(track_id, *, actor, reason="", expected_state=None):
    """decision -> closed after an approved decision (nothing waiting for approval), or
    objection -> closed once the objection is decided."""
    return run(track_id, "close", actor=actor, reason=reason, expected_state=expected_state)


def close_without_measure(track_id, *, actor, reason, expected_state=None):
    """formal_notice or intended_decision -> closed: the party put things right; the letter says
    the procedure stops."""

    def step(track):
        add_step(track, StepKind.CLOSURE, actor, summary=reason)

    return run(
        track_id,
        "close_without_measure",
        actor=actor,
        reason=reason,
        expected_state=expected_state,
        step=step,
    )


def record_notification(step_id, *, actor, notified_on):
    """The party was notified of a step on ``notified_on``; on a licence track the step becomes
    public three days later. Recorded once: the public date follows from it."""
    require(actor, HANDLE, _("You may not handle enforcement tracks."))
    with transaction.atomic():
        step = TrackStep.objects.select_for_update().select_related("track").get(pk=step_id)
        if step.notified_on is not None:
            raise ValidationError(_("The notification date of this step is already recorded."))
        if notified_on is None or notified_on > timezone.localdate():
            raise ValidationError(
                _("Give the date of the notification; it cannot be in the future.")
            )
        if notified_on < timezone.localdate(step.created_at):
            raise ValidationError(_("The party cannot be notified before the step was taken."))
        step.set_notified(notified_on)
        with product_language():
            reason = _("Party notified")
        save_with_history(step, actor, reason)
    return step


TRACK_SERVICES = {
    "announce_intention": announce_intention,
    "start_hearing": start_hearing,
    "conclude_hearing": conclude_hearing,
    "close": close_track,
    "close_without_measure": close_without_measure,
    "revise_intention": revise_intention,
}


def step_refusal(track, name):
    """Why step ``name`` cannot be taken now, leaving aside what its page asks for (the intended
    measure and the response deadline), or None."""
    probe = copy.copy(track)
    if name in ASKS_INTENTION:
        probe.intended_measure = measures_for(track.kind, with_no_measure=False)[0][0]
        probe.response_deadline = timezone.localdate()
    return refusal(probe, name)


def transitions_for(track, user):
    """The track steps the user's permissions allow: (name, label, ``step_refusal`` or None).
    Recording an objection (``lodge_objection``) has its own service, with the objection's
    details."""
    if not user.has_perm(HANDLE):
        return []
    return [
        (name, label(EnforcementTrack, name), step_refusal(track, name))
        for name in TRACK_TRANSITIONS
    ]
