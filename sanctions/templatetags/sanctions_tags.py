"""The enforcement tracks section of a case page: ``{% load sanctions_tags %}{% case_tracks case %}``.

It shows the case's tracks the user sees (one query) and, to users who may open a track, the
link to open one while the case is in enforcement; nothing when there is neither.
"""

from django import template
from django.urls import reverse

from cases.workflow import CaseState

from ..models import EnforcementTrack
from ..services.tracks import OPEN

register = template.Library()


@register.inclusion_tag("sanctions/case_tracks.html", takes_context=True)
def case_tracks(context, case):
    user = context["request"].user
    if not user.has_perm("sanctions.view_enforcementtrack"):
        return {"show": False}
    tracks = list(
        EnforcementTrack.objects.for_user(user).filter(case=case).order_by("opened_at", "pk")
    )
    may_open = case.state == CaseState.ENFORCEMENT and user.has_perm(OPEN)
    return {
        "show": bool(tracks) or may_open,
        "tracks": tracks,
        "open_url": reverse("sanctions:track-open", args=[case.number]) if may_open else None,
    }
