"""Consultation pages: the list, recording one (two steps without JavaScript), its page with the
providers in the area that were not invited (D1), and minutes added afterwards (D3)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.details import ScopedDetailView
from supervision.forms import form_errors_as_messages
from supervision.lists import ScopedListView

from ..area import providers_in_area
from ..forms.consultations import (
    ConsultationFilter,
    ConsultationForm,
    ConsultationStartForm,
    MinutesForm,
    area_key,
)
from ..models import Consultation, Evidence
from ..services import consultations as service
from ..services.records import own_desks
from .timeline import record_timeline


def _count(model, **filters):
    """A correlated count of ``model`` rows linked to the outer consultation."""
    rows = (
        model.objects.filter(consultation=OuterRef("pk"), **filters)
        .order_by()
        .values("consultation")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(queryset):
    """Consultations with the number of invitees, attendees and current minutes (no extra query
    per row)."""
    return queryset.annotate(
        invitee_count=_count(Consultation.invitees.through),
        attendee_count=_count(Consultation.attendees.through),
        minutes_count=_count(Evidence, withdrawn_at__isnull=True),
    )


class ConsultationListView(ScopedListView):
    model = Consultation
    permission_required = "obligations.view_consultation"
    filterset_class = ConsultationFilter
    template_name = "obligations/consultation_list.html"

    def get_queryset(self):
        return with_counts(self.get_base_queryset().select_related("desk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_record"] = (
            user.has_perm("obligations.add_consultation") and own_desks(user).exists()
        )
        return context


def _render_form(request, form, *, step):
    return render(request, "obligations/consultation_form.html", {"form": form, "step": step})


@permission_required("obligations.add_consultation", raise_exception=True)
def consultation_create(request):
    """Step 1 (GET): desk and date. Step 2: the whole form, the invitees computed for that date.

    When the desk or the date changes in step 2, the list is computed again and the form shown
    again before anything is stored.
    """
    desks = own_desks(request.user).order_by("name")
    if not desks.exists():
        raise PermissionDenied(_("You may only record this for a desk you work for."))
    if request.method == "POST":
        data = request.POST
    else:  # a link may name the desk (?desk=): the date is still to be chosen
        data = request.GET if "date" in request.GET else None
    initial = {"desk": request.GET["desk"]} if request.GET.get("desk", "").isdigit() else {}
    start = ConsultationStartForm(data, desks=desks, initial=initial)
    if not start.is_valid():
        return _render_form(request, start, step=1)
    desk, date = start.cleaned_data["desk"], start.cleaned_data["date"]
    providers = providers_in_area(desk, date)
    key = area_key(desk, date)

    if request.method != "POST" or request.POST.get("computed_for") != key:
        if request.method == "POST":
            messages.info(
                request,
                _(
                    "The invitee list was computed for %(date)s: check it and save again. "
                    "Choose the minutes file again if you had chosen one."
                )
                % {"date": date.strftime("%d/%m/%Y")},
            )
        keep = ("kind", "subject", "minutes_description")
        initial = {name: request.POST[name] for name in keep if name in request.POST}
        form = ConsultationForm(
            initial={
                **initial,
                "desk": desk.pk,
                "date": date,
                "computed_for": key,
                "invitees": [organisation.pk for organisation in providers],
            },
            desks=desks,
            providers=providers,
        )
        return _render_form(request, form, step=2)

    form = ConsultationForm(request.POST, request.FILES, desks=desks, providers=providers)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consultation = service.record_consultation(
                user=request.user,
                desk=desk,
                date=date,
                kind=data["kind"],
                subject=data["subject"],
                invitees=data["invitees"],
                attendees=data["attendees"],
                minutes=data["minutes"],
                minutes_description=data["minutes_description"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The consultation was recorded."))
            return redirect("obligations:consultation-detail", consultation.pk)
    return _render_form(request, form, step=2)


class ConsultationDetailView(ScopedDetailView):
    model = Consultation
    permission_required = "obligations.view_consultation"
    select_related = ("desk", "recorded_by")
    template_name = "obligations/consultation_detail.html"
    history_exclude = None  # record_timeline: the record and its files in one timeline

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation, user = self.object, self.request.user
        invitees = list(consultation.invitees.order_by("name"))
        minutes = list(
            Evidence.objects.for_user(user)
            .filter(consultation=consultation)
            .select_related("uploaded_by", "withdrawn_by")
        )
        context.update(
            invitees=invitees,
            attendees=list(consultation.attendees.order_by("name")),
            not_invited=list(
                providers_in_area(consultation.desk, consultation.date).exclude(
                    pk__in=[organisation.pk for organisation in invitees]
                )
            ),
            minutes=minutes,
            minutes_count=consultation.evidence.filter(withdrawn_at__isnull=True).count(),
            history=record_timeline(consultation, minutes),
        )
        if (
            user.has_perm("obligations.add_evidence")
            and own_desks(user).filter(pk=consultation.desk_id).exists()
        ):
            context["minutes_form"] = MinutesForm()
        return context


@require_POST
@permission_required("obligations.add_evidence", raise_exception=True)
def minutes_upload(request, pk):
    consultation = get_object_or_404(Consultation.objects.for_user(request.user), pk=pk)
    form = MinutesForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("obligations:consultation-detail", consultation.pk)
    try:
        service.add_minutes(
            consultation.pk,
            user=request.user,
            uploaded_file=form.cleaned_data["minutes"],
            description=form.cleaned_data["minutes_description"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes were added."))
    return redirect("obligations:consultation-detail", consultation.pk)


urlpatterns = [
    path("overleg/", ConsultationListView.as_view(), name="consultation-list"),
    path("overleg/nieuw/", consultation_create, name="consultation-create"),
    path("overleg/<int:pk>/", ConsultationDetailView.as_view(), name="consultation-detail"),
    path("overleg/<int:pk>/verslag/", minutes_upload, name="consultation-minutes"),
]
