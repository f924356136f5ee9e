"""Signals: recording one with its attachments, adding an attachment later, making a case of one,
joining one to a case.

Who reports what (``reporting_as`` and the ``reportable_*`` functions state it once, for these
services and for the forms):

- desk staff report providers, on behalf of one of their own desks; the locations they name lie in
  that desk's current service area. The source is "desk", the channel the portal;
- local-government users report providers, naming their locations in the user's municipalities, or
  desks serving those municipalities. The source is "local government", the channel the portal;
- those who see everything (client managers) record signals from any source and channel about any
  desk or provider; a signal from a desk names the reporting desk. A signal can start from a
  negative advice the user sees: it is then about the advice's provider and its source is "local
  government" unless another one is given.

Attachments are checked with ``obligations.uploads.check_upload`` before anything is written and
stored in the transaction of their rows: a refused file stores neither a signal nor a file.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obligations import uploads
from registry.models import Desk, Location, Municipality, Organisation, ServiceArea
from supervision.access import sees_everything

from ..models import Advice, AdviceVerdict, Case, Channel, Signal, SignalAttachment, Source
from ..workflow import OPEN_STATES, CaseState
from .common import (
    HANDLE,
    check_open,
    locked,
    next_number,
    notify,
    product_language,
    require,
    save_with_history,
    state_deadline,
)

S = CaseState
ADD_SIGNAL = "cases.add_signal"
ADD_ATTACHMENT = "cases.add_signalattachment"
ANY_SOURCE = "any"
MAX_ATTACHMENTS = 5
ATTACHMENT_DESCRIPTION_MAX = SignalAttachment._meta.get_field("description").max_length


class AttachmentRefused(ValidationError):
    """A file refused by the upload checks. ``number`` is its position (from 1) among the files
    given; the message names the file."""

    def __init__(self, number, name, error):
        reason = " ".join(error.messages)
        if name and name not in reason:
            reason = _("“%(name)s”: %(reason)s") % {"name": name, "reason": reason}
        super().__init__(reason, code=getattr(error, "code", None) or "attachment")
        self.number = number


# Who reports what


def reporting_as(actor):
    """How ``actor`` reports: ``ANY_SOURCE`` (those who see everything choose the source),
    ``Source.DESK`` (desk staff), ``Source.LOCAL_GOVERNMENT`` (local-government users), or None."""
    if sees_everything(actor):
        return ANY_SOURCE
    if Desk.objects.filter(staff=actor).exists():
        return Source.DESK
    if Municipality.objects.filter(officials=actor).exists():
        return Source.LOCAL_GOVERNMENT
    return None


def reporting_desks(actor):
    """The desks a signal by ``actor`` can come from: any desk for those who see everything,
    their own desks for desk staff, none for others."""
    if sees_everything(actor):
        return Desk.objects.all()
    return Desk.objects.filter(staff=actor)


def reportable_locations(actor, reporting_desk=None):
    """The locations a signal by ``actor`` can name: any for those who see everything; for desk
    staff those in the current service area of ``reporting_desk`` (or of any of their desks); for
    local-government users those in their municipalities."""
    kind = reporting_as(actor)
    if kind == ANY_SOURCE:
        return Location.objects.all()
    if kind == Source.DESK:
        desks = reporting_desks(actor)
        if reporting_desk is not None:
            desks = desks.filter(pk=reporting_desk.pk)
        areas = ServiceArea.objects.valid_on(timezone.localdate()).filter(desk__in=desks)
        return Location.objects.filter(municipality__in=areas.values("municipality"))
    if kind == Source.LOCAL_GOVERNMENT:
        return Location.objects.filter(municipality__officials=actor)
    return Location.objects.none()


def reportable_organisations(actor):
    """The providers a signal by ``actor`` can be about: any organisation for those who see
    everything, else those with a location the user can name."""
    if sees_everything(actor):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=reportable_locations(actor).values("organisation"))


def reportable_desks(actor):
    """The desks a signal by ``actor`` can be about: any desk for those who see everything, the
    desks serving their municipalities for local-government users, none for desk staff (they
    report providers)."""
    kind = reporting_as(actor)
    if kind == ANY_SOURCE:
        return Desk.objects.all()
    if kind == Source.LOCAL_GOVERNMENT:
        areas = ServiceArea.objects.valid_on(timezone.localdate())
        return Desk.objects.filter(
            pk__in=areas.filter(municipality__officials=actor).values("desk")
        )
    return Desk.objects.none()


def may_add_attachment(actor, signal):
    """Files are added later by the one who recorded the signal, or by those who see everything."""
    return actor.has_perm(ADD_ATTACHMENT) and (
        sees_everything(actor) or signal.reported_by_id == actor.pk
    )


def _all_in(chosen, allowed):
    wanted = {item.pk for item in chosen}
    return allowed.filter(pk__in=wanted).count() == len(wanted)


def _signal_scope(actor, *, source, channel, reporting_desk, about_desk, locations):
    """The source, channel and reporting desk of a signal by ``actor``, or the refusal."""
    kind = reporting_as(actor)
    if kind == ANY_SOURCE:
        if source not in Source.values:
            raise ValidationError({"source": _("Choose the source of the signal.")})
        if source == Source.DESK and reporting_desk is None:
            raise ValidationError(
                {"reporting_desk": _("Choose the desk that reported the signal.")}
            )
        if source != Source.DESK and reporting_desk is not None:
            raise ValidationError(
                {"reporting_desk": _("Only a signal from a desk names a reporting desk.")}
            )
        return source, channel, reporting_desk
    if kind == Source.DESK:
        own_desks = reporting_desks(actor)
        if reporting_desk is None and own_desks.count() == 1:
            reporting_desk = own_desks.get()
        if reporting_desk is None or not own_desks.filter(pk=reporting_desk.pk).exists():
            raise PermissionDenied(_("You can report only on behalf of your own desk."))
        if about_desk is not None:
            raise PermissionDenied(_("Desk staff report providers and their locations."))
        if not _all_in(locations, reportable_locations(actor, reporting_desk)):
            raise PermissionDenied(_("You can report only on locations in your desk's area."))
        return Source.DESK, Channel.PORTAL, reporting_desk
    if kind == Source.LOCAL_GOVERNMENT:
        if about_desk is not None and not reportable_desks(actor).filter(pk=about_desk.pk).exists():
            raise PermissionDenied(_("You can report only within your municipalities."))
        if not _all_in(locations, reportable_locations(actor)):
            raise PermissionDenied(_("You can report only within your municipalities."))
        if about_desk is None and not locations:
            raise ValidationError({"locations": _("Choose the locations in your municipality.")})
        return Source.LOCAL_GOVERNMENT, Channel.PORTAL, None
    raise PermissionDenied(_("You may not report a signal."))


def _check_advice(actor, advice, about_organisation, source):
    """A signal starts only from a negative advice the user sees, about the advice's provider;
    its source is "local government" unless another one is given."""
    if not Advice.objects.for_user(actor).filter(pk=advice.pk).exists():
        raise PermissionDenied(_("This advice is not within your scope."))
    if advice.verdict != AdviceVerdict.NEGATIVE:
        raise ValidationError(_("Only a negative advice can start a signal."))
    if about_organisation is None or about_organisation.pk != advice.organisation_id:
        raise ValidationError(_("A signal started from an advice is about the advice's provider."))
    return source or Source.LOCAL_GOVERNMENT


# Attachments


def _check_attachments(attachments):
    """Every (file, description) checked, before anything is written: a list of
    (file, ``CheckedUpload``, description), or ``AttachmentRefused`` for the first refusal."""
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Add at most %(max)s attachments at once.") % {"max": MAX_ATTACHMENTS}
        )
    checked = []
    for number, (uploaded_file, description) in enumerate(attachments, start=1):
        name = getattr(uploaded_file, "name", "") or ""
        description = " ".join((description or "").split())
        if len(description) > ATTACHMENT_DESCRIPTION_MAX:
            error = ValidationError(
                _("The description is too long (at most %(max)s characters).")
                % {"max": ATTACHMENT_DESCRIPTION_MAX},
                code="description",
            )
            raise AttachmentRefused(number, name, error)
        try:
            checked.append((uploaded_file, uploads.check_upload(uploaded_file), description))
        except ValidationError as error:
            raise AttachmentRefused(number, name, error) from None
    return checked


def _store_attachments(signal, actor, checked, files):
    """Write the checked files and their rows; call inside ``files`` and a transaction."""
    stored = []
    for uploaded_file, upload, description in checked:
        attachment = SignalAttachment(
            signal=signal,
            description=description,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
            sha256=upload.sha256,
            uploaded_by=actor,
        )
        # The upload_to of SignalAttachment.file gives a random name: the original is only data.
        files.save(attachment.file, upload, uploaded_file)
        stored.append(save_with_history(attachment, actor, product_language(_("File added"))))
    return stored


# The services


def record_signal(
    *,
    actor,
    channel,
    description,
    source=None,
    about_desk=None,
    about_organisation=None,
    locations=(),
    obligations=(),
    reporting_desk=None,
    received_on=None,
    attachments=(),
    advice=None,
):
    """Record a signal about a desk, or about a provider and optionally its locations, with up to
    ``MAX_ATTACHMENTS`` files (``attachments``: (uploaded file, description) pairs), optionally
    started from a negative ``advice``. A refusal (``ValidationError``, ``PermissionDenied``)
    stores nothing."""
    require(actor, ADD_SIGNAL, _("You may not report a signal."))
    locations, obligations, attachments = list(locations), list(obligations), list(attachments)
    if attachments:
        require(actor, ADD_ATTACHMENT, _("You may not add files to a signal."))
    if (about_desk is None) == (about_organisation is None):
        raise ValidationError(_("Choose the desk or the provider the signal is about."))
    if about_desk is not None and locations:
        raise ValidationError({"locations": _("Locations belong to a signal about a provider.")})
    if any(
        location.organisation_id != getattr(about_organisation, "pk", None)
        for location in locations
    ):
        raise ValidationError(
            {"locations": _("Choose locations of the provider the signal is about.")}
        )
    if not (description or "").strip():
        raise ValidationError({"description": _("Describe the signal.")})
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    if advice is not None:
        source = _check_advice(actor, advice, about_organisation, source)
    source, channel, reporting_desk = _signal_scope(
        actor,
        source=source,
        channel=channel,
        reporting_desk=reporting_desk,
        about_desk=about_desk,
        locations=locations,
    )
    signal = Signal(
        source=source,
        channel=channel,
        received_on=received_on,
        reported_by=actor,
        reporting_desk=reporting_desk,
        about_desk=about_desk,
        about_organisation=about_organisation,
        description=description.strip(),
        advice=advice,
    )
    signal.full_clean()
    checked = _check_attachments(attachments)
    with uploads.FileWrites() as files, transaction.atomic():
        save_with_history(signal, actor, product_language(_("Signal recorded")))
        signal.locations.set(locations)
        signal.obligations.set(obligations)
        _store_attachments(signal, actor, checked, files)
    return signal


def add_attachment(signal_id, *, actor, uploaded_file, description=""):
    """Add a file to a signal the user sees: the one who recorded it, or those who see
    everything. A refused file stores nothing."""
    require(actor, ADD_ATTACHMENT, _("You may not add files to a signal."))
    signal = Signal.objects.for_user(actor).filter(pk=signal_id).first()
    if signal is None:
        raise PermissionDenied(_("This signal is not within your scope."))
    if not may_add_attachment(actor, signal):
        raise PermissionDenied(_("Only the one who recorded the signal can add files to it."))
    checked = _check_attachments([(uploaded_file, description)])
    with uploads.FileWrites() as files, transaction.atomic():
        (attachment,) = _store_attachments(signal, actor, checked, files)
    return attachment


def create_case_from_signal(signal_id, *, actor):
    """Make a case of a signal: the next number of the year, state "received" with its
    deadline, the party and locations of the signal (and its advice, if it started from one)."""
    require(actor, "cases.add_case", _("You may not open a case."))
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
        save_with_history(case, actor, product_language(_("Case opened")))
        case.locations.set(signal.locations.all())
        if signal.advice_id is not None:
            case.advice.add(signal.advice_id)
        signal.case = case
        save_with_history(signal, actor, product_language(_("Case opened")))
        notify(case, "created", actor)
    return case


def open_cases_for(signal, user):
    """The open cases about the signal's party that ``user`` sees: those it can join."""
    return Case.objects.for_user(user).filter(
        state__in=OPEN_STATES,
        about_desk=signal.about_desk_id,
        about_organisation=signal.about_organisation_id,
    )


def add_signal_to_case(signal_id, case_id, *, actor):
    """Join another signal about the same party to an open case."""
    require(actor, HANDLE, _("You may not handle cases."))
    with transaction.atomic():
        case = locked(case_id)
        check_open(case)
        signal = Signal.objects.select_for_update().get(pk=signal_id)
        if signal.case_id is not None:
            raise ValidationError(_("This signal already belongs to a case."))
        if (signal.about_desk_id, signal.about_organisation_id) != (
            case.about_desk_id,
            case.about_organisation_id,
        ):
            raise ValidationError(_("The signal is about another party than the case."))
        signal.case = case
        save_with_history(
            signal,
            actor,
            product_language(_("Added to case %(number)s")) % {"number": case.number},
        )
        case.locations.add(*signal.locations.all())
        if signal.advice_id is not None:
            case.advice.add(signal.advice_id)
    return signal
