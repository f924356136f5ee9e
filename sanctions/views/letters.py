"""The letter of a step, as a page to print (``sanctions.letters``): whoever sees the step sees its
letter (desk staff: the letters their desk received)."""

from django.shortcuts import get_object_or_404, render
from django.urls import path

from ..letters import build_letter
from ..models import TrackStep
from .common import get_track, require


def step_letter(request, number, pk):
    require(request.user, "sanctions.view_trackstep")
    track = get_track(request, number)
    step = get_object_or_404(
        TrackStep.objects.for_user(request.user)
        .filter(track=track)
        .select_related("created_by", "decision__reviewed_by", "objection"),
        pk=pk,
    )
    step.track = track
    context = {"track": track, "step": step, "letter": build_letter(step)}
    return render(request, "sanctions/letter.html", context)


urls = [path("<str:number>/stappen/<int:pk>/brief/", step_letter, name="step-letter")]
