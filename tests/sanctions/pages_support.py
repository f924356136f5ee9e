"""Helpers for the enforcement page tests: URLs, the messages a response carries, and a desk
with a subsidy track its staff can read."""

from django.contrib.messages import get_messages
from django.urls import reverse

from registry.models import DeskStatus
from sanctions.measures import TrackKind
from supervision import roles
from tests.cases.support import make_case
from tests.factories import DeskFactory, UserFactory

from .support import make_track


def track_url(track):
    return reverse("sanctions:track-detail", args=[track.number])


def step_url(track, name):
    return reverse("sanctions:track-step", args=[track.number, name])


def review_url(decision, name):
    return reverse("sanctions:decision-review", args=[decision.track.number, decision.number, name])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def desk_track(state, **values):
    """A subsidy track against a subsidised desk, and a member of that desk's staff."""
    desk = DeskFactory(municipalities=["44021"], status=DeskStatus.SUBSIDISED)
    track = make_track(
        TrackKind.SUBSIDY, state, case=make_case("enforcement", about_desk=desk), **values
    )
    return track, UserFactory(role=roles.DESK_STAFF, desks=[desk])
