"""The track list (filters, sorting, scope, constant queries), a track's page (what it shows, to
whom, with which actions) and opening a track from a case in enforcement."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.workflow import CaseState
from sanctions.measures import TrackKind
from sanctions.models import EnforcementTrack, StepKind
from sanctions.workflow import DecisionState, TrackState
from supervision import roles
from tests.cases.support import make_case
from tests.factories import LocationFactory, OrganisationFactory, UserFactory, municipality

from .pages_support import desk_track, messages_of, track_url
from .support import days, make_decision, make_objection, make_track

pytestmark = pytest.mark.django_db

S = TrackState
LIST = "/handhaving/"


def _numbers(response):
    return [track.number for track in response.context["object_list"]]


def test_the_list_filters_on_track_state_and_year(client, client_manager):
    licence = make_track(state=S.HEARING)
    subsidy = make_track(TrackKind.SUBSIDY, state=S.FORMAL_NOTICE)
    old = make_track(state=S.CLOSED)
    EnforcementTrack.objects.filter(pk=old.pk).update(opened_at=old.opened_at.replace(year=2021))
    client.force_login(client_manager)
    assert reverse("sanctions:track-list") == LIST
    assert set(_numbers(client.get(LIST))) == {licence.number, subsidy.number, old.number}
    assert _numbers(client.get(LIST, {"kind": "subsidy"})) == [subsidy.number]
    assert _numbers(client.get(LIST, {"state": "hearing"})) == [licence.number]
    assert _numbers(client.get(LIST, {"year": "2021"})) == [old.number]
    assert _numbers(client.get(LIST, {"q": subsidy.desk.name})) == [subsidy.number]


def test_the_list_sorts_on_the_party(client, client_manager):
    tracks = [
        make_track(case=make_case("enforcement", about_organisation=OrganisationFactory(name=n)))
        for n in ("Bij de Beren", "Apenkooi", "Circus")
    ]
    client.force_login(client_manager)
    response = client.get(LIST, {"o": "party"})
    assert _numbers(response) == [tracks[1].number, tracks[0].number, tracks[2].number]
    response = client.get(LIST, {"o": "-party"})
    assert _numbers(response)[0] == tracks[2].number


def test_the_list_costs_the_same_queries_for_1_and_50_tracks(client, client_manager):
    client.force_login(client_manager)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(queries), len(response.context["object_list"])

    make_track()
    one, rows = count()
    assert rows == 1
    for index in range(49):
        make_track(TrackKind.SUBSIDY if index % 2 else TrackKind.LICENCE)
    fifty, rows = count()
    assert rows == 50
    assert fifty == one


def test_desk_staff_list_only_the_tracks_against_their_desk(client):
    track, staff = desk_track(S.DECISION)
    other, _other_staff = desk_track(S.DECISION)
    make_track()
    client.force_login(staff)
    assert _numbers(client.get(LIST)) == [track.number]
    assert client.get(track_url(track)).status_code == 200
    assert client.get(track_url(other)).status_code == 404


def test_local_governments_and_strangers_do_not_see_tracks(client):
    track = make_track()
    assert client.get(LIST).status_code == 302
    client.force_login(
        UserFactory(role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("11002")])
    )
    assert client.get(LIST).status_code == 403
    assert client.get(track_url(track)).status_code == 403


def test_an_unknown_track_is_not_found(client, client_manager):
    client.force_login(client_manager)
    assert client.get("/handhaving/SAM-2000-1-H9/").status_code == 404


def test_the_track_page_shows_steps_decisions_objection_and_history(client, management_user):
    track = make_track(state=S.OBJECTION)
    approved = make_decision(track, reviewed_by=UserFactory(first_name="Ilse", last_name="Goed"))
    make_objection(approved)
    step = track.steps.create(
        kind=StepKind.DECISION,
        summary="administratieve geldboete van € 500,00",
        decision=approved,
        created_by=approved.proposed_by,
        notified_on=days(-5),
        public_on=days(-2),
    )
    client.force_login(management_user)
    response = client.get(track_url(track))
    page = response.content.decode()
    assert response.status_code == 200
    assert track.case.number in page and track.case.about_organisation.name in page
    assert track.locations.get().name in page
    assert "administratieve geldboete van € 500,00" in page
    assert "Ilse Goed" in page and approved.number in page
    assert "Niet akkoord" in page  # the objection's grounds
    assert reverse("sanctions:step-letter", args=[track.number, step.pk]) in page
    assert 'id="history-heading"' in page
    # Management reads: no actions.
    assert 'id="track-actions-heading"' not in page


def test_desk_staff_read_their_track_without_actions_or_internal_decisions(client):
    track, staff = desk_track(S.DECISION)
    approved = make_decision(track)
    rejected = make_decision(track, state=DecisionState.REJECTED)
    client.force_login(staff)
    page = client.get(track_url(track)).content.decode()
    assert approved.number in page
    assert rejected.number not in page
    assert 'id="track-actions-heading"' not in page


def test_the_track_page_offers_the_steps_and_says_why_one_cannot_be_taken(client, client_manager):
    track = make_track(notice_deadline=days(10))
    client.force_login(client_manager)
    page = client.get(track_url(track)).content.decode()
    assert "De termijn van de aanmaning is nog niet verstreken" in page
    assert reverse("sanctions:track-step", args=[track.number, "announce_intention"]) not in page
    assert reverse("sanctions:track-step", args=[track.number, "close_without_measure"]) in page
    # Once the deadline has passed, the page asks for the intended measure itself: offered.
    EnforcementTrack.objects.filter(pk=track.pk).update(notice_deadline=days(-1))
    page = client.get(track_url(track)).content.decode()
    assert reverse("sanctions:track-step", args=[track.number, "announce_intention"]) in page


# --- Opening a track from a case ----------------------------------------------------------------


def _open_url(case):
    return reverse("sanctions:track-open", args=[case.number])


def test_a_client_manager_opens_a_licence_track_from_a_case(client, client_manager):
    provider = OrganisationFactory()
    location, other = LocationFactory(organisation=provider), LocationFactory(organisation=provider)
    case = make_case(CaseState.ENFORCEMENT, about_organisation=provider)
    client.force_login(client_manager)
    assert client.get(_open_url(case)).status_code == 200
    response = client.post(
        _open_url(case),
        {"locations": [location.pk], "facts": "Geen overleg", "notice_deadline": days(30)},
    )
    track = EnforcementTrack.objects.get(case=case)
    assert response.status_code == 302 and response.url == track_url(track)
    assert (track.kind, list(track.locations.all())) == (TrackKind.LICENCE, [location])
    assert track.steps.get().kind == StepKind.FORMAL_NOTICE
    assert other not in track.locations.all()


def test_a_subsidy_track_is_opened_against_the_case_desk(client, client_manager):
    track, _staff = desk_track(S.CLOSED)
    client.force_login(client_manager)
    client.post(_open_url(track.case), {"facts": "Geen procedure", "notice_deadline": days(30)})
    opened = EnforcementTrack.objects.exclude(pk=track.pk).get(case=track.case)
    assert (opened.kind, opened.desk) == (TrackKind.SUBSIDY, track.desk)


def test_opening_a_track_refuses_a_past_deadline_and_keeps_the_input(client, client_manager):
    case = make_case(CaseState.ENFORCEMENT, about_organisation=OrganisationFactory())
    location = LocationFactory(organisation=case.about_organisation)
    client.force_login(client_manager)
    response = client.post(
        _open_url(case),
        {"locations": [location.pk], "facts": "Mijn feiten", "notice_deadline": days(-1)},
    )
    assert response.status_code == 200
    assert "Geef een termijn in de toekomst" in response.content.decode()
    assert "Mijn feiten" in response.content.decode()
    assert not EnforcementTrack.objects.exists()


def test_a_track_is_opened_only_from_a_case_in_enforcement(client, client_manager):
    case = make_case(CaseState.TALK, about_organisation=OrganisationFactory())
    client.force_login(client_manager)
    page = client.get(_open_url(case)).content.decode()
    assert "vanuit een dossier in handhaving" in page and "novalidate" not in page
    response = client.post(_open_url(case), {"facts": "x", "notice_deadline": days(30)})
    assert response.status_code == 200
    assert not EnforcementTrack.objects.exists()


@pytest.mark.parametrize("role", [roles.MANAGEMENT, roles.ENFORCEMENT_LEAD, roles.DESK_STAFF])
def test_only_client_managers_open_tracks(client, role):
    case = make_case(CaseState.ENFORCEMENT, about_organisation=OrganisationFactory())
    client.force_login(UserFactory(role=role))
    assert client.get(_open_url(case)).status_code == 403
    assert client.post(_open_url(case), {"facts": "x"}).status_code == 403


def test_opening_from_an_unknown_case_is_not_found(client, client_manager):
    client.force_login(client_manager)
    assert client.get("/handhaving/dossier/SAM-1999-00001/").status_code == 404


def test_the_messages_are_dutch(client, client_manager):
    case = make_case(CaseState.ENFORCEMENT, about_organisation=OrganisationFactory())
    location = LocationFactory(organisation=case.about_organisation)
    client.force_login(client_manager)
    response = client.post(
        _open_url(case),
        {"locations": [location.pk], "facts": "Feiten", "notice_deadline": days(30)},
        follow=True,
    )
    assert "Het traject is geopend met de aanmaning." in messages_of(response)


def test_the_navigation_links_to_enforcement_for_those_who_see_tracks(client, client_manager):
    link = f'<a href="{LIST}"'
    client.force_login(client_manager)
    assert link in client.get("/").content.decode()
    client.force_login(UserFactory(role=roles.LOCAL_GOVERNMENT))
    assert link not in client.get("/").content.decode()
