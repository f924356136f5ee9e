"""What the enforcement pages share: fetching a track in the user's scope, the page of one action
(a form, or why the action cannot be taken now) and the facts it shows about the track.

Every change goes through ``sanctions.services``; a refusal is shown on the form with the input
kept; a track changed by someone else meanwhile sends the user back to the track page with a
message, which then shows the current state.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from supervision.forms import add_service_errors

from ..common import TrackChanged
from ..models import EnforcementTrack

TEMPLATE = "sanctions/action_form.html"


def require(user, permission):
    """403 without the permission (checked before the scope: 404)."""
    if not user.has_perm(permission):
        raise PermissionDenied


def get_track(request, number):
    """The track with that number in the user's scope (404 outside it)."""
    return get_object_or_404(
        EnforcementTrack.objects.for_user(request.user).select_related(
            "case__about_organisation", "desk__operator"
        ),
        number=number,
    )


def track_url(track):
    return reverse("sanctions:track-detail", args=[track.number])


def fact(label, value, link=""):
    return {"label": label, "value": value, "link": link}


def track_facts(track):
    return [
        fact(_("Enforcement track"), track.number, track_url(track)),
        fact(_("Case"), track.case.number),
        fact(_("Party"), track.party),
        fact(_("State"), track.get_state_display()),
    ]


def action_page(
    request,
    form,
    *,
    title,
    run,
    done,
    back,
    facts,
    blocked=None,
    explanation=(),
    submit,
    after=None,
):
    """GET shows the form, or only why the action cannot be taken now (``blocked``); POST runs
    ``run`` with the cleaned data. Success: message, then ``after(result)`` (the address to go
    to) or ``back``. A refusal: the page again with the message and the input. A track changed
    meanwhile: message and back."""
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except TrackChanged as error:
            messages.error(request, error.messages[0])
            return redirect(back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(after(result) if after else back)
    context = {
        "form": form,
        "title": title,
        "facts": facts,
        "back": back,
        "blocked": blocked if request.method == "GET" else None,
        "explanation": explanation,
        "submit": submit,
    }
    return render(request, TEMPLATE, context)


def refused_page(request, *, title, facts, back, message):
    """403 with the reason, for an action the user may never take on this object (four eyes)."""
    context = {"title": title, "facts": facts, "back": back, "blocked": message}
    return render(request, TEMPLATE, context, status=403)
