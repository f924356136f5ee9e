"""The enforcement track list (scoped, filtered, sorted, paginated), a track's page with its
steps, decisions, objections, history and the actions the user may take now, and opening a track
from a case in enforcement.

Desk staff see the tracks against their own desk, read-only (``supervision.access``): their
steps, their approved decisions and objections, no actions.
"""

from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from cases.models import Case
from cases.workflow import CaseState
from registry.models import Location
from supervision import access
from supervision.details import ScopedDetailView
from supervision.lists import ScopedListView

from .. import services
from ..filters import TrackFilter
from ..forms import OpenTrackForm
from ..measures import TrackKind
from ..models import Decision, EnforcementTrack, Objection, TrackStep
from ..services.tracks import OPEN
from .actions import track_actions
from .common import action_page, fact, require, track_url

VIEW = "sanctions.view_enforcementtrack"


class TrackListView(ScopedListView):
    model = EnforcementTrack
    permission_required = VIEW
    filterset_class = TrackFilter
    template_name = "sanctions/track_list.html"

    def get_queryset(self):
        return (
            self.get_base_queryset()
            .select_related("case__about_organisation", "desk")
            .annotate(party_name=Coalesce("desk__name", "case__about_organisation__name"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["may_export"] = access.sees_everything(user) and user.has_perm(
            "sanctions.view_trackstep"
        )
        return context


class TrackDetailView(ScopedDetailView):
    model = EnforcementTrack
    permission_required = VIEW
    template_name = "sanctions/track_detail.html"
    slug_field = "number"
    slug_url_kwarg = "number"
    select_related = ("case__about_organisation", "desk", "opened_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        track, user = self.object, self.request.user
        decisions = list(
            Decision.objects.for_user(user)
            .filter(track=track)
            .select_related("proposed_by", "reviewed_by")
        )
        objections = list(
            Objection.objects.for_user(user)
            .filter(decision__track=track)
            .select_related("decision", "recorded_by", "decided_by")
        )
        context.update(
            track=track,
            case_visible=Case.objects.for_user(user).filter(pk=track.case_id).exists(),
            locations=list(
                Location.objects.for_user(user)
                .filter(enforcement_tracks=track)
                .select_related("municipality")
            ),
            steps=list(
                TrackStep.objects.for_user(user)
                .filter(track=track)
                .select_related("created_by", "decision")
            ),
            decisions=decisions,
            objections=objections,
            actions=track_actions(track, user, decisions, objections),
        )
        return context


def open_track(request, number):
    """Open a track from a case in enforcement, with its formal notice: a licence track when the
    case is about a provider, a subsidy track when it is about a desk."""
    require(request.user, OPEN)
    case = get_object_or_404(
        Case.objects.for_user(request.user)
        .select_related("about_desk", "about_organisation")
        .prefetch_related("signals", "locations"),
        number=number,
    )
    case_url = reverse("cases:case-detail", args=[case.number])
    licence = case.about_organisation_id is not None
    kind = TrackKind.LICENCE if licence else TrackKind.SUBSIDY
    form = OpenTrackForm(request.POST or None, case=case, licence=licence)
    blocked = None
    if case.state != CaseState.ENFORCEMENT:
        blocked = _("An enforcement track is opened from a case in enforcement.")
    return action_page(
        request,
        form,
        title=_("Open an enforcement track"),
        run=lambda data: services.open_track(
            case.pk,
            actor=request.user,
            kind=kind,
            facts=data["facts"],
            notice_deadline=data["notice_deadline"],
            locations=data.get("locations") or (),
            reason=data["reason"],
        ),
        after=track_url,
        done=_("The track was opened with its formal notice."),
        back=case_url,
        facts=[
            fact(_("Case"), case.number, case_url),
            fact(_("Party"), case.about),
            fact(_("Track"), TrackKind(kind).label),
        ],
        blocked=blocked,
        explanation=[
            _(
                "Opening the track sends the formal notice: the facts and a deadline to put "
                "things right."
            )
        ],
        submit=_("Open the track with the formal notice"),
    )


urls = [
    path("", TrackListView.as_view(), name="track-list"),
    path("dossier/<str:number>/", open_track, name="track-open"),
    path("<str:number>/", TrackDetailView.as_view(), name="track-detail"),
]
