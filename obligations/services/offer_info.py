"""Offer info (obligation P2): the desk records what a provider told it about a location's offer.

P2 asks at least for the opening hours, whether the income-related tariff applies, and contact
details; so a record needs the opening hours and a phone number or an email address. The date it
was confirmed is when the provider gave it (today by default, never in the future): P2 is met
while that date is less than 12 months old.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Location

from .records import check_not_in_future, recompute_location_after_commit

RECORDED = "Aanbodinformatie geregistreerd door het loket"
FIELDS = ["opening_hours", "income_related_tariff", "phone", "email", "offer_confirmed_on"]


def record_offer_info(
    location_id,
    *,
    user,
    opening_hours,
    income_related_tariff,
    phone="",
    email="",
    confirmed_on=None,
):
    """Update the location's offer info (those fields only) with who and why in its history."""
    if not user.has_perm("registry.record_offer_info"):
        raise PermissionDenied(_("You may not record offer info."))
    if not Location.objects.for_user(user).filter(pk=location_id).exists():
        raise PermissionDenied(_("This location is not in your desk's service area."))
    confirmed_on = confirmed_on or timezone.localdate()
    check_not_in_future(confirmed_on, _("The date it was confirmed"))
    opening_hours, phone, email = (
        (opening_hours or "").strip(),
        (phone or "").strip(),
        (email or "").strip(),
    )
    if not opening_hours:
        raise ValidationError(_("Give the opening hours."), code="opening_hours")
    if not (phone or email):
        raise ValidationError(_("Give a phone number or an email address."), code="contact")
    if email:
        validate_email(email)
    if len(phone) > Location._meta.get_field("phone").max_length:
        raise ValidationError(_("The phone number is too long."), code="phone")

    with transaction.atomic():
        location = Location.objects.select_for_update().get(pk=location_id)
        location.opening_hours = opening_hours
        location.income_related_tariff = bool(income_related_tariff)
        location.phone = phone
        location.email = email
        location.offer_confirmed_on = confirmed_on
        location._change_reason = RECORDED
        location._history_user = user
        location.save(update_fields=FIELDS)
        recompute_location_after_commit(location.pk, {confirmed_on.year, timezone.localdate().year})
    return location
