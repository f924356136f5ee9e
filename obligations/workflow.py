"""The lifecycle of an annual registration report, as a django-fsm state machine.

open -> submitted -> validated or returned (to the desk, with a reason) -> shared with providers
(obligation D5) -> published. A returned report is corrected and submitted again. Only
``obligations.services`` calls these transitions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class ReportState(models.TextChoices):
    OPEN = "open", _("open")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned to the desk")
    VALIDATED = "validated", _("validated")
    SHARED = "shared", _("shared with providers")
    PUBLISHED = "published", _("published")


R = ReportState


class AnnualReportWorkflow(models.Model):
    state = FSMField(_("state"), default=R.OPEN, choices=R.choices, protected=True, db_index=True)

    class Meta:
        abstract = True

    @transition(
        field=state, source=[R.OPEN, R.RETURNED], target=R.SUBMITTED, custom={"label": _("Submit")}
    )
    def submit(self):
        pass

    @transition(
        field=state, source=R.SUBMITTED, target=R.VALIDATED, custom={"label": _("Validate")}
    )
    def validate(self):
        pass

    @transition(
        field=state,
        source=R.SUBMITTED,
        target=R.RETURNED,
        custom={"label": _("Return to the desk")},
    )
    def return_to_desk(self):
        pass

    @transition(
        field=state,
        source=R.VALIDATED,
        target=R.SHARED,
        custom={"label": _("Register sharing with providers")},
    )
    def share(self):
        pass

    @transition(
        field=state,
        source=R.SHARED,
        target=R.PUBLISHED,
        custom={"label": _("Register publication")},
    )
    def publish(self):
        pass


REPORT_TRANSITIONS = ("submit", "validate", "return_to_desk", "share", "publish")
