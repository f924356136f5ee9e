"""Every write to a registry status goes through here: lock the row, run the transition (guards
and permission), save with the reason in the history row."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from .models import Desk, Location
from .workflow import (
    DESK_RESTORE_TRANSITIONS,
    DESK_TRANSITIONS,
    LICENCE_RESTORE_TRANSITIONS,
    LICENCE_TRANSITIONS,
)


def _apply(model, pk, transition_name, allowed, *, actor, reason):
    if transition_name not in allowed:
        raise ValidationError(_("Unknown status change: %(name)s.") % {"name": transition_name})
    if not (reason or "").strip():
        raise ValidationError(_("A reason is required for a status change."))
    with transaction.atomic():
        obj = model.objects.select_for_update().get(pk=pk)
        method = getattr(obj, transition_name)
        if not can_proceed(method):
            raise ValidationError(
                _("This status change is not possible from the status “%(status)s”.")
                % {
                    "status": obj.get_status_display()
                    if model is Desk
                    else obj.get_licence_status_display()
                }
            )
        if actor is not None and not has_transition_perm(method, actor):
            raise PermissionDenied(_("You may not change this status."))
        method()
        obj._change_reason = reason.strip()
        obj._history_user = actor
        obj.save()
    return obj


def change_desk_status(desk_id, transition_name, *, actor, reason):
    """Move a desk through its status lifecycle (e.g. ``subsidise``), with a reason."""
    if actor is not None and not actor.has_perm("registry.change_desk_status"):
        raise PermissionDenied(_("You may not change the status of a desk."))
    allowed = (*DESK_TRANSITIONS, *DESK_RESTORE_TRANSITIONS)
    return _apply(Desk, desk_id, transition_name, allowed, actor=actor, reason=reason)


def change_licence_status(location_id, transition_name, *, actor, reason):
    """Move a location's licence through its lifecycle (e.g. ``suspend_licence``), with a reason."""
    if actor is not None and not actor.has_perm("registry.change_licence_status"):
        raise PermissionDenied(_("You may not change the licence status of a location."))
    allowed = (*LICENCE_TRANSITIONS, *LICENCE_RESTORE_TRANSITIONS)
    return _apply(Location, location_id, transition_name, allowed, actor=actor, reason=reason)


def available_transitions(obj, user):
    """The status changes ``user`` may make on ``obj`` now: (name, label) pairs for the form."""
    if isinstance(obj, Desk):
        if not user.has_perm("registry.change_desk_status"):
            return []
        transitions, order = obj.get_available_status_transitions(), DESK_TRANSITIONS
    else:
        if not user.has_perm("registry.change_licence_status"):
            return []
        transitions = obj.get_available_licence_status_transitions()
        order = LICENCE_TRANSITIONS
    found = {t.name: t.custom.get("label", t.name) for t in transitions}
    return [(name, found[name]) for name in order if name in found]
