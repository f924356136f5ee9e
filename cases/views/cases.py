"""The case list (scoped, filtered, sorted, paginated, exported) and a case's page with its
records and one timeline. The actions on a case come from ``cases.views.actions``."""

from django.urls import path

from supervision import access
from supervision.details import ScopedDetailView
from supervision.lists import ScopedListView

from .. import queries
from ..filters import CaseFilter
from ..models import Case
from ..resources import CaseResource
from ..timeline import case_timeline
from .actions import action_context


class CaseListView(ScopedListView):
    model = Case
    permission_required = "cases.view_case"
    filterset_class = CaseFilter
    template_name = "cases/case_list.html"
    export_name = "dossiers"
    resource_class = CaseResource

    def get_queryset(self):
        return queries.case_list(self.get_base_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for case in context["object_list"]:
            case.provinces = queries.provinces_of(case)
            case.obligations = queries.obligations_of(case)
        return context


class CaseDetailView(ScopedDetailView):
    model = Case
    permission_required = "cases.view_case"
    template_name = "cases/case_detail.html"
    slug_field = "number"
    slug_url_kwarg = "number"
    history_exclude = None  # case_timeline: the case and its records in one timeline

    def get_queryset(self):
        return queries.case_detail(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        records = queries.case_records(case, user)
        context["records"] = records
        context["sees_everything"] = access.sees_everything(user)
        party = case.about
        context["party_visible"] = type(party).objects.for_user(user).filter(pk=party.pk).exists()
        context["timeline"] = case_timeline(case, user, records=records)
        context.update(action_context(self.request, case))
        return context


urls = [
    path("", CaseListView.as_view(), name="case-list"),
    path("<str:number>/", CaseDetailView.as_view(), name="case-detail"),
]
