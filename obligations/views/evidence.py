"""Evidence pages: the list, a file's page with its versions and history, uploading, a new version,
withdrawing (after confirmation) and downloading. Nothing deletes evidence.

Files are handed out only by ``evidence_download``, which fetches through the user's scope (404
otherwise) and sends the file as an attachment with the stored type and ``nosniff``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.details import ScopedDetailView
from supervision.downloads import private_file_response
from supervision.lists import ScopedListView

from ..forms.evidence import EvidenceFilter, EvidenceUploadForm, NewVersionForm, WithdrawForm
from ..models import Evidence
from ..services import evidence as service

MAX_CHAIN = 100  # versions shown on a page; a chain is rarely longer than a few


class EvidenceListView(ScopedListView):
    model = Evidence
    permission_required = "obligations.view_evidence"
    filterset_class = EvidenceFilter
    template_name = "obligations/evidence_list.html"
    select_related = ("desk", "location", "obligation", "uploaded_by", "replaced_by")

    def get_queryset(self):
        return super().get_queryset().order_by("-uploaded_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_upload"] = service.desks_for_upload(self.request.user).exists()
        return context


def version_chain(evidence):
    """All versions of ``evidence``, oldest first (one query per version: chains are short)."""
    older = []
    current = evidence
    while current.replaces_id is not None and len(older) < MAX_CHAIN:
        current = Evidence.objects.select_related("uploaded_by").get(pk=current.replaces_id)
        older.append(current)
    chain = [*reversed(older), evidence]
    current = evidence
    while len(chain) < 2 * MAX_CHAIN:
        current = Evidence.objects.select_related("uploaded_by").filter(replaces=current).first()
        if current is None:
            break
        chain.append(current)
    return chain


class EvidenceDetailView(ScopedDetailView):
    model = Evidence
    permission_required = "obligations.view_evidence"
    select_related = (
        "desk",
        "location",
        "obligation",
        "consultation",
        "uploaded_by",
        "withdrawn_by",
    )
    template_name = "obligations/evidence_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evidence, user = self.object, self.request.user
        chain = version_chain(evidence)
        versions = [
            {"number": number, "evidence": item, "is_this": item.pk == evidence.pk}
            for number, item in enumerate(chain, start=1)
        ]
        position = next(v["number"] for v in versions if v["is_this"])
        newer = versions[position] if position < len(versions) else None
        current = evidence.withdrawn_at is None and newer is None
        context.update(
            versions=versions,
            version_number=position,
            replaced_by_version=newer,
            is_current=current,
            can_replace=current and _may_replace(user, evidence),
            can_withdraw=current and user.has_perm("obligations.withdraw_evidence"),
        )
        return context


def _may_replace(user, evidence):
    return evidence.desk_id is None or (
        service.desks_for_upload(user).filter(pk=evidence.desk_id).exists()
    )


# A refusal's code names the field it concerns; a refused file is the file field's.
FIELD_OF_CODE = {"description": "description", "obligation": "obligation", "year": "year"}


def _refusal_to_form(form, error):
    field = FIELD_OF_CODE.get(getattr(error, "code", None), "file")
    if isinstance(error, PermissionDenied):
        texts, field = [str(error) or _("You may not upload evidence for this desk.")], None
    else:
        texts = error.messages
    for text in texts:
        form.add_error(field if field in form.fields else None, text)


@permission_required("obligations.add_evidence", raise_exception=True)
def evidence_create(request):
    """Upload a file. ``?desk=``, ``?obligation=`` and ``?year=`` fill the form in (for links from
    the compliance pages)."""
    user = request.user
    if request.method == "POST":
        form = EvidenceUploadForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                evidence = service.upload_evidence(
                    user=user,
                    uploaded_file=data["file"],
                    description=data["description"],
                    desk=data["desk"],
                    location=data["location"],
                    obligation=data["obligation"],
                    year=data["year"],
                )
            except (ValidationError, PermissionDenied) as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("The file was uploaded."))
                return redirect("obligations:evidence-detail", evidence.pk)
    else:
        initial = {"year": timezone.localdate().year}
        for name in ("desk", "obligation", "year"):
            if request.GET.get(name, "").isdigit():
                initial[name] = int(request.GET[name])
        form = EvidenceUploadForm(initial=initial, user=user)
        if form.fields["desk"].queryset.count() == 1 and "desk" not in initial:
            form.initial["desk"] = form.fields["desk"].queryset.get().pk
    return render(request, "obligations/evidence_form.html", {"form": form})


@permission_required("obligations.add_evidence", raise_exception=True)
def evidence_new_version(request, pk):
    """Upload a correction: a new version that replaces the current one."""
    old = get_object_or_404(
        Evidence.objects.for_user(request.user).select_related("desk", "obligation"), pk=pk
    )
    if not _may_replace(request.user, old):
        raise PermissionDenied
    if not service.is_current(old):
        messages.error(
            request,
            _("This is not the current version: only the current version can be replaced."),
        )
        return redirect("obligations:evidence-detail", old.pk)
    if request.method == "POST":
        form = NewVersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                evidence = service.upload_evidence(
                    user=request.user,
                    uploaded_file=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                    replaces=old,
                )
            except (ValidationError, PermissionDenied) as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("The new version was uploaded."))
                return redirect("obligations:evidence-detail", evidence.pk)
    else:
        form = NewVersionForm(initial={"description": old.description})
    return render(request, "obligations/evidence_form.html", {"form": form, "replaces": old})


@permission_required("obligations.withdraw_evidence", raise_exception=True)
def evidence_withdraw(request, pk):
    """GET: the confirmation page with the reason; POST: withdraw."""
    evidence = get_object_or_404(
        Evidence.objects.for_user(request.user).select_related("desk", "obligation"), pk=pk
    )
    if not service.is_current(evidence):
        messages.error(request, _("Only the current version of an item can be withdrawn."))
        return redirect("obligations:evidence-detail", evidence.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.withdraw_evidence(
                evidence.pk, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("reason", message)
        else:
            messages.success(request, _("The evidence was withdrawn. The file stays available."))
            return redirect("obligations:evidence-detail", evidence.pk)
    return render(request, "obligations/evidence_withdraw.html", {"form": form, "object": evidence})


@permission_required("obligations.view_evidence", raise_exception=True)
def evidence_download(request, pk):
    """The file, only within the user's scope, always as an attachment with the stored type."""
    evidence = get_object_or_404(Evidence.objects.for_user(request.user), pk=pk)
    return private_file_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


urlpatterns = [
    path("bewijsstukken/", EvidenceListView.as_view(), name="evidence-list"),
    path("bewijsstukken/nieuw/", evidence_create, name="evidence-create"),
    path("bewijsstukken/<int:pk>/", EvidenceDetailView.as_view(), name="evidence-detail"),
    path("bewijsstukken/<int:pk>/download/", evidence_download, name="evidence-download"),
    path("bewijsstukken/<int:pk>/intrekken/", evidence_withdraw, name="evidence-withdraw"),
    path(
        "bewijsstukken/<int:pk>/nieuwe-versie/",
        evidence_new_version,
        name="evidence-new-version",
    ),
]
