"""Helpers for the compliance tests: the records compliance is derived from, made directly."""

import datetime
import hashlib

from django.core.files.base import ContentFile

from obligations.models import (
    AnnualReport,
    Compliance,
    Consultation,
    DeskDocument,
    Evidence,
    Obligation,
)
from obligations.services import compliance
from supervision import roles
from tests.factories import DeskFactory, LocationFactory, UserFactory

GENT = "44021"
MERELBEKE_MELLE = "44088"


def recorder():
    return UserFactory(username="opnemer", role=roles.DESK_STAFF)


def make_evidence(*, desk=None, location=None, consultation=None, description="Verslag", **values):
    content = description.encode()
    return Evidence.objects.create(
        desk=desk or (consultation.desk if consultation else None),
        location=location,
        consultation=consultation,
        description=description,
        file=ContentFile(content, name="bewijs.pdf"),
        original_name="bewijs.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=values.pop("uploaded_by", None) or recorder(),
        **values,
    )


def make_consultation(desk, date, *, invitees=(), kind="cooperation", minutes=False):
    consultation = Consultation.objects.create(
        desk=desk, date=date, kind=kind, subject="Overleg", recorded_by=recorder()
    )
    consultation.invitees.set(invitees)
    if minutes:
        make_evidence(consultation=consultation)
    return consultation


def make_document(desk, kind, *, version=1, adopted_on=datetime.date(2025, 1, 15), **values):
    recipients = values.pop("recipients", ())
    document = DeskDocument.objects.create(
        desk=desk,
        kind=kind,
        version=version,
        adopted_on=adopted_on,
        evidence=make_evidence(desk=desk, description=f"{kind} v{version}"),
        recorded_by=recorder(),
        **values,
    )
    document.recipients.set(recipients)
    return document


def make_report(desk, year, *, state="validated", shared_on=None, recipients=()):
    report = AnnualReport.objects.create(desk=desk, year=year, state=state, shared_on=shared_on)
    report.recipients.set(recipients)
    return report


def desk_with_locations(count=2, nis=GENT, **desk_values):
    """A desk serving ``nis`` and ``count`` active locations there, each of its own provider."""
    desk = DeskFactory(municipalities=[nis], **desk_values)
    locations = [
        LocationFactory(municipality=desk.service_areas.get().municipality) for _ in range(count)
    ]
    return desk, locations


def obligation(code):
    return Obligation.objects.get(code=code)


def status_of(code, *, desk=None, location=None, year=2025):
    return Compliance.objects.get(obligation__code=code, desk=desk, location=location, year=year)


def derive_desk(desk, year=2025, today=datetime.date(2025, 6, 1)):
    compliance.recompute_for_desk(desk.pk, year, today=today)
    return {
        row.obligation.code: row
        for row in Compliance.objects.filter(desk=desk, year=year).select_related("obligation")
    }


def derive_location(location, year=2025, today=datetime.date(2025, 6, 1)):
    compliance.recompute_for_location(location.pk, year, today=today)
    return {
        row.obligation.code: row
        for row in Compliance.objects.filter(location=location, year=year).select_related(
            "obligation"
        )
    }
