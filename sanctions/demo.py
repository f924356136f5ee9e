"""Demo enforcement tracks: every demo case in enforcement gets its track, opened through the
service with a formal notice, so the track list, the case page and the letters show one.

A licence track for a case about a provider (against the case's locations), a subsidy track for a
case about a subsidised desk; a case about a desk without a subsidy is left without a track. Older
enforcement history (decisions, sanctions in earlier years) is not part of the demo.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import Case
from cases.workflow import CaseState
from registry.models import DeskStatus

from . import services
from .models import EnforcementTrack, TrackKind

NOTICE_DAYS = 30
FACTS = (
    "Na het gesprek bleef de tekortkoming in de samenwerking met het Lokaal Loket Kinderopvang "
    "bestaan: {obligations}. U krijgt een termijn om dit recht te zetten."
)


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
