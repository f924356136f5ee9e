"""Who sees which signals, cases, talks and notes (``supervision.access``)."""

import datetime

import pytest

from cases import services
from cases.models import Case, CaseNote, Signal, Source, Talk
from cases.workflow import CaseState, TalkOutcome
from supervision import roles
from tests.factories import (
    DeskFactory,
    LocationFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
)

from .support import case_handler, make_case


@pytest.fixture
def world(db):
    desk_a = DeskFactory(municipalities=["44021"])
    desk_b = DeskFactory(municipalities=["11002"])
    staff_a = UserFactory(username="loket-a", role=roles.DESK_STAFF, desks=[desk_a])
    staff_b = UserFactory(username="loket-b", role=roles.DESK_STAFF, desks=[desk_b])
    handler = case_handler()
    case_a = make_case(about_desk=desk_a)
    case_b = make_case(about_desk=desk_b)
    return desk_a, desk_b, staff_a, staff_b, handler, case_a, case_b


def test_desk_staff_see_only_cases_about_or_reported_by_their_desk(world):
    desk_a, desk_b, staff_a, staff_b, handler, case_a, case_b = world
    assert list(Case.objects.for_user(staff_a)) == [case_a]
    assert list(Case.objects.for_user(staff_b)) == [case_b]
    provider = OrganisationFactory()
    signal = services.record_signal(
        actor=staff_a,
        source=Source.PARENT,  # desk staff always report as their desk
        channel="portal",
        description="Organisator werkt niet mee",
        about_organisation=provider,
    )
    assert (signal.source, signal.reporting_desk) == (Source.DESK, desk_a)
    reported = services.create_case_from_signal(signal.pk, actor=handler)
    assert reported.desk_reported_provider
    assert set(Case.objects.for_user(staff_a)) == {case_a, reported}
    assert reported not in Case.objects.for_user(staff_b)
    assert list(Signal.objects.for_user(staff_b)) == []


def test_local_government_sees_cases_in_its_municipalities(world):
    desk_a, desk_b, staff_a, staff_b, handler, case_a, case_b = world
    official = UserFactory(
        username="gemeente", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    location = LocationFactory(municipality=municipality("44021"))
    elsewhere = LocationFactory(municipality=municipality("11002"))
    about_location = make_case(about_organisation=location.organisation)
    about_location.locations.add(location)
    other = make_case(about_organisation=elsewhere.organisation)
    other.locations.add(elsewhere)
    assert set(Case.objects.for_user(official)) == {case_a, about_location}


def test_talks_follow_their_case_and_notes_only_for_those_who_see_everything(world):
    desk_a, desk_b, staff_a, staff_b, handler, case_a, case_b = world
    talk_case = make_case(CaseState.TALK, about_desk=desk_a)
    services.record_talk(
        talk_case.pk,
        actor=handler,
        held_on=datetime.date.today(),
        participants="x",
        party="desk",
        outcome=TalkOutcome.REMEDIED,
    )
    services.add_note(case_a.pk, actor=handler, text="Intern")
    assert Talk.objects.for_user(staff_a).count() == 1
    assert Talk.objects.for_user(staff_b).count() == 0
    assert CaseNote.objects.for_user(staff_a).count() == 0
    assert CaseNote.objects.for_user(handler).count() == 1
