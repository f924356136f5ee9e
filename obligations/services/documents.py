"""A desk's procedure (obligation D2) and cooperation agreements (D4), as versions that are never
overwritten: a change is a new version, numbered per desk and kind.

- D2 asks for a procedure agreed with the providers and "at least advised by the LOK": the LOK
  advice date may be left empty (a procedure can be recorded before the advice), but then D2 is
  not met; the form says so.
- D4 asks that the agreements be sent proactively to every location: the date they were sent and
  the locations they went to are recorded together, or neither.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Desk

from ..area import locations_in_area, providers_in_area
from ..models import DeskDocument, DocumentKind
from .records import (
    check_not_in_future,
    check_own_desk,
    obligation_on,
    recompute_desk_after_commit,
)

OBLIGATION_OF = {DocumentKind.PROCEDURE: "D2", DocumentKind.AGREEMENTS: "D4"}
NAME_OF = {DocumentKind.PROCEDURE: "Procedure", DocumentKind.AGREEMENTS: "Samenwerkingsafspraken"}
"""The default description of the file (data, in Dutch whatever the uploader's language)."""


def record_document(
    *,
    user,
    desk,
    kind,
    adopted_on,
    uploaded_file,
    description="",
    lok_advice_on=None,
    providers_consulted=(),
    communicated_on=None,
    recipients=(),
):
    """Record a new version of the desk's procedure or agreements, with its file as evidence.

    Raises PermissionDenied for someone who does not work for the desk, ValidationError (with a
    Dutch message) for bad input or a refused file; in both cases nothing is stored.
    """
    check_own_desk(user, desk, "obligations.add_deskdocument")
    if not user.has_perm("obligations.add_evidence"):
        raise PermissionDenied(_("You may not upload evidence."))
    if kind not in DocumentKind.values:
        raise ValidationError(_("Choose the kind of document."), code="invalid_kind")
    if adopted_on is None:
        raise ValidationError(_("Give the date the document was adopted."), code="required")
    if uploaded_file is None:
        raise ValidationError(_("Add the document itself."), code="required")
    check_not_in_future(adopted_on, _("The adoption date"))
    check_not_in_future(lok_advice_on, _("The date of the LOK advice"))
    check_not_in_future(communicated_on, _("The date it was sent"))
    recipient_ids = {location.pk for location in recipients}
    provider_ids = {organisation.pk for organisation in providers_consulted}
    _check_communication(desk, adopted_on, communicated_on, recipient_ids)
    _check_providers(desk, adopted_on, provider_ids)

    with transaction.atomic():
        # One writer per desk at a time: version numbers follow each other without gaps.
        Desk.objects.select_for_update().get(pk=desk.pk)
        latest = DeskDocument.objects.filter(desk=desk, kind=kind).aggregate(Max("version"))
        version = (latest["version__max"] or 0) + 1
        evidence = _store_file(user, desk, kind, version, adopted_on, uploaded_file, description)
        document = DeskDocument(
            desk=desk,
            kind=kind,
            version=version,
            adopted_on=adopted_on,
            lok_advice_on=lok_advice_on,
            communicated_on=communicated_on,
            evidence=evidence,
            recorded_by=user,
        )
        document._history_user = user
        document._change_reason = f"Versie {version} geregistreerd door het loket"
        document.save()
        document.providers_consulted.set(provider_ids)
        document.recipients.set(recipient_ids)
        # A standing duty: the new version counts from its year up to this one.
        for year in range(adopted_on.year, timezone.localdate().year + 1):
            recompute_desk_after_commit(desk.pk, year)
    return document


def _check_communication(desk, adopted_on, communicated_on, recipient_ids):
    if communicated_on is None and recipient_ids:
        raise ValidationError(
            _("Give the date it was sent to the selected locations."), code="communication_date"
        )
    if communicated_on is not None and not recipient_ids:
        raise ValidationError(
            _("Select the locations it was sent to, or leave the date empty."),
            code="communication_recipients",
        )
    if communicated_on is None:
        return
    if communicated_on < adopted_on:
        raise ValidationError(
            _("It cannot have been sent before it was adopted."), code="sent_before_adopted"
        )
    allowed = set()
    for day in {communicated_on, timezone.localdate()}:
        allowed |= set(locations_in_area(desk, day).values_list("pk", flat=True))
    if recipient_ids - allowed:
        raise ValidationError(
            _("Only locations in the desk's service area can be recipients."),
            code="recipient_outside_area",
        )


def _check_providers(desk, adopted_on, provider_ids):
    if not provider_ids:
        return
    allowed = set()
    for day in {adopted_on, timezone.localdate()}:
        allowed |= set(providers_in_area(desk, day).values_list("pk", flat=True))
    if provider_ids - allowed:
        raise ValidationError(
            _("Only providers in the desk's service area can be recorded as consulted."),
            code="provider_outside_area",
        )


def _store_file(user, desk, kind, version, adopted_on, uploaded_file, description):
    from .evidence import upload_evidence

    default = f"{NAME_OF[kind]} versie {version}, vastgelegd op {adopted_on:%d/%m/%Y}"
    return upload_evidence(
        user=user,
        uploaded_file=uploaded_file,
        description=(description or "").strip() or default,
        desk=desk,
        obligation=obligation_on(OBLIGATION_OF[kind], adopted_on),
        year=adopted_on.year,
    )
