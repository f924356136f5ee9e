"""Consultations (obligations D1 and D3): the desk records a consultation that took place, whom it
invited, who came, and the minutes, in one step that stores all of it or nothing.

A consultation is a record of something that happened, so its date is today at the latest; a
consultation being planned is not recorded here. The invitees can only be providers with an active
location in the desk's service area on that date (``obligations.area``): that is the list the desk
must invite (D1), and the form preselects all of them.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..area import providers_in_area
from ..models import Consultation, ConsultationKind
from .records import (
    check_not_in_future,
    check_own_desk,
    obligation_on,
    recompute_desk_after_commit,
)

RECORDED = "Overleg geregistreerd door het loket"


def default_minutes_description(consultation):
    return f"Verslag van het overleg van {consultation.date:%d/%m/%Y}"


def record_consultation(
    *,
    user,
    desk,
    date,
    kind,
    subject="",
    invitees=(),
    attendees=(),
    minutes=None,
    minutes_description="",
):
    """Record a consultation of ``desk`` with its invitees, attendees and (optionally) minutes.

    Raises PermissionDenied for someone who does not work for the desk, ValidationError (with a
    Dutch message) for bad input; in both cases nothing is stored.
    """
    check_own_desk(user, desk, "obligations.add_consultation")
    if minutes is not None and not user.has_perm("obligations.add_evidence"):
        raise PermissionDenied(_("You may not upload evidence."))
    if date is None:
        raise ValidationError(_("Give the date of the consultation."), code="required")
    check_not_in_future(date, _("The date of the consultation"))
    if kind not in ConsultationKind.values:
        raise ValidationError(_("Choose the kind of consultation."), code="invalid_kind")
    invitee_ids = {organisation.pk for organisation in invitees}
    attendee_ids = {organisation.pk for organisation in attendees}
    if not attendee_ids <= invitee_ids:
        raise ValidationError(
            _("Only invited organisations can be recorded as present."), code="attendee_not_invited"
        )
    in_area = set(
        providers_in_area(desk, date).filter(pk__in=invitee_ids).values_list("pk", flat=True)
    )
    if invitee_ids - in_area:
        raise ValidationError(
            _("Only providers in the service area on the date of the consultation can be invited."),
            code="invitee_outside_area",
        )

    with transaction.atomic():
        consultation = Consultation(
            desk=desk, date=date, kind=kind, subject=(subject or "").strip(), recorded_by=user
        )
        consultation._history_user = user
        consultation._change_reason = RECORDED
        consultation.save()
        consultation.invitees.set(invitee_ids)
        consultation.attendees.set(attendee_ids)
        if minutes is not None:
            _store_minutes(consultation, user, minutes, minutes_description)
        recompute_desk_after_commit(desk.pk, date.year)
    return consultation


def add_minutes(consultation_id, *, user, uploaded_file, description=""):
    """Upload (more) minutes for a recorded consultation: they often come weeks later."""
    consultation = Consultation.objects.select_related("desk").get(pk=consultation_id)
    check_own_desk(user, consultation.desk, "obligations.add_evidence")
    with transaction.atomic():
        evidence = _store_minutes(consultation, user, uploaded_file, description)
        recompute_desk_after_commit(consultation.desk_id, consultation.date.year)
    return evidence


def _store_minutes(consultation, user, uploaded_file, description):
    from .evidence import upload_evidence

    return upload_evidence(
        user=user,
        uploaded_file=uploaded_file,
        description=(description or "").strip() or default_minutes_description(consultation),
        desk=consultation.desk,
        obligation=obligation_on("D3", consultation.date),
        year=consultation.date.year,
        consultation=consultation,
    )
