"""Records for the case-page tests: signals, attachments, advice and notifications made directly
(the services that write them are tested elsewhere), and a case with one record of each kind."""

import datetime

from django.utils import timezone

from cases import services
from cases.models import (
    Advice,
    AdviceContext,
    AdviceVerdict,
    Notification,
    NotificationStatus,
    Signal,
    SignalAttachment,
    Source,
)
from cases.workflow import CaseState, TalkOutcome
from obligations.models import Obligation

from .support import make_case


def obligation(code):
    return Obligation.objects.filter(code=code).order_by("-valid_from").first()


def add_signal(case, *, reported_by, obligations=(), source=Source.OWN_INITIATIVE, **values):
    signal = Signal.objects.create(
        case=case,
        source=source,
        channel="mail",
        reported_by=reported_by,
        about_desk=case.about_desk,
        about_organisation=case.about_organisation,
        description=values.pop("description", "Het loket werkt niet mee."),
        **values,
    )
    signal.obligations.set(obligations)
    return signal


def add_attachment(signal, *, uploaded_by, name="verslag.pdf"):
    return SignalAttachment.objects.create(
        signal=signal,
        description="Verslag van het overleg",
        file="signals/ab/cdef",
        original_name=name,
        content_type="application/pdf",
        size=1234,
        sha256="0" * 64,
        uploaded_by=uploaded_by,
    )


def add_advice(case, *, municipality, organisation, recorded_by, grounds="Geen samenwerking"):
    advice = Advice.objects.create(
        municipality=municipality,
        organisation=organisation,
        context=AdviceContext.LICENCE_APPLICATION,
        verdict=AdviceVerdict.NEGATIVE,
        grounds=grounds,
        cooperation_shortfall=True,
        recorded_by=recorded_by,
    )
    advice.cases.add(case)
    return advice


def add_notification(case, *, recipient, subject="Dossier gewijzigd"):
    return Notification.objects.create(
        case=case,
        event="assigned",
        recipient=recipient,
        email=recipient.email,
        subject=subject,
        body="Tekst",
        status=NotificationStatus.SENT,
        attempts=2,
        sent_at=timezone.now(),
    )


def case_in_talk(handler, *, about_desk=None, about_organisation=None, reason="Ernstige melding"):
    """A case moved by the services: assigned, investigation (with ``reason``), talk."""
    case = make_case(
        CaseState.RECEIVED, about_desk=about_desk, about_organisation=about_organisation
    )
    services.assign(case.pk, actor=handler, assignee=handler)
    services.start_investigation(case.pk, actor=handler, reason=reason)
    services.start_talk(case.pk, actor=handler)
    case.refresh_from_db()
    return case


def record_talk(case, handler, participants="Coördinator loket"):
    return services.record_talk(
        case.pk,
        actor=handler,
        held_on=datetime.date.today(),
        participants=participants,
        party="desk",
        outcome=TalkOutcome.AGREEMENT_REACHED,
        agreed="Overleg plannen",
        remedy_by=datetime.date.today() + datetime.timedelta(days=30),
    )


def fill_case(case, handler, *, municipality, organisation, count=1):
    """``count`` records of every kind on ``case``: signals with an attachment, talks, notes,
    advice and notifications."""
    for index in range(count):
        signal = add_signal(case, reported_by=handler, obligations=[obligation("D1")])
        add_attachment(signal, uploaded_by=handler, name=f"bijlage-{index}.pdf")
        record_talk(case, handler, participants=f"Deelnemer {index}")
        services.add_note(case.pk, actor=handler, text=f"Interne notitie {index}")
        add_advice(case, municipality=municipality, organisation=organisation, recorded_by=handler)
        add_notification(case, recipient=handler, subject=f"Bericht {index}")
