"""Enforcement tracks and decisions for tests: made directly in a given state, with what every
guard of that state needs (the services are what the tests exercise)."""

import datetime
import itertools

from django.utils import timezone

from cases.workflow import CaseState
from registry.models import DeskStatus
from sanctions.measures import DecisionKind, TrackKind
from sanctions.models import Decision, EffectStatus, EnforcementTrack, HearingKind, Objection
from sanctions.workflow import DecisionState, ObjectionOutcome, TrackState
from supervision import roles
from tests.cases.support import make_case
from tests.factories import DeskFactory, LocationFactory, OrganisationFactory, UserFactory

S = TrackState
_numbers = itertools.count(1)

# The states after each step: what a track in that state has already recorded.
_AFTER_NOTICE = (S.INTENDED_DECISION, S.HEARING, S.DECISION, S.OBJECTION, S.CLOSED)
_HEARD = (S.HEARING, S.DECISION, S.OBJECTION, S.CLOSED)
MEASURE = {TrackKind.LICENCE: DecisionKind.FINE, TrackKind.SUBSIDY: DecisionKind.SUBSIDY_RECOVERY}
INTENDED = {
    TrackKind.LICENCE: DecisionKind.LICENCE_SUSPENSION,
    TrackKind.SUBSIDY: DecisionKind.SUBSIDY_SUSPENSION,
}


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def lead(username=None):
    """An enforcement lead: approves decisions and decides objections."""
    return UserFactory(
        username=username or f"handhaving{next(_numbers)}", role=roles.ENFORCEMENT_LEAD
    )


def make_track(
    kind=TrackKind.LICENCE, state=S.FORMAL_NOTICE, *, case=None, locations=None, **values
):
    """A track in ``state`` whose formal-notice deadline has passed, with the intended measure from
    the intended decision on and the hearing recorded from the hearing on. Licence: one location of
    the case's provider unless ``locations``; subsidy: the case's subsidised desk."""
    desk = None
    if kind == TrackKind.LICENCE:
        case = case or make_case(CaseState.ENFORCEMENT, about_organisation=OrganisationFactory())
        if locations is None:
            locations = [LocationFactory(organisation=case.about_organisation)]
    else:
        case = case or make_case(
            CaseState.ENFORCEMENT, about_desk=DeskFactory(status=DeskStatus.SUBSIDISED)
        )
        desk = case.about_desk
    fields = {"notice_deadline": days(-1)}
    if state in _AFTER_NOTICE:
        fields.update(intended_measure=INTENDED[kind], response_deadline=days(14))
    if state in _HEARD:
        fields.update(hearing_kind=HearingKind.WRITTEN, hearing_on=today(), hearing_summary="Brief")
    fields.update(values)
    track = EnforcementTrack.objects.create(
        number=f"{case.number}-H{next(_numbers)}",
        case=case,
        kind=kind,
        desk=desk,
        state=state,
        facts="Geen overleg georganiseerd",
        opened_by=fields.pop("opened_by", None) or UserFactory(),
        **fields,
    )
    track.locations.set(locations or [])
    return track


def make_decision(track, kind=None, state=DecisionState.APPROVED, *, proposed_by=None, **values):
    """A decision on ``track`` (default: the track's usual measure, approved by someone else)."""
    kind = kind or MEASURE[track.kind]
    fields = {}
    if kind in (DecisionKind.FINE, DecisionKind.SUBSIDY_REDUCTION, DecisionKind.SUBSIDY_RECOVERY):
        fields["amount"] = 500
    if kind == DecisionKind.FINE:
        fields["due_date"] = days(30)
    if kind in (DecisionKind.LICENCE_SUSPENSION, DecisionKind.SUBSIDY_SUSPENSION):
        fields.update(starts_on=today(), ends_on=days(30))
    if state == DecisionState.APPROVED:
        fields.update(reviewed_by=UserFactory(), reviewed_at=timezone.now())
        if kind != DecisionKind.NO_MEASURE:
            fields["effect_status"] = EffectStatus.IN_FORCE
    fields.update(values)
    return Decision.objects.create(
        number=f"{track.number}-B{next(_numbers)}",
        track=track,
        kind=kind,
        state=state,
        grounds="Aanmaning zonder gevolg",
        proposed_by=proposed_by or UserFactory(),
        **fields,
    )


def make_objection(decision, outcome=ObjectionOutcome.PENDING):
    return Objection.objects.create(
        decision=decision,
        lodged_on=today(),
        grounds="Niet akkoord",
        recorded_by=UserFactory(),
        outcome=outcome,
        decided_on=None if outcome == ObjectionOutcome.PENDING else today(),
    )
