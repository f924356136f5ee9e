"""What the apps' django-fsm workflows share: guards that carry the message explaining their
refusal, the refusal of a transition now, a transition's label, and saving a transition with who
and why in the history."""

from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition

NOT_POSSIBLE = _("Not possible while it is “%(state)s”.")


def guard(message):
    """A transition condition with the message that explains its refusal."""

    def decorate(func):
        func.message = message
        return func

    return decorate


def refusal(obj, name, not_possible=NOT_POSSIBLE):
    """Why transition ``name`` cannot run on ``obj`` now: ``not_possible`` (with the current
    state's display as ``%(state)s``) when the state has no such transition, else the first
    failing guard's message; None if it can run. Permissions are the services' business."""
    meta = getattr(type(obj), name)._django_fsm
    field_name = meta.field.name
    found = meta.get_transition(getattr(obj, field_name))
    if found is None:
        return not_possible % {"state": getattr(obj, f"get_{field_name}_display")()}
    for condition in found.conditions:
        if not condition(obj):
            return condition.message
    return None


def label(model, name):
    """The label of transition ``name`` on ``model`` (its ``custom={"label": ...}``)."""
    meta = getattr(model, name)._django_fsm
    return next(iter(meta.transitions.values())).custom.get("label", name)


def permission(model, name, default):
    """The permission transition ``name`` on ``model`` declares (``permission=...``), or
    ``default`` when it declares none."""
    meta = getattr(model, name)._django_fsm
    declared = next(iter(meta.transitions.values())).permission
    return declared if isinstance(declared, str) else default


def save_with_history(obj, actor, reason, *, conflict):
    """Save ``obj`` with who and why in its history row; a concurrent change (django-fsm's
    ``ConcurrentTransition``) raises ``conflict()`` instead."""
    obj._change_reason = str(reason).strip()
    obj._history_user = actor
    try:
        obj.save()
    except ConcurrentTransition:
        raise conflict() from None
    return obj
