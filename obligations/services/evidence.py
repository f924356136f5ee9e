"""Evidence: checked uploads stored under a random name in private storage, append-only.

- ``upload_evidence`` checks the user, the links and the file (``obligations.uploads``), and only
  then, inside one transaction, writes the file and the row. A refusal stores nothing; a failure
  after the file was written deletes it again.
- A correction is a new version (``replaces``): only the current version can be replaced.
- ``withdraw_evidence`` marks an item withdrawn with a reason; the file and its history stay.
- Nothing deletes evidence.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Desk, Location
from supervision import access

from .. import uploads
from ..models import Consultation, Evidence, Obligation
from .records import recompute_desk_after_commit

FIRST_YEAR = 2000
DESCRIPTION_MAX_LENGTH = Evidence._meta.get_field("description").max_length


def desks_for_upload(user):
    """The desks ``user`` may upload evidence for: every desk for those who see everything, the
    desks they work for otherwise (a local government's desks are seen, not theirs to fill)."""
    if not user.has_perm("obligations.add_evidence"):
        return Desk.objects.none()
    desks = Desk.objects.for_user(user)
    if not access.sees_everything(user):
        desks = desks.filter(staff=user)
    return desks


def obligations_valid_in(year):
    """The obligations of the catalogue that apply at some time in ``year``."""
    return Obligation.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)),
        valid_from__lte=datetime.date(year, 12, 31),
    )


def latest_year():
    return timezone.localdate().year + 1


def is_current(evidence):
    """Not withdrawn and not replaced by a newer version."""
    return evidence.withdrawn_at is None and not Evidence.objects.filter(replaces=evidence).exists()


def upload_evidence(
    *,
    user,
    uploaded_file,
    description,
    desk=None,
    location=None,
    obligation=None,
    year=None,
    consultation=None,
    replaces=None,
):
    """Check and store an uploaded file as Evidence; raises ValidationError (Dutch) and stores
    nothing when the file is refused, PermissionDenied when the user may not upload for the desk.

    With ``replaces``, the new version keeps the links of the version it replaces.
    """
    if not user.has_perm("obligations.add_evidence"):
        raise PermissionDenied(_("You may not upload evidence."))
    description = " ".join((description or "").split())
    if not description:
        raise ValidationError(_("Describe what the file shows."), code="description")
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            _("The description is too long (at most %(max)s characters).")
            % {"max": DESCRIPTION_MAX_LENGTH},
            code="description",
        )
    if replaces is not None:
        links = _links_of_version(user, replaces, desk, location, obligation, year, consultation)
    else:
        links = _check_links(user, desk, location, obligation, year, consultation)
    checked = uploads.check_upload(uploaded_file)
    return _store(user, uploaded_file, checked, description, links, replaces)


def _check_links(user, desk, location, obligation, year, consultation):
    if consultation is not None:
        if not Consultation.objects.for_user(user).filter(pk=consultation.pk).exists():
            raise PermissionDenied(_("This consultation is not within your scope."))
        if desk is not None and desk.pk != consultation.desk_id:
            raise ValidationError(
                _("The consultation belongs to another desk."), code="consultation"
            )
        desk = desk or consultation.desk
    if desk is not None:
        if not desks_for_upload(user).filter(pk=desk.pk).exists():
            raise PermissionDenied(_("You may not upload evidence for this desk."))
    elif not access.sees_everything(user):
        raise ValidationError(_("Choose the desk the evidence belongs to."), code="desk")
    if location is not None and not Location.objects.for_user(user).filter(pk=location.pk).exists():
        raise PermissionDenied(_("This location is not within your scope."))
    if desk is None and location is None:
        raise ValidationError(
            _("Choose the desk or the location the evidence belongs to."), code="party"
        )
    if obligation is None and consultation is None:
        raise ValidationError(_("Choose the obligation the evidence is for."), code="obligation")
    if year is not None and not FIRST_YEAR <= int(year) <= latest_year():
        raise ValidationError(
            _("The year must lie between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": latest_year()},
            code="year",
        )
    if obligation is not None:
        if year is None:
            raise ValidationError(_("Give the year the evidence is for."), code="year")
        if not obligations_valid_in(int(year)).filter(pk=obligation.pk).exists():
            raise ValidationError(
                _("Obligation %(code)s does not apply in %(year)s.")
                % {"code": obligation.code, "year": year},
                code="obligation",
            )
    return {
        "desk": desk,
        "location": location,
        "obligation": obligation,
        "year": int(year) if year is not None else None,
        "consultation": consultation,
    }


def _links_of_version(user, replaces, desk, location, obligation, year, consultation):
    """A new version belongs where the old one did."""
    if not Evidence.objects.for_user(user).filter(pk=replaces.pk).exists():
        raise PermissionDenied(_("This evidence is not within your scope."))
    if replaces.desk_id is not None and not (
        desks_for_upload(user).filter(pk=replaces.desk_id).exists()
    ):
        raise PermissionDenied(_("You may not upload evidence for this desk."))
    given = {
        "desk": desk,
        "location": location,
        "obligation": obligation,
        "year": year,
        "consultation": consultation,
    }
    links = {name: getattr(replaces, name) for name in given}
    for name, value in given.items():
        if value is not None and value != links[name]:
            raise ValidationError(
                _("A new version belongs to the same desk, obligation and year as the old one."),
                code="version_links",
            )
    _check_replaceable(replaces)
    return links


def _check_replaceable(evidence):
    if evidence.withdrawn_at is not None:
        raise ValidationError(
            _("This evidence was withdrawn; a withdrawn item cannot get a new version."),
            code="withdrawn",
        )
    if Evidence.objects.filter(replaces=evidence).exists():
        raise ValidationError(
            _("This is not the current version: only the current version can be replaced."),
            code="not_current",
        )


def _store(user, uploaded_file, checked, description, links, replaces):
    try:
        with uploads.FileWrites() as files, transaction.atomic():
            if replaces is not None:
                # Lock the old version: two corrections at once make one new version, not two.
                replaces = Evidence.objects.select_for_update().get(pk=replaces.pk)
                _check_replaceable(replaces)
            evidence = Evidence(
                **links,
                description=description,
                original_name=checked.name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                replaces=replaces,
                uploaded_by=user,
            )
            # The upload_to of Evidence.file gives a random name: the original is only data.
            files.save(evidence.file, checked, uploaded_file)
            evidence._history_user = user
            if replaces is not None:
                evidence._change_reason = _("New version of “%(name)s” (%(date)s)") % {
                    "name": replaces.original_name,
                    "date": timezone.localtime(replaces.uploaded_at).strftime("%d/%m/%Y %H:%M"),
                }
            evidence.save()
    except IntegrityError as error:
        if replaces is not None:  # replaced concurrently despite the lock (e.g. on SQLite)
            raise ValidationError(
                _("This is not the current version: only the current version can be replaced."),
                code="not_current",
            ) from error
        raise
    return evidence


def withdraw_evidence(evidence_id, *, user, reason):
    """Withdraw a current evidence item, with a reason; the file and its history stay.

    Raises PermissionDenied without ``obligations.withdraw_evidence``, ``Evidence.DoesNotExist``
    outside the user's scope, ValidationError without a reason or when it is not current.
    """
    if not user.has_perm("obligations.withdraw_evidence"):
        raise PermissionDenied(_("You may not withdraw evidence."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for withdrawing the evidence."), code="reason")
    with transaction.atomic():
        evidence = Evidence.objects.for_user(user).select_for_update().get(pk=evidence_id)
        if evidence.withdrawn_at is not None:
            raise ValidationError(_("This evidence was already withdrawn."), code="withdrawn")
        if Evidence.objects.filter(replaces=evidence).exists():
            raise ValidationError(
                _("This is not the current version: only the current version can be withdrawn."),
                code="not_current",
            )
        evidence.withdrawn_at = timezone.now()
        evidence.withdrawn_by = user
        evidence.withdrawal_reason = reason
        evidence._change_reason = reason
        evidence._history_user = user
        evidence.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        if evidence.consultation_id is not None:
            # Withdrawn minutes may leave the consultation without any (obligation D3).
            recompute_desk_after_commit(evidence.desk_id, evidence.consultation.date.year)
    return evidence
