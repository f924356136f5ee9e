"""Desk document pages: the versions of each desk's procedure (D2) and agreements (D4), one
version's page with its history, and recording a new version."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.details import ScopedDetailView
from supervision.lists import ScopedListView

from ..area import locations_in_area, providers_in_area
from ..forms.documents import DocumentFilter, DocumentForm, DocumentStartForm
from ..models import DeskDocument, DocumentKind, Evidence
from ..services import documents as service
from ..services.records import own_desks
from .timeline import record_timeline


class DocumentListView(ScopedListView):
    model = DeskDocument
    permission_required = "obligations.view_deskdocument"
    filterset_class = DocumentFilter
    template_name = "obligations/document_list.html"
    select_related = ("desk",)

    def get_queryset(self):
        return super().get_queryset().order_by("desk__name", "kind", "-version")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_record"] = (
            user.has_perm("obligations.add_deskdocument") and own_desks(user).exists()
        )
        context["kinds"] = DocumentKind.choices
        return context


@permission_required("obligations.add_deskdocument", raise_exception=True)
def document_create(request):
    """Step 1 (GET): desk and kind. Step 2: the new version, with today's area preselected."""
    desks = own_desks(request.user).order_by("name")
    if not desks.exists():
        raise PermissionDenied(_("You may only record this for a desk you work for."))
    if request.method == "POST":
        data = request.POST
    else:  # a link names the kind (?kind=) and may name the desk
        data = request.GET if "kind" in request.GET else None
    initial = {"desk": request.GET["desk"]} if request.GET.get("desk", "").isdigit() else {}
    start = DocumentStartForm(data, desks=desks, initial=initial)
    if not start.is_valid():
        return _render(request, start, step=1)
    desk, kind = start.cleaned_data["desk"], start.cleaned_data["kind"]
    today = timezone.localdate()
    options = {
        "kind": kind,
        "desks": desks,
        "providers": providers_in_area(desk, today),
        "locations": locations_in_area(desk, today),
    }
    if request.method != "POST":
        form = DocumentForm(
            initial={
                "desk": desk.pk,
                "kind": kind,
                "providers_consulted": [o.pk for o in options["providers"]],
                "recipients": [location.pk for location in options["locations"]],
            },
            **options,
        )
        return _render(request, form, step=2, kind=kind)

    form = DocumentForm(request.POST, request.FILES, **options)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = service.record_document(
                user=request.user,
                desk=desk,
                kind=kind,
                adopted_on=data["adopted_on"],
                lok_advice_on=data.get("lok_advice_on"),
                providers_consulted=data["providers_consulted"],
                communicated_on=data.get("communicated_on"),
                recipients=data.get("recipients", ()),
                uploaded_file=data["file"],
                description=data["description"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(version)s was recorded.") % {"version": document.version}
            )
            return redirect("obligations:document-detail", document.pk)
    return _render(request, form, step=2, kind=kind)


def _render(request, form, *, step, kind=None):
    context = {"form": form, "step": step, "kind": kind, "kind_label": None}
    if kind:
        context["kind_label"] = DocumentKind(kind).label
    return render(request, "obligations/document_form.html", context)


class DocumentDetailView(ScopedDetailView):
    model = DeskDocument
    permission_required = "obligations.view_deskdocument"
    select_related = ("desk", "recorded_by")
    template_name = "obligations/document_detail.html"
    history_exclude = None  # record_timeline: the record and its files in one timeline

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document, user = self.object, self.request.user
        evidence = list(
            Evidence.objects.for_user(user)
            .filter(pk=document.evidence_id)
            .select_related("uploaded_by", "withdrawn_by")
        )
        context.update(
            evidence=evidence[0] if evidence else None,
            providers_consulted=list(document.providers_consulted.order_by("name")),
            recipients=list(document.recipients.select_related("municipality").order_by("name")),
            versions=list(
                DeskDocument.objects.for_user(user)
                .filter(desk=document.desk_id, kind=document.kind)
                .order_by("-version")
            ),
            history=record_timeline(document, evidence),
        )
        return context


urlpatterns = [
    path("documenten/", DocumentListView.as_view(), name="document-list"),
    path("documenten/nieuw/", document_create, name="document-create"),
    path("documenten/<int:pk>/", DocumentDetailView.as_view(), name="document-detail"),
]
