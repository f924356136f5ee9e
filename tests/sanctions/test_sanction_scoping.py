"""Who sees which enforcement tracks, steps, decisions and objections (``supervision.access``):
desk staff the tracks against their own desk (approved decisions only), local governments none,
Opgroeien's roles all; and no one writes through a read permission."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from registry.models import DeskStatus
from sanctions import services
from sanctions.measures import TrackKind
from sanctions.models import Decision, EnforcementTrack, Objection, TrackStep
from sanctions.workflow import DecisionState, TrackState
from supervision import roles
from tests.cases.support import make_case
from tests.factories import DeskFactory, LocationFactory, UserFactory, municipality

from .support import days, make_decision, make_objection, make_track


@pytest.fixture
def world(db):
    desk_a = DeskFactory(municipalities=["44021"], status=DeskStatus.SUBSIDISED)
    desk_b = DeskFactory(municipalities=["11002"], status=DeskStatus.SUBSIDISED)
    track_a = make_track(
        TrackKind.SUBSIDY, TrackState.DECISION, case=make_case("enforcement", about_desk=desk_a)
    )
    track_b = make_track(
        TrackKind.SUBSIDY, TrackState.DECISION, case=make_case("enforcement", about_desk=desk_b)
    )
    in_ghent = LocationFactory(municipality=municipality("44021"))
    licence = make_track(
        TrackKind.LICENCE,
        TrackState.DECISION,
        case=make_case("enforcement", about_organisation=in_ghent.organisation),
        locations=[in_ghent],
    )
    return desk_a, track_a, track_b, licence


def _everything(user):
    return {
        "tracks": set(EnforcementTrack.objects.for_user(user)),
        "steps": set(TrackStep.objects.for_user(user)),
        "decisions": set(Decision.objects.for_user(user)),
        "objections": set(Objection.objects.for_user(user)),
    }


def test_desk_staff_see_the_tracks_against_their_desk_and_its_approved_decisions(world):
    desk_a, track_a, track_b, licence = world
    staff = UserFactory(role=roles.DESK_STAFF, desks=[desk_a])
    approved = make_decision(track_a)
    objection = make_objection(approved)
    proposed = make_decision(track_b, state=DecisionState.PROPOSED)
    internal = make_decision(track_a, state=DecisionState.REJECTED)
    step = TrackStep.objects.create(
        track=track_a, kind="formal_notice", summary="x", created_by=staff
    )
    TrackStep.objects.create(track=licence, kind="formal_notice", summary="x", created_by=staff)
    seen = _everything(staff)
    assert seen == {
        "tracks": {track_a},
        "steps": {step},
        "decisions": {approved},
        "objections": {objection},
    }
    assert proposed not in seen["decisions"] and internal not in seen["decisions"]


def test_desk_staff_read_only(world):
    desk_a, track_a, *_rest = world
    staff = UserFactory(role=roles.DESK_STAFF, desks=[desk_a])
    with pytest.raises(PermissionDenied):
        services.propose_decision(
            track_a.pk, actor=staff, kind="subsidy_recovery", amount=5, grounds="x"
        )
    with pytest.raises(PermissionDenied):
        services.close_without_measure(track_a.pk, actor=staff, reason="x")
    with pytest.raises(PermissionDenied):
        services.open_track(
            track_a.case.pk, actor=staff, kind="subsidy", facts="x", notice_deadline=days(10)
        )


def test_local_governments_see_no_tracks_even_on_their_locations(world):
    official = UserFactory(role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")])
    assert _everything(official) == {
        "tracks": set(),
        "steps": set(),
        "decisions": set(),
        "objections": set(),
    }


@pytest.mark.parametrize(
    "role", [roles.CLIENT_MANAGER, roles.ENFORCEMENT_LEAD, roles.MANAGEMENT, roles.ADMINISTRATOR]
)
def test_opgroeien_roles_see_every_track(world, role):
    _desk_a, track_a, track_b, licence = world
    user = UserFactory(role=role)
    assert set(EnforcementTrack.objects.for_user(user)) == {track_a, track_b, licence}
    assert user.has_perm("sanctions.view_decision")


def test_anonymous_users_see_nothing(world):
    assert not EnforcementTrack.objects.for_user(AnonymousUser()).exists()


def test_scoping_is_one_query_whatever_the_number_of_desks(world, django_assert_num_queries):
    desk_a, *_rest = world
    staff = UserFactory(role=roles.DESK_STAFF, desks=[desk_a, *DeskFactory.create_batch(5)])
    staff.has_perm("supervision.view_all_parties")  # the permission cache, once per request
    with django_assert_num_queries(1):
        list(Decision.objects.for_user(staff))
