"""What the services that record a desk's efforts share: whose desk it is, which obligation a record
proves, dates that cannot lie in the future, and the compliance recompute after the commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Desk

from ..models import Obligation


def own_desks(user):
    """The desks ``user`` works for: only their staff record a desk's consultations and documents."""
    if not (user and user.is_authenticated and user.is_active):
        return Desk.objects.none()
    return Desk.objects.filter(staff=user)


def check_own_desk(user, desk, permission):
    if not user.has_perm(permission):
        raise PermissionDenied(_("You may not record this."))
    if not own_desks(user).filter(pk=desk.pk).exists():
        raise PermissionDenied(_("You may only record this for a desk you work for."))


def check_not_in_future(day, label):
    """A record of something that happened: its date is today at the latest."""
    if day is None:
        return
    if day > timezone.localdate():
        raise ValidationError(
            _("%(label)s cannot be in the future.") % {"label": label}, code="future_date"
        )


def obligation_on(code, day):
    """The catalogue's obligation with that code valid on ``day`` (None while none is)."""
    return Obligation.objects.valid_on(day).filter(code=code).order_by("-valid_from").first()


def recompute_desk_after_commit(desk_id, year):
    """Recompute the desk's derived compliance for ``year`` once the write is committed."""

    def recompute():
        from . import compliance

        compliance.recompute_for_desk(desk_id, year)

    transaction.on_commit(recompute, robust=True)


def recompute_location_after_commit(location_id, years):
    def recompute():
        from . import compliance

        for year in sorted(set(years)):
            compliance.recompute_for_location(location_id, year)

    transaction.on_commit(recompute, robust=True)
