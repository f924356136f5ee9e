"""Local-government advice pages: the list, recording one (two steps without JavaScript) and its
page, from which those who see everything start a signal on a negative advice."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from supervision.access import sees_everything
from supervision.details import ScopedDetailView
from supervision.forms import add_service_errors
from supervision.lists import ScopedListView

from ..filters import AdviceFilter
from ..forms.advice import AdviceForm, AdviceStartForm
from ..models import Advice, AdviceVerdict, Case, Signal
from ..services.advice import own_municipalities, record_advice

PARTY_ADVICE_SHOWN = 10


def party_advice(user, *, organisation=None, location=None):
    """For a provider's or a location's page: the newest advice on it the user sees (at most
    ``PARTY_ADVICE_SHOWN``, in one query), whether there is more, and the queries of the links to
    the whole list and to recording advice; nothing for a user who may not see advice."""
    if not user.has_perm("cases.view_advice"):
        return {}
    if location is not None:
        about = {"location": location.pk}
        create = {
            "municipality": location.municipality_id,
            "organisation": location.organisation_id,
            "location": location.pk,
        }
    else:
        about = create = {"organisation": organisation.pk}
    rows = list(
        Advice.objects.for_user(user)
        .filter(**about)
        .select_related("municipality", "location")[: PARTY_ADVICE_SHOWN + 1]
    )
    return {
        "show_party_advice": True,
        "party_advice": rows[:PARTY_ADVICE_SHOWN],
        "more_party_advice": len(rows) > PARTY_ADVICE_SHOWN,
        "party_query": urlencode(about),
        "advice_create_query": urlencode(create),
    }


class AdviceListView(ScopedListView):
    model = Advice
    permission_required = "cases.view_advice"
    filterset_class = AdviceFilter
    template_name = "cases/advice_list.html"
    select_related = ("municipality", "organisation", "location")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_record"] = (
            user.has_perm("cases.add_advice") and own_municipalities(user).exists()
        )
        return context


def _render_form(request, form, *, step, start=None):
    context = {"form": form, "step": step, "start": start}
    if start is not None:
        context.update(start.cleaned_data)
    return render(request, "cases/advice_form.html", context)


@permission_required("cases.add_advice", raise_exception=True)
def advice_create(request):
    """Step 1 (GET): municipality and provider. Step 2: the advice on that provider, posted with
    step 1's choices as hidden fields; a changed choice brings the user back to step 1."""
    municipalities = own_municipalities(request.user)
    if not municipalities.exists():
        raise PermissionDenied(_("You can give advice only for your own municipalities."))
    if request.method == "POST":
        data = request.POST
    else:
        data = request.GET if "organisation" in request.GET else None
    start = AdviceStartForm(data, municipalities=municipalities)
    if not start.is_valid():
        return _render_form(request, start, step=1)
    municipality = start.cleaned_data["municipality"]
    organisation = start.cleaned_data["organisation"]
    scope = {"user": request.user, "municipality": municipality, "organisation": organisation}
    if request.method != "POST":  # a location's page links here with ?location=
        location = request.GET.get("location", "")
        initial = {"location": location} if location.isdigit() else {}
        return _render_form(request, AdviceForm(initial=initial, **scope), step=2, start=start)
    form = AdviceForm(request.POST, **scope)
    if form.is_valid():
        try:
            advice = record_advice(
                actor=request.user,
                municipality=municipality,
                organisation=organisation,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The advice was recorded."))
            return redirect("cases:advice-detail", advice.pk)
    return _render_form(request, form, step=2, start=start)


class AdviceDetailView(ScopedDetailView):
    model = Advice
    permission_required = "cases.view_advice"
    select_related = ("municipality", "organisation", "location", "recorded_by")
    template_name = "cases/advice_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        advice, user = self.object, self.request.user
        context["linked_cases"] = list(
            Case.objects.for_user(user).filter(advice=advice).order_by("number")
        )
        context["signals"] = list(
            Signal.objects.for_user(user).filter(advice=advice).select_related("case")
        )
        context["can_start_signal"] = (
            advice.verdict == AdviceVerdict.NEGATIVE
            and sees_everything(user)
            and user.has_perm("cases.add_signal")
        )
        return context


urls = [
    path("adviezen/", AdviceListView.as_view(), name="advice-list"),
    path("adviezen/nieuw/", advice_create, name="advice-create"),
    path("adviezen/<int:pk>/", AdviceDetailView.as_view(), name="advice-detail"),
]
