"""The two status lifecycles of the registry, as django-fsm state machines.

Desk (LLKO) status: not notified -> notified -> subsidised -> subsidy suspended / withdrawn -> stopped.
Location licence status: active -> suspended / revoked / stopped, a suspension can be lifted.
An upheld objection against a sanction restores a withdrawn subsidy or a revoked licence
(``restore_subsidy``, ``restore_licence``): only ``sanctions`` runs those, no page offers them.

The state fields are protected: only the transitions below change them, and only
``registry.services`` calls the transitions (with the actor and the reason for the history row).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class DeskStatus(models.TextChoices):
    NOT_NOTIFIED = "not_notified", _("not notified")
    NOTIFIED = "notified", _("notified")
    SUBSIDISED = "subsidised", _("subsidised")
    SUBSIDY_SUSPENDED = "subsidy_suspended", _("subsidy suspended")
    SUBSIDY_WITHDRAWN = "subsidy_withdrawn", _("subsidy withdrawn")
    STOPPED = "stopped", _("stopped")


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")
    STOPPED = "stopped", _("stopped")


S = DeskStatus
L = LicenceStatus


class DeskStatusWorkflow(models.Model):
    status = FSMField(
        _("status"), default=S.NOT_NOTIFIED, choices=S.choices, protected=True, db_index=True
    )

    class Meta:
        abstract = True

    @transition(
        field=status,
        source=S.NOT_NOTIFIED,
        target=S.NOTIFIED,
        custom={"label": _("Register notification")},
    )
    def notify(self):
        pass

    @transition(
        field=status, source=S.NOTIFIED, target=S.SUBSIDISED, custom={"label": _("Grant subsidy")}
    )
    def subsidise(self):
        pass

    @transition(
        field=status,
        source=S.SUBSIDISED,
        target=S.SUBSIDY_SUSPENDED,
        custom={"label": _("Suspend subsidy")},
    )
    def suspend_subsidy(self):
        pass

    @transition(
        field=status,
        source=S.SUBSIDY_SUSPENDED,
        target=S.SUBSIDISED,
        custom={"label": _("Reinstate subsidy")},
    )
    def reinstate_subsidy(self):
        pass

    @transition(
        field=status,
        source=[S.SUBSIDISED, S.SUBSIDY_SUSPENDED],
        target=S.SUBSIDY_WITHDRAWN,
        custom={"label": _("Withdraw subsidy")},
    )
    def withdraw_subsidy(self):
        pass

    @transition(
        field=status,
        source=S.SUBSIDY_WITHDRAWN,
        target=S.SUBSIDISED,
        custom={"label": _("Restore subsidy after objection")},
    )
    def restore_subsidy(self):
        pass

    @transition(
        field=status,
        source=[S.NOT_NOTIFIED, S.NOTIFIED, S.SUBSIDISED, S.SUBSIDY_SUSPENDED, S.SUBSIDY_WITHDRAWN],
        target=S.STOPPED,
        custom={"label": _("Stop the desk")},
    )
    def stop(self):
        pass


class LicenceStatusWorkflow(models.Model):
    licence_status = FSMField(
        _("licence status"), default=L.ACTIVE, choices=L.choices, protected=True, db_index=True
    )

    class Meta:
        abstract = True

    @transition(
        field=licence_status,
        source=L.ACTIVE,
        target=L.SUSPENDED,
        custom={"label": _("Suspend licence")},
    )
    def suspend_licence(self):
        pass

    @transition(
        field=licence_status,
        source=L.SUSPENDED,
        target=L.ACTIVE,
        custom={"label": _("Lift suspension")},
    )
    def lift_suspension(self):
        pass

    @transition(
        field=licence_status,
        source=[L.ACTIVE, L.SUSPENDED],
        target=L.REVOKED,
        custom={"label": _("Revoke licence")},
    )
    def revoke_licence(self):
        pass

    @transition(
        field=licence_status,
        source=L.REVOKED,
        target=L.ACTIVE,
        custom={"label": _("Restore licence after objection")},
    )
    def restore_licence(self):
        pass

    @transition(
        field=licence_status,
        source=[L.ACTIVE, L.SUSPENDED],
        target=L.STOPPED,
        custom={"label": _("Register stop")},
    )
    def stop_location(self):
        pass


# The transitions by name, per state field: the services and the status form take names from here.
DESK_TRANSITIONS = (
    "notify",
    "subsidise",
    "suspend_subsidy",
    "reinstate_subsidy",
    "withdraw_subsidy",
    "stop",
)
LICENCE_TRANSITIONS = ("suspend_licence", "lift_suspension", "revoke_licence", "stop_location")
# Undoing a sanction after an upheld objection (``sanctions.effects``): accepted by the services,
# never offered on the desk and location pages.
DESK_RESTORE_TRANSITIONS = ("restore_subsidy",)
LICENCE_RESTORE_TRANSITIONS = ("restore_licence",)
