"""Signal pages: the list, reporting a signal (two steps, no JavaScript), a signal's page with its
attachments, making a case of it or joining it to an open case, adding a file, downloading one.

Everything is fetched through ``for_user``: a signal or attachment outside the user's scope is
404. Reporting: step 1 finds the party (a search by name, enterprise number or file number, or the
``?organisation=``, ``?location=``, ``?desk=`` and ``?advice=`` links of the party and advice
pages); step 2 is the form for that party, whose fields depend on how the user reports. The rules
themselves are ``cases.services.signals``'.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obligations.models import Obligation
from registry.models import Desk, Location, Organisation
from supervision.details import ScopedDetailView
from supervision.downloads import private_file_response
from supervision.forms import add_service_errors, form_errors_as_messages
from supervision.lists import ScopedListView

from .. import services
from ..filters import SignalFilter
from ..forms.signals import AttachmentForm, JoinCaseForm, PartySearchForm, SignalForm
from ..models import Advice, AdviceVerdict, Signal, SignalAttachment, Source
from ..services.signals import ANY_SOURCE

SEARCH_LIMIT = 25  # results per kind of party; more asks for a narrower search


class SignalListView(ScopedListView):
    model = Signal
    permission_required = "cases.view_signal"
    filterset_class = SignalFilter
    template_name = "cases/signal_list.html"
    select_related = ("about_desk", "about_organisation", "reporting_desk", "case")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                party_name=Coalesce("about_desk__name", "about_organisation__name"),
                attachment_count=Count("attachments", distinct=True),
            )
            .prefetch_related(Prefetch("obligations", queryset=Obligation.objects.order_by("code")))
            .order_by("-received_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_report"] = _may_report(self.request.user)
        return context


def _may_report(user):
    return user.has_perm("cases.add_signal") and services.reporting_as(user) is not None


# Reporting


@dataclass
class Party:
    """What a new signal is about: a provider (optionally with a location to preselect, or the
    negative advice it starts from) or a desk."""

    organisation: Organisation | None = None
    desk: Desk | None = None
    advice: Advice | None = None
    location: Location | None = None

    def hidden_fields(self):
        """What the form carries from step 1 to the POST."""
        pairs = (("advice", self.advice), ("organisation", self.organisation), ("desk", self.desk))
        return {name: obj.pk for name, obj in pairs if obj is not None}


def _pk(params, name):
    value = params.get(name, "")
    return int(value) if value.isascii() and value.isdigit() else None


def find_party(user, params):
    """The party named by ``params`` (``advice``, ``location``, ``organisation`` or ``desk``),
    within what the user may report on (404 otherwise); None when none is named."""
    if (pk := _pk(params, "advice")) is not None:
        advice = get_object_or_404(
            Advice.objects.for_user(user)
            .filter(verdict=AdviceVerdict.NEGATIVE)
            .select_related("organisation", "location", "municipality"),
            pk=pk,
        )
        location = advice.location
        if location and not services.reportable_locations(user).filter(pk=location.pk).exists():
            location = None
        return Party(organisation=advice.organisation, advice=advice, location=location)
    if (pk := _pk(params, "location")) is not None:
        location = get_object_or_404(
            services.reportable_locations(user).select_related("organisation"), pk=pk
        )
        return Party(organisation=location.organisation, location=location)
    if (pk := _pk(params, "organisation")) is not None:
        return Party(organisation=get_object_or_404(services.reportable_organisations(user), pk=pk))
    if (pk := _pk(params, "desk")) is not None:
        return Party(desk=get_object_or_404(services.reportable_desks(user), pk=pk))
    return None


def _first(queryset):
    """At most ``SEARCH_LIMIT`` rows, and whether there were more."""
    rows = list(queryset[: SEARCH_LIMIT + 1])
    return rows[:SEARCH_LIMIT], len(rows) > SEARCH_LIMIT


def search_parties(user, text):
    """Providers (by name or enterprise number), their locations (by name or file number) and
    desks (by name, code or operator) the user may report on."""
    digits = "".join(char for char in text if char.isdigit())
    by_name = Q(name__icontains=text)
    if len(digits) >= 3:
        by_name |= Q(enterprise_number__contains=digits)
    organisations, more_organisations = _first(
        services.reportable_organisations(user).filter(by_name).order_by("name", "pk")
    )
    locations, more_locations = _first(
        services.reportable_locations(user)
        .filter(Q(name__icontains=text) | Q(file_number__icontains=text))
        .select_related("organisation", "municipality")
        .order_by("name", "pk")
    )
    desks, more_desks = _first(
        services.reportable_desks(user)
        .filter(
            Q(name__icontains=text) | Q(code__icontains=text) | Q(operator__name__icontains=text)
        )
        .select_related("operator")
        .order_by("name", "pk")
    )
    return {
        "organisations": organisations,
        "locations": locations,
        "desks": desks,
        "more_results": more_organisations or more_locations or more_desks,
    }


def _initial(user, party):
    initial = {}
    if party.location is not None:
        initial["locations"] = [party.location.pk]
    if party.advice is not None and services.reporting_as(user) == ANY_SOURCE:
        initial["source"] = Source.LOCAL_GOVERNMENT
    return initial


def _refusal_to_form(form, error):
    if isinstance(error, services.AttachmentRefused):
        form.add_error(f"file_{error.number}", error)
    elif isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("You may not report this signal."))
    else:
        add_service_errors(form, error)


def _record(user, party, form):
    data = form.cleaned_data
    return services.record_signal(
        actor=user,
        source=data.get("source") or None,
        channel=data.get("channel"),
        received_on=data.get("received_on"),
        reporting_desk=data.get("reporting_desk"),
        about_desk=party.desk,
        about_organisation=party.organisation,
        locations=data.get("locations") or (),
        obligations=data["obligations"],
        description=data["description"],
        attachments=form.attachments(),
        advice=party.advice,
    )


@permission_required("cases.add_signal", raise_exception=True)
def signal_create(request):
    """Step 1 (no party named): search. Step 2: the form for the party; on POST, record."""
    user = request.user
    if services.reporting_as(user) is None:
        raise PermissionDenied
    posted = request.method == "POST"
    party = find_party(user, request.POST if posted else request.GET)
    if party is None:
        search = PartySearchForm(request.GET if "q" in request.GET else None)
        results = search_parties(user, search.cleaned_data["q"]) if search.is_valid() else None
        return render(
            request,
            "cases/signal_search.html",
            {
                "search": search,
                "results": results,
                "kind": services.reporting_as(user),
                "limit": SEARCH_LIMIT,
            },
        )
    form = SignalForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=user,
        organisation=party.organisation,
        desk=party.desk,
        initial=_initial(user, party),
    )
    if posted and form.is_valid():
        try:
            signal = _record(user, party, form)
        except (ValidationError, PermissionDenied) as error:
            _refusal_to_form(form, error)
        else:
            messages.success(request, _("The signal was recorded."))
            return redirect("cases:signal-detail", signal.pk)
    return render(
        request,
        "cases/signal_form.html",
        {
            "form": form,
            "party": party,
            "kind": services.reporting_as(user),
            "max_attachments": services.MAX_ATTACHMENTS,
        },
    )


# A signal's page and its actions


class SignalDetailView(ScopedDetailView):
    model = Signal
    permission_required = "cases.view_signal"
    select_related = (
        "about_desk",
        "about_organisation",
        "reporting_desk",
        "reported_by",
        "case",
        "advice",
    )
    template_name = "cases/signal_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signal, user = self.object, self.request.user
        context["locations"] = signal.locations.select_related("municipality").order_by("name")
        context["obligations"] = signal.obligations.order_by("code")
        context["attachments"] = signal.attachments.select_related("uploaded_by")
        in_case = signal.case_id is not None
        context["can_open_case"] = not in_case and user.has_perm("cases.add_case")
        if not in_case and user.has_perm(services.HANDLE):
            cases = services.open_cases_for(signal, user).order_by("-opened_at")
            if cases.exists():
                context["join_form"] = JoinCaseForm(cases=cases)
        if services.may_add_attachment(user, signal):
            context["attachment_form"] = AttachmentForm()
        return context


def _scoped_signal(request, pk):
    return get_object_or_404(Signal.objects.for_user(request.user), pk=pk)


def _refusal_message(request, error):
    text = str(error) if isinstance(error, PermissionDenied) else " ".join(error.messages)
    messages.error(request, text or _("This is not possible."))


@require_POST
@permission_required("cases.add_case", raise_exception=True)
def signal_open_case(request, pk):
    """Make a case of the signal and go to it."""
    signal = _scoped_signal(request, pk)
    try:
        case = services.create_case_from_signal(signal.pk, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        _refusal_message(request, error)
        return redirect("cases:signal-detail", signal.pk)
    messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
    return redirect("cases:case-detail", case.number)


@require_POST
@permission_required(services.HANDLE, raise_exception=True)
def signal_join_case(request, pk):
    """Join the signal to an open case about the same party."""
    signal = _scoped_signal(request, pk)
    form = JoinCaseForm(request.POST, cases=services.open_cases_for(signal, request.user))
    if not form.is_valid():
        messages.error(request, _("Choose an open case about the same party."))
        return redirect("cases:signal-detail", signal.pk)
    case = form.cleaned_data["case"]
    try:
        services.add_signal_to_case(signal.pk, case.pk, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        _refusal_message(request, error)
    else:
        messages.success(
            request, _("The signal was added to case %(number)s.") % {"number": case.number}
        )
    return redirect("cases:signal-detail", signal.pk)


@require_POST
@permission_required("cases.add_signalattachment", raise_exception=True)
def signal_attachment_add(request, pk):
    """Add a file to the signal (its reporter, or those who see everything)."""
    signal = _scoped_signal(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("cases:signal-detail", signal.pk)
    try:
        services.add_attachment(
            signal.pk,
            actor=request.user,
            uploaded_file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
    except (ValidationError, PermissionDenied) as error:
        _refusal_message(request, error)
    else:
        messages.success(request, _("The file was added."))
    return redirect("cases:signal-detail", signal.pk)


@permission_required("cases.view_signalattachment", raise_exception=True)
def attachment_download(request, pk):
    """The file, only within the user's scope, as an attachment with its original name."""
    attachment = get_object_or_404(SignalAttachment.objects.for_user(request.user), pk=pk)
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


urls = [
    path("meldingen/", SignalListView.as_view(), name="signal-list"),
    path("meldingen/nieuw/", signal_create, name="signal-create"),
    path("meldingen/<int:pk>/", SignalDetailView.as_view(), name="signal-detail"),
    path("meldingen/<int:pk>/dossier/", signal_open_case, name="signal-open-case"),
    path("meldingen/<int:pk>/bij-dossier/", signal_join_case, name="signal-join-case"),
    path("meldingen/<int:pk>/bijlage/", signal_attachment_add, name="signal-attachment-add"),
    path("meldingen/bijlagen/<int:pk>/", attachment_download, name="attachment-download"),
]
