"""Registry pages: lists and details of desks, locations, organisations and municipalities."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition

from cases.views.advice import party_advice
from sanctions.views.party import party_decisions
from supervision.details import ScopedDetailView
from supervision.forms import form_errors_as_messages
from supervision.lists import ScopedListView

from . import queries, resources, services
from .filters import DeskFilter, LocationFilter, MunicipalityFilter, OrganisationFilter
from .forms import StatusChangeForm
from .models import Desk, Location, Municipality, Organisation, ServiceArea


class DeskListView(ScopedListView):
    model = Desk
    permission_required = "registry.view_desk"
    filterset_class = DeskFilter
    template_name = "registry/desk_list.html"
    export_name = "loketten"
    resource_class = resources.DeskResource

    def get_queryset(self):
        return queries.desks_with_current_area(self.get_base_queryset())


class LocationListView(ScopedListView):
    model = Location
    permission_required = "registry.view_location"
    filterset_class = LocationFilter
    template_name = "registry/location_list.html"
    select_related = ("organisation", "municipality__province")
    export_name = "opvanglocaties"
    resource_class = resources.LocationResource


class OrganisationListView(ScopedListView):
    model = Organisation
    permission_required = "registry.view_organisation"
    filterset_class = OrganisationFilter
    template_name = "registry/organisation_list.html"
    export_name = "organisaties"
    resource_class = resources.OrganisationResource


class MunicipalityListView(ScopedListView):
    """Reference data: every municipality with its period and the desks serving it today."""

    model = Municipality
    permission_required = ("registry.view_municipality", "supervision.view_all_parties")
    filterset_class = MunicipalityFilter
    template_name = "registry/municipality_list.html"

    def get_base_queryset(self):
        return Municipality.objects.all()

    def get_queryset(self):
        current = ServiceArea.objects.valid_on(timezone.localdate()).select_related("desk")
        return (
            Municipality.objects.select_related("province")
            .prefetch_related(Prefetch("service_areas", queryset=current, to_attr="current_areas"))
            .order_by("name", "-valid_from")
        )


class DeskDetailView(ScopedDetailView):
    model = Desk
    permission_required = "registry.view_desk"
    select_related = ("operator",)
    template_name = "registry/desk_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        desk = self.object
        today = timezone.localdate()
        areas = list(
            desk.service_areas.select_related("municipality__province").order_by(
                "-valid_from", "municipality__name"
            )
        )
        context["current_areas"] = [
            a
            for a in areas
            if a.valid_from <= today and (a.valid_to is None or a.valid_to >= today)
        ]
        context["other_areas"] = [a for a in areas if a not in context["current_areas"]]
        context["location_count"] = queries.location_count_in_area(desk)
        context["operator_runs_locations"] = desk.operator.locations.exists()
        transitions = services.available_transitions(desk, self.request.user)
        context["status_form"] = StatusChangeForm(transitions=transitions) if transitions else None
        context["status_action"] = "registry:desk-status"
        context.update(party_decisions(self.request.user, desk=desk))
        return context


class LocationDetailView(ScopedDetailView):
    model = Location
    permission_required = "registry.view_location"
    select_related = ("organisation", "municipality__province")
    template_name = "registry/location_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        location = self.object
        context["desks"] = queries.desks_serving(location.municipality, self.request.user)
        transitions = services.available_transitions(location, self.request.user)
        context["status_form"] = StatusChangeForm(transitions=transitions) if transitions else None
        context["status_action"] = "registry:location-status"
        context.update(party_advice(self.request.user, location=location))
        context.update(party_decisions(self.request.user, location=location))
        return context


class OrganisationDetailView(ScopedDetailView):
    model = Organisation
    permission_required = "registry.view_organisation"
    template_name = "registry/organisation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        organisation = self.object
        context["desks"] = Desk.objects.for_user(user).filter(operator=organisation)
        locations = Location.objects.for_user(user).filter(organisation=organisation)
        context["location_count"] = locations.count()
        context["locations"] = locations.select_related("municipality")[:25]
        context.update(party_advice(user, organisation=organisation))
        return context


def _change_status(request, model, pk, service):
    obj = get_object_or_404(model.objects.for_user(request.user), pk=pk)
    form = StatusChangeForm(
        request.POST, transitions=services.available_transitions(obj, request.user)
    )
    if form.is_valid():
        try:
            service(
                obj.pk,
                form.cleaned_data["transition"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except ConcurrentTransition:
            messages.error(
                request,
                _(
                    "Someone else changed this status just now. The page shows the current status; try again if still needed."
                ),
            )
        else:
            messages.success(request, _("The status was changed."))
    else:
        form_errors_as_messages(request, form)
    return redirect(obj)


@require_POST
@permission_required("registry.change_desk_status", raise_exception=True)
def desk_status_change(request, pk):
    return _change_status(request, Desk, pk, services.change_desk_status)


@require_POST
@permission_required("registry.change_licence_status", raise_exception=True)
def licence_status_change(request, pk):
    return _change_status(request, Location, pk, services.change_licence_status)
