"""Signals: recording them (desk staff for their own desks, local governments within their
municipalities, client managers from any source), making a case of one, joining one to a case."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Desk, Municipality, ServiceArea
from supervision.access import sees_everything

from ..models import Case, Signal, Source
from ..workflow import CaseState
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


def _signal_scope(actor, *, source, reporting_desk, about_desk, locations):
    """Desk staff report for their own desks, local governments within their municipalities;
    those who see everything record signals from any source."""
    if sees_everything(actor):
        if source == Source.DESK and reporting_desk is None:
            raise ValidationError(_("Choose the desk that reported the signal."))
        return source, reporting_desk
    own_desks = Desk.objects.filter(staff=actor)
    if own_desks.exists():
        if reporting_desk is None and own_desks.count() == 1:
            reporting_desk = own_desks.get()
        if reporting_desk is None or not own_desks.filter(pk=reporting_desk.pk).exists():
            raise PermissionDenied(_("You can report only on behalf of your own desk."))
        return Source.DESK, reporting_desk
    municipalities = Municipality.objects.filter(officials=actor)
    if municipalities.exists():
        serves = ServiceArea.objects.valid_on(timezone.localdate()).filter(
            desk=about_desk, municipality__in=municipalities
        )
        if about_desk is not None and not serves.exists():
            raise PermissionDenied(_("You can report only within your municipalities."))
        if any(location.municipality not in municipalities for location in locations):
            raise PermissionDenied(_("You can report only within your municipalities."))
        if about_desk is None and not locations:
            raise ValidationError(_("Choose the locations in your municipality."))
        return Source.LOCAL_GOVERNMENT, None
    raise PermissionDenied(_("You may not report a signal."))


def record_signal(
    *,
    actor,
    source,
    channel,
    description,
    about_desk=None,
    about_organisation=None,
    locations=(),
    obligations=(),
    reporting_desk=None,
    received_on=None,
):
    """Record a signal about a desk, or about a provider and optionally its locations."""
    require(actor, "cases.add_signal", _("You may not report a signal."))
    locations, obligations = list(locations), list(obligations)
    if (about_desk is None) == (about_organisation is None):
        raise ValidationError(_("Choose the desk or the provider the signal is about."))
    if about_desk is not None and locations:
        raise ValidationError(_("Locations belong to a signal about a provider."))
    if any(
        location.organisation_id != getattr(about_organisation, "pk", None)
        for location in locations
    ):
        raise ValidationError(_("Choose locations of the provider the signal is about."))
    if not (description or "").strip():
        raise ValidationError(_("Describe the signal."))
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    source, reporting_desk = _signal_scope(
        actor,
        source=source,
        reporting_desk=reporting_desk,
        about_desk=about_desk,
        locations=locations,
    )
    with transaction.atomic():
        signal = Signal(
            source=source,
            channel=channel,
            received_on=received_on,
            reported_by=actor,
            reporting_desk=reporting_desk,
            about_desk=about_desk,
            about_organisation=about_organisation,
            description=description.strip(),
        )
        signal.full_clean()
        signal._change_reason = product_language(_("Signal recorded"))
        signal._history_user = actor
        signal.save()
        signal.locations.set(locations)
        signal.obligations.set(obligations)
    return signal


def create_case_from_signal(signal_id, *, actor):
    """Make a case of a signal: the next number of the year, state "received" with its
    deadline, the party and locations of the signal."""
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
        signal.case = case
        save_with_history(signal, actor, product_language(_("Case opened")))
        notify(case, "created", actor)
    return case


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
    return signal
