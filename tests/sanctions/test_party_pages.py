"""Enforcement on the other pages: the case page lists its tracks (and offers to open one while
the case is in enforcement), its timeline shows the tracks' steps; a location's and a desk's page
list the approved decisions about them, as the sanctions scoping allows, in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.workflow import CaseState
from sanctions.models import StepKind
from sanctions.workflow import DecisionState, TrackState
from supervision import roles
from tests.cases.support import make_case
from tests.factories import LocationFactory, OrganisationFactory, UserFactory, municipality

from .pages_support import desk_track, track_url
from .support import make_decision, make_track

pytestmark = pytest.mark.django_db

S = TrackState


def _case_page(client, user, case):
    client.force_login(user)
    response = client.get(reverse("cases:case-detail", args=[case.number]))
    assert response.status_code == 200
    return response


def test_the_case_page_lists_its_tracks_and_offers_to_open_one(client, client_manager):
    track = make_track()
    open_url = reverse("sanctions:track-open", args=[track.case.number])
    page = _case_page(client, client_manager, track.case).content.decode()
    assert 'id="tracks-heading"' in page and track_url(track) in page
    assert open_url in page
    lead = UserFactory(role=roles.ENFORCEMENT_LEAD)
    page = _case_page(client, lead, track.case).content.decode()
    assert track_url(track) in page and open_url not in page


def test_a_case_not_in_enforcement_offers_no_track(client, client_manager):
    case = make_case(CaseState.TALK, about_organisation=OrganisationFactory())
    page = _case_page(client, client_manager, case).content.decode()
    assert 'id="tracks-heading"' not in page
    assert reverse("sanctions:track-open", args=[case.number]) not in page


def test_the_case_timeline_shows_the_steps_with_their_letters(client, client_manager):
    track = make_track()
    step = track.steps.create(
        kind=StepKind.FORMAL_NOTICE, summary="Geen overleg", created_by=client_manager
    )
    response = _case_page(client, client_manager, track.case)
    entries = [e for e in response.context["timeline"] if e["kind"] == "enforcement_step"]
    assert [(e["label"], e["text"]) for e in entries] == [("Handhaving: aanmaning", "Geen overleg")]
    assert entries[0]["link"] == reverse("sanctions:step-letter", args=[track.number, step.pk])


def test_desk_staff_see_their_track_on_their_case_without_the_open_link(client):
    track, staff = desk_track(S.FORMAL_NOTICE)
    track.steps.create(kind=StepKind.FORMAL_NOTICE, summary="Aanmaning loket", created_by=staff)
    response = _case_page(client, staff, track.case)
    page = response.content.decode()
    assert track_url(track) in page
    assert reverse("sanctions:track-open", args=[track.case.number]) not in page
    assert "Aanmaning loket" in page


def test_the_case_page_costs_the_same_queries_for_one_step_or_many(client, client_manager):
    def count(case):
        client.force_login(client_manager)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("cases:case-detail", args=[case.number]))
        return len(queries), len(response.context["timeline"])

    small, large = make_track(), make_track()
    small.steps.create(kind=StepKind.FORMAL_NOTICE, summary="x", created_by=client_manager)
    for kind in StepKind.values:
        large.steps.create(kind=kind, summary="x", created_by=client_manager)
    make_track(case=large.case)
    small_queries, small_entries = count(small.case)
    large_queries, large_entries = count(large.case)
    assert large_entries > small_entries
    assert large_queries == small_queries


# --- Registry pages -----------------------------------------------------------------------------


def _location_page(client, user, location):
    client.force_login(user)
    response = client.get(reverse("registry:location-detail", args=[location.pk]))
    assert response.status_code == 200
    return response


def test_the_location_page_lists_the_approved_decisions_about_it(client, client_manager):
    location = LocationFactory(municipality=municipality("44021"))
    case = make_case("enforcement", about_organisation=location.organisation)
    track = make_track(case=case, locations=[location])
    approved = make_decision(track, amount=1250)
    proposed = make_decision(
        make_track(case=case, locations=[location]), state=DecisionState.PROPOSED
    )
    other = make_decision(make_track())
    page = _location_page(client, client_manager, location).content.decode()
    assert 'id="decisions-heading"' in page
    assert approved.number in page and "bestuurlijke geldboete van € 1.250,00" in page
    assert proposed.number not in page and other.number not in page
    assert track_url(track) in page


def test_users_who_may_not_see_decisions_get_no_section(client):
    location = LocationFactory(municipality=municipality("44021"))
    make_decision(make_track(locations=[location]))
    official = UserFactory(role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")])
    page = _location_page(client, official, location).content.decode()
    assert 'id="decisions-heading"' not in page


def test_the_desk_page_lists_its_decisions_for_its_staff(client):
    track, staff = desk_track(S.DECISION)
    approved = make_decision(track)
    proposed = make_decision(desk_track(S.DECISION)[0], state=DecisionState.PROPOSED)
    client.force_login(staff)
    page = client.get(reverse("registry:desk-detail", args=[track.desk.pk])).content.decode()
    assert approved.number in page and proposed.number not in page


def test_the_location_page_costs_the_same_queries_for_1_and_5_decisions(client, client_manager):
    def count(location):
        client.force_login(client_manager)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("registry:location-detail", args=[location.pk]))
        return len(queries), len(response.context["party_decisions"])

    one, five = LocationFactory(), LocationFactory()
    make_decision(make_track(locations=[one]))
    for _index in range(5):
        make_decision(make_track(locations=[five]))
    assert count(one)[1] == 1 and count(five)[1] == 5
    assert count(one)[0] == count(five)[0]
