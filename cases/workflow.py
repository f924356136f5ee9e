"""The lifecycle of a case (DOMAIN.md section 5), as a django-fsm state machine.

received -> investigation -> talk -> enforcement -> closed (with an outcome); received,
investigation and talk can also be closed directly; closed -> investigation is a reopening (its own
permission). Each guard carries the user-facing message that says why it refuses
(``supervision.fsm.guard``; ``refusal`` reads it). Only ``cases.services`` calls these transitions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from supervision import fsm
from supervision.fsm import guard


class CaseState(models.TextChoices):
    RECEIVED = "received", _("received")
    INVESTIGATION = "investigation", _("investigation")
    TALK = "talk", _("talk")
    ENFORCEMENT = "enforcement", _("enforcement")
    CLOSED = "closed", _("closed")


class Outcome(models.TextChoices):
    RESOLVED_MEDIATION = "resolved_mediation", _("resolved through mediation")
    RESOLVED_WITHOUT_TALK = "resolved_without_talk", _("resolved without a talk")
    UNFOUNDED = "unfounded", _("unfounded")
    DESK_EFFORTS_INSUFFICIENT = "desk_efforts_insufficient", _("desk efforts insufficient")
    REFERRED_LOCAL_GOVERNMENT = "referred_local_government", _("referred to the local government")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SANCTION_IMPOSED = "sanction_imposed", _("sanction imposed")
    NO_SANCTION_AFTER_ENFORCEMENT = (
        "no_sanction_after_enforcement",
        _("no sanction after enforcement"),
    )


class TalkOutcome(models.TextChoices):
    REMEDIED = "remedied", _("remedied")
    AGREEMENT_REACHED = "agreement_reached", _("agreement reached")
    SHORTFALL_PERSISTS = "shortfall_persists", _("shortfall persists")


S = CaseState
OPEN_STATES = (S.RECEIVED, S.INVESTIGATION, S.TALK, S.ENFORCEMENT)
# Outcomes that only an enforcement track can lead to.
ENFORCEMENT_OUTCOMES = (Outcome.SANCTION_IMPOSED, Outcome.NO_SANCTION_AFTER_ENFORCEMENT)


@guard(_("Assign a client manager to the case first."))
def has_assignee(case):
    return case.assignee_id is not None


@guard(
    _(
        "Check the desk's own efforts first: link its evidence or record a finding about its "
        "efforts."
    )
)
def desk_efforts_checked(case):
    return not case.desk_reported_provider or case.desk_efforts_checked_at is not None


@guard(
    _(
        "Escalation needs a talk in which the shortfall persisted, or a recorded reason for "
        "skipping the talk."
    )
)
def talk_failed_or_skipped(case):
    if case.talk_skip_reason.strip():
        return True
    return case.talks.filter(outcome=TalkOutcome.SHORTFALL_PERSISTS).exists()


@guard(_("Escalation without a talk needs a recorded reason for skipping the talk."))
def talk_skipped(case):
    return bool(case.talk_skip_reason.strip())


@guard(_("Choose the outcome of the case."))
def has_outcome(case):
    return bool(case.outcome)


@guard(_("This outcome is possible only after an enforcement track."))
def outcome_fits(case):
    return case.outcome not in ENFORCEMENT_OUTCOMES


@guard(
    _(
        "The enforcement track has not been decided yet: close every enforcement track of the "
        "case first (at least one)."
    )
)
def enforcement_decided(case):
    """A case in enforcement closes once all its enforcement tracks, at least one, are closed."""
    from sanctions.queries import enforcement_outcome

    return enforcement_outcome(case) is not None


@guard(
    _(
        "The outcome does not fit the enforcement tracks: choose “sanction imposed” if a measure "
        "was imposed and stands, or “no sanction after enforcement” if none was."
    )
)
def outcome_matches_tracks(case):
    """Closed tracks lead to one outcome (``sanctions.queries.enforcement_outcome``): the case
    closes with that one. Without an outcome chosen yet, ``has_outcome`` says so."""
    from sanctions.queries import enforcement_outcome

    return case.outcome in ("", enforcement_outcome(case))


class CaseWorkflow(models.Model):
    state = FSMField(
        _("state"), default=S.RECEIVED, choices=S.choices, protected=True, db_index=True
    )

    class Meta:
        abstract = True

    @transition(
        field=state,
        source=S.RECEIVED,
        target=S.INVESTIGATION,
        conditions=[has_assignee],
        custom={"label": _("Start the investigation")},
    )
    def start_investigation(self):
        pass

    @transition(
        field=state,
        source=S.INVESTIGATION,
        target=S.TALK,
        conditions=[desk_efforts_checked],
        custom={"label": _("Start the talk")},
    )
    def start_talk(self):
        pass

    @transition(
        field=state,
        source=S.TALK,
        target=S.ENFORCEMENT,
        conditions=[talk_failed_or_skipped],
        custom={"label": _("Escalate to enforcement")},
    )
    @transition(
        field=state,
        source=S.INVESTIGATION,
        target=S.ENFORCEMENT,
        conditions=[talk_skipped],
        custom={"label": _("Escalate to enforcement")},
    )
    def escalate(self):
        pass

    @transition(
        field=state,
        source=[S.RECEIVED, S.INVESTIGATION, S.TALK],
        target=S.CLOSED,
        conditions=[has_outcome, outcome_fits],
        custom={"label": _("Close the case")},
    )
    @transition(
        field=state,
        source=S.ENFORCEMENT,
        target=S.CLOSED,
        conditions=[enforcement_decided, has_outcome, outcome_matches_tracks],
        custom={"label": _("Close the case")},
    )
    def close(self):
        pass

    @transition(
        field=state,
        source=S.CLOSED,
        target=S.INVESTIGATION,
        permission="cases.reopen_case",
        custom={"label": _("Reopen the case")},
    )
    def reopen(self):
        pass


CASE_TRANSITIONS = ("start_investigation", "start_talk", "escalate", "close", "reopen")


def transition_from(case, name):
    """The transition ``name`` takes from the case's current state (guards aside), or None."""
    meta = getattr(type(case), name)._django_fsm
    return meta.get_transition(case.state)


def refusal(case, name):
    """Why transition ``name`` cannot run on ``case`` now (the first failing guard's message), or
    None if it can. Permissions are the service's business, not this one's."""
    return fsm.refusal(case, name, _("Not possible while the case is “%(state)s”."))


def label(name):
    return fsm.label(CaseWorkflow, name)
