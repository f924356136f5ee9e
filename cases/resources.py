"""The case list as CSV or XLSX (``?export=csv|xlsx`` on the list). Export only: cases are made
from signals and move through their workflow in ``cases.services``, never by import."""

from django.utils import timezone
from import_export import fields, resources

from registry.resources import yes_no

from . import queries
from .workflow import CaseState, Outcome


class CaseResource(resources.Resource):
    """One row per case, from ``queries.case_list`` (its annotations and prefetches)."""

    number = fields.Field(attribute="number", column_name="number")
    year = fields.Field(attribute="year", column_name="year")
    party_type = fields.Field(column_name="party_type")
    party = fields.Field(attribute="party_name", column_name="party")
    provinces = fields.Field(column_name="provinces")
    obligations = fields.Field(column_name="obligations")
    state = fields.Field(column_name="state")
    outcome = fields.Field(column_name="outcome")
    assignee = fields.Field(column_name="assignee")
    opened_on = fields.Field(column_name="opened_on")
    deadline = fields.Field(attribute="deadline", column_name="deadline")
    overdue = fields.Field(column_name="overdue")
    signals = fields.Field(attribute="signal_count", column_name="signals")

    def import_data(self, *args, **kwargs):
        raise NotImplementedError("Cases are not imported.")

    def dehydrate_party_type(self, case):
        return "desk" if case.about_desk_id else "provider"

    def dehydrate_provinces(self, case):
        return ", ".join(str(province) for province in queries.provinces_of(case))

    def dehydrate_obligations(self, case):
        return ", ".join(obligation.code for obligation in queries.obligations_of(case))

    def dehydrate_state(self, case):
        return str(CaseState(case.state).label)

    def dehydrate_outcome(self, case):
        return str(Outcome(case.outcome).label) if case.outcome else ""

    def dehydrate_assignee(self, case):
        if case.assignee is None:
            return ""
        return case.assignee.get_full_name() or case.assignee.username

    def dehydrate_opened_on(self, case):
        return timezone.localdate(case.opened_at)

    def dehydrate_overdue(self, case):
        return yes_no(case.is_overdue)
