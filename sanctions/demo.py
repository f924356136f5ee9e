"""Demo enforcement tracks, so that the track list, the case pages, the letters, the location
pages and the management figures show them.

- ``build_history``: every demo case closed after enforcement ("sanction imposed" or "no sanction
  after enforcement", all about providers) gets its closed licence track against the case's
  locations, written in bulk with a history row per step dated from the case's own history: formal
  notice, then either the intended decision, the hearing and an administrative fine proposed by the
  case's client manager and approved by the demo enforcement lead, or a closure without a measure.
  A fine changes no licence status, so the registry stays as it is.
- ``build_tracks``: every open case in enforcement gets its track, opened through the service with
  a formal notice (a licence track for a provider, a subsidy track for a subsidised desk; a desk
  without a subsidy is left without one).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases.models import Case
from cases.workflow import CaseState
from registry.models import DeskStatus

from . import services
from .measures import DecisionKind
from .models import Decision, EnforcementTrack, TrackKind, TrackStep
from .workflow import DecisionState, TrackState

NOTICE_DAYS = 30
FACTS = (
    "Na het gesprek bleef de tekortkoming in de samenwerking met het Lokaal Loket Kinderopvang "
    "bestaan: {obligations}. U krijgt een termijn om dit recht te zetten."
)


LEAD_USERNAME = "handhaving"
FINES = (500, 750, 1000, 1500, 2500)


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _snapshot(model, values, when, user, reason):
    copy = model(**values)
    copy._history_date = when
    copy._history_user = user
    copy._change_reason = reason
    return copy


def build_history():
    """Closed tracks for the demo cases closed after enforcement. Returns (tracks, fines)."""
    from django.contrib.auth import get_user_model

    from cases.workflow import ENFORCEMENT_OUTCOMES, Outcome
    from obligations.demo import system_user

    recorder = system_user()
    lead = get_user_model().objects.filter(username=LEAD_USERNAME, is_active=True).first()
    cases = list(
        Case.objects.filter(
            state=CaseState.CLOSED,
            outcome__in=ENFORCEMENT_OUTCOMES,
            about_organisation__isnull=False,
        )
        .exclude(pk__in=EnforcementTrack.objects.values("case"))
        .prefetch_related("locations")
        .order_by("number")
    )
    history = {}
    for row in Case.history.filter(id__in=[case.pk for case in cases]).order_by("history_date"):
        history.setdefault(row.id, []).append(row)
    tracks, creations, changes, steps, decisions, fines = [], [], [], [], [], 0
    for n, case in enumerate(cases):
        rows = history[case.pk]
        escalated = next(row for row in rows if row.state == CaseState.ENFORCEMENT)
        closed = next(row for row in rows if row.state == CaseState.CLOSED)
        user = case.assignee or recorder
        opened_at = escalated.history_date + datetime.timedelta(days=1)
        closed_at = closed.history_date - datetime.timedelta(hours=2)
        notice = opened_at.date() + datetime.timedelta(days=30)
        values = {
            "number": f"{case.number}-H1",
            "case_id": case.pk,
            "kind": TrackKind.LICENCE,
            "facts": FACTS.format(obligations="zie het dossier"),
            "notice_deadline": notice,
            "opened_by_id": user.pk,
            "opened_at": opened_at,
            "state": TrackState.FORMAL_NOTICE,
        }
        track_steps = [(opened_at, "formal_notice", values["facts"], notice)]
        creations.append(
            _snapshot(
                EnforcementTrack, values, opened_at, user, "Traject geopend met een aanmaning"
            )
        )
        sanction = case.outcome == Outcome.SANCTION_IMPOSED
        if sanction:
            intended = opened_at + datetime.timedelta(days=35)
            values.update(
                state=TrackState.INTENDED_DECISION,
                intended_measure=DecisionKind.FINE,
                response_deadline=intended.date() + datetime.timedelta(days=21),
            )
            changes.append(
                _snapshot(EnforcementTrack, values, intended, user, "Voornemen aangekondigd")
            )
            track_steps.append(
                (intended, "intended_decision", "Voornemen: bestuurlijke geldboete.", None)
            )
            heard = intended + datetime.timedelta(days=25)
            values.update(
                state=TrackState.DECISION,
                hearing_kind="written",
                hearing_on=heard.date(),
                hearing_summary="Schriftelijke reactie van de organisator; geen nieuwe feiten.",
            )
            changes.append(_snapshot(EnforcementTrack, values, heard, user, "Horen afgerond"))
            track_steps.append((heard, "hearing", "Uitnodiging om gehoord te worden.", None))
            amount = FINES[n % len(FINES)]
            decision = Decision(
                number=f"{values['number']}-B1",
                kind=DecisionKind.FINE,
                amount=amount,
                due_date=closed_at.date() + datetime.timedelta(days=30),
                grounds="De tekortkoming in de samenwerking bleef na aanmaning en voornemen bestaan.",
                proposed_by=user,
                proposed_at=closed_at - datetime.timedelta(days=7),
                reviewed_by=lead or recorder,
                reviewed_at=closed_at - datetime.timedelta(days=3),
                state=DecisionState.APPROVED,
                effect_status="in_force",
            )
            decision._track_number = values["number"]
            decision._history_date = decision.reviewed_at
            decision._history_user = decision.reviewed_by
            decision._change_reason = f"Beslissing goedgekeurd: boete van {amount} euro"
            decisions.append(decision)
            track_steps.append(
                (
                    decision.reviewed_at,
                    "decision",
                    f"Bestuurlijke geldboete van {amount} euro.",
                    None,
                )
            )
            fines += 1
        else:
            track_steps.append((closed_at, "closure", "Rechtgezet na de aanmaning.", None))
        values.update(state=TrackState.CLOSED, closed_at=closed_at)
        changes.append(_snapshot(EnforcementTrack, values, closed_at, user, "Traject afgesloten"))
        track = EnforcementTrack(**values)
        track._steps = track_steps
        track._locations = list(case.locations.all())
        track._user = user
        tracks.append(track)
    with transaction.atomic():
        EnforcementTrack.objects.bulk_create(tracks, batch_size=500)
        by_number = {track.number: track for track in tracks}
        for copy in (*creations, *changes):
            copy.pk = by_number[copy.number].pk
        EnforcementTrack.history.bulk_history_create(creations, batch_size=500)
        EnforcementTrack.history.bulk_history_create(changes, batch_size=500, update=True)
        EnforcementTrack.locations.through.objects.bulk_create(
            [
                EnforcementTrack.locations.through(enforcementtrack=track, location=location)
                for track in tracks
                for location in track._locations
            ],
            batch_size=1000,
        )
        for decision in decisions:
            decision.track = by_number[decision._track_number]
        bulk_create_with_history(decisions, Decision, batch_size=500)
        decision_of = {decision.track_id: decision for decision in decisions}
        for track in tracks:
            for when, kind, summary, deadline in track._steps:
                step = TrackStep(
                    track=track,
                    kind=kind,
                    decision=decision_of.get(track.pk) if kind == "decision" else None,
                    summary=summary,
                    deadline=deadline,
                    created_by=track._user,
                    created_at=when,
                )
                step.set_notified(when.date() + datetime.timedelta(days=1))
                step._history_date = when
                step._history_user = track._user
                step._change_reason = "Stap verstuurd"
                steps.append(step)
        bulk_create_with_history(steps, TrackStep, batch_size=500)
    return len(tracks), fines


def build_tracks(today=None):
    """Open a track on every case in enforcement that has none. Returns the number opened."""
    today = today or timezone.localdate()
    opened = 0
    cases = (
        Case.objects.filter(state=CaseState.ENFORCEMENT, assignee__isnull=False)
        .exclude(pk__in=EnforcementTrack.objects.values("case"))
        .select_related("about_desk", "assignee")
        .prefetch_related("signals__obligations", "locations")
    )
    with transaction.atomic():
        for case in cases:
            if case.about_desk is not None and case.about_desk.status not in (
                DeskStatus.SUBSIDISED,
                DeskStatus.SUBSIDY_SUSPENDED,
            ):
                continue
            codes = sorted(
                {o.code for signal in case.signals.all() for o in signal.obligations.all()}
            )
            services.open_track(
                case.pk,
                actor=case.assignee,
                kind=TrackKind.LICENCE if case.about_desk is None else TrackKind.SUBSIDY,
                facts=FACTS.format(obligations=", ".join(codes) or "zie het dossier"),
                notice_deadline=today + datetime.timedelta(days=NOTICE_DAYS),
                locations=list(case.locations.all()),
            )
            opened += 1
    return opened


def wipe_tracks():
    """Delete every track, decision, objection and step, with their history (before the cases)."""
    from .models import Decision, Objection, TrackStep

    with transaction.atomic():
        for model in (TrackStep, Objection, Decision):
            model.history.all().delete()
            model.objects.all()._raw_delete(model.objects.db)
        EnforcementTrack.locations.through.objects.all().delete()
        EnforcementTrack.history.all().delete()
        EnforcementTrack.objects.all()._raw_delete(EnforcementTrack.objects.db)
