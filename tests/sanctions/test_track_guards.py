"""Opening a track and each guard of the track workflow: every one refuses with its own message
and changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from registry.models import DeskStatus
from sanctions import services
from sanctions.measures import TrackKind
from sanctions.models import EnforcementTrack
from sanctions.workflow import DecisionState, ObjectionOutcome, TrackState
from supervision.fsm import refusal
from tests.cases.support import make_case
from tests.factories import DeskFactory, LocationFactory, OrganisationFactory

from .support import days, lead, make_decision, make_objection, make_track, today

S = TrackState


def refused(call, message):
    with pytest.raises(ValidationError) as caught:
        call()
    assert message in " ".join(caught.value.messages)


def _state(track):
    return EnforcementTrack.objects.get(pk=track.pk).state


# --- Opening -------------------------------------------------------------------------------------


def _open(actor, case, **values):
    arguments = {
        "kind": TrackKind.LICENCE,
        "facts": "Geen overleg",
        "notice_deadline": days(30),
        **values,
    }
    return lambda: services.open_track(case.pk, actor=actor, **arguments)


@pytest.mark.parametrize("state", ["received", "investigation", "talk", "closed"])
def test_a_track_opens_only_from_a_case_in_enforcement(client_manager, state):
    provider = OrganisationFactory()
    case = make_case(state, about_organisation=provider)
    location = LocationFactory(organisation=provider)
    refused(_open(client_manager, case, locations=[location]), "dossier in handhaving")
    assert not EnforcementTrack.objects.exists()


def test_a_licence_track_takes_locations_of_the_cases_provider_only(client_manager):
    provider = OrganisationFactory()
    case = make_case("enforcement", about_organisation=provider)
    own, foreign = LocationFactory(organisation=provider), LocationFactory()
    refused(_open(client_manager, case, locations=[]), "opvanglocaties van de organisator")
    refused(
        _open(client_manager, case, locations=[own, foreign]), "opvanglocaties van de organisator"
    )
    track = _open(client_manager, case, locations=[own.pk])()
    assert list(track.locations.all()) == [own] and track.desk is None


def test_a_licence_track_needs_a_case_about_a_provider(client_manager):
    case = make_case("enforcement")
    refused(_open(client_manager, case, locations=[LocationFactory()]), "gaat over een organisator")


def test_a_subsidy_track_needs_a_case_about_a_subsidised_desk(client_manager):
    refused(
        _open(
            client_manager,
            make_case("enforcement", about_organisation=OrganisationFactory()),
            kind="subsidy",
        ),
        "gaat over een loket",
    )
    unsubsidised = make_case("enforcement", about_desk=DeskFactory(status=DeskStatus.NOTIFIED))
    refused(_open(client_manager, unsubsidised, kind="subsidy"), "loket dat subsidie ontvangt")
    case = make_case("enforcement", about_desk=DeskFactory(status=DeskStatus.SUBSIDISED))
    track = _open(client_manager, case, kind="subsidy")()
    assert (track.desk, track.state, track.opened_by) == (
        case.about_desk,
        S.FORMAL_NOTICE,
        client_manager,
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"kind": "boete"}, "vergunningstraject of het subsidietraject"),
        ({"facts": "  "}, "Beschrijf de feiten"),
        ({"notice_deadline": None}, "termijn in de toekomst"),
        ({"notice_deadline": today()}, "termijn in de toekomst"),
    ],
)
def test_opening_needs_a_track_kind_facts_and_a_future_deadline(client_manager, values, message):
    provider = OrganisationFactory()
    case = make_case("enforcement", about_organisation=provider)
    location = LocationFactory(organisation=provider)
    refused(_open(client_manager, case, locations=[location], **values), message)


def test_track_numbers_follow_the_case(client_manager):
    case = make_case("enforcement", about_desk=DeskFactory(status=DeskStatus.SUBSIDISED))
    first = _open(client_manager, case, kind="subsidy")()
    second = _open(client_manager, case, kind="subsidy")()
    assert (first.number, second.number) == (f"{case.number}-H1", f"{case.number}-H2")


# --- Transitions -------------------------------------------------------------------------------


def test_the_intended_decision_waits_for_the_formal_notice_deadline(client_manager):
    track = make_track(notice_deadline=today())
    announce = lambda **extra: services.announce_intention(  # noqa: E731
        track.pk,
        actor=client_manager,
        **{"intended_measure": "licence_suspension", "response_deadline": days(14), **extra},
    )
    refused(announce, "nog niet verstreken")
    assert _state(track) == S.FORMAL_NOTICE
    EnforcementTrack.objects.filter(pk=track.pk).update(notice_deadline=days(-1))
    refused(lambda: announce(intended_measure=""), "voorgenomen maatregel")
    refused(lambda: announce(intended_measure="no_measure"), "voorgenomen maatregel")
    refused(lambda: announce(intended_measure="subsidy_suspension"), "voorgenomen maatregel")
    refused(lambda: announce(response_deadline=today()), "reactietermijn")
    announce(details="Een maand")
    track.refresh_from_db()
    assert (track.state, track.intended_measure_details) == (S.INTENDED_DECISION, "Een maand")
    step = track.steps.get()
    assert (step.kind, step.deadline) == ("intended_decision", days(14))
    assert step.summary == "schorsing van de vergunning: Een maand"


def test_the_response_deadline_guard_refuses_without_one(db):
    track = make_track(state=S.FORMAL_NOTICE, intended_measure="licence_suspension")
    assert "termijn waarbinnen" in str(refusal(track, "announce_intention"))


def test_the_hearing_must_be_recorded_before_deciding(client_manager):
    track = make_track(state=S.HEARING, hearing_kind="", hearing_on=None, hearing_summary="")
    refused(
        lambda: services.conclude_hearing(track.pk, actor=client_manager),
        "Registreer eerst het horen",
    )
    assert _state(track) == S.HEARING
    services.record_hearing(
        track.pk, actor=client_manager, kind="no_response", held_on=today(), summary="Geen reactie"
    )
    services.conclude_hearing(track.pk, actor=client_manager)
    assert _state(track) == S.DECISION


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"kind": "telefoon"}, "hoe de partij gehoord werd"),
        ({"held_on": days(1)}, "toekomst"),
        ({"held_on": None}, "toekomst"),
        ({"summary": " "}, "Vat samen"),
    ],
)
def test_the_hearing_record_needs_a_kind_a_date_and_a_summary(client_manager, values, message):
    track = make_track(state=S.HEARING, hearing_kind="", hearing_on=None, hearing_summary="")
    arguments = {"kind": "written", "held_on": today(), "summary": "Brief ontvangen", **values}
    refused(lambda: services.record_hearing(track.pk, actor=client_manager, **arguments), message)
    assert EnforcementTrack.objects.get(pk=track.pk).hearing_kind == ""


def test_the_hearing_is_recorded_only_in_the_hearing_step(client_manager):
    track = make_track(state=S.INTENDED_DECISION)
    refused(
        lambda: services.record_hearing(
            track.pk, actor=client_manager, kind="talk", held_on=today(), summary="x"
        ),
        "stap horen",
    )


def test_revising_the_intention_clears_the_hearing_and_needs_a_reason(client_manager):
    track = make_track(state=S.DECISION)
    revise = lambda reason: services.revise_intention(  # noqa: E731
        track.pk,
        actor=client_manager,
        intended_measure="licence_revocation",
        response_deadline=days(14),
        reason=reason,
    )
    refused(lambda: revise(" "), "reden")
    revise("Zwaardere maatregel nodig")
    track.refresh_from_db()
    assert (track.state, track.intended_measure, track.hearing_kind, track.hearing_summary) == (
        S.INTENDED_DECISION,
        "licence_revocation",
        "",
        "",
    )
    assert track.history.first().history_change_reason == "Zwaardere maatregel nodig"


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (DecisionState.PROPOSED, "wacht op goedkeuring"),
        (DecisionState.APPROVED, "niet meer herzien"),
    ],
)
def test_the_intention_cannot_be_revised_once_a_decision_is_proposed_or_approved(
    client_manager, state, message
):
    track = make_track(state=S.DECISION)
    make_decision(track, state=state)
    refused(
        lambda: services.revise_intention(
            track.pk,
            actor=client_manager,
            intended_measure="licence_revocation",
            response_deadline=days(14),
            reason="x",
        ),
        message,
    )
    assert _state(track) == S.DECISION


def test_closing_after_the_decision_needs_an_approved_one_and_nothing_waiting(client_manager):
    track = make_track(state=S.DECISION)
    close = lambda: services.close_track(track.pk, actor=client_manager)  # noqa: E731
    refused(close, "Keur eerst een beslissing goed")
    make_decision(track, state=DecisionState.REJECTED)
    refused(close, "Keur eerst een beslissing goed")
    make_decision(track, state=DecisionState.PROPOSED)
    refused(close, "Keur eerst een beslissing goed")
    assert _state(track) == S.DECISION


def test_closing_after_an_objection_waits_for_its_outcome(client_manager):
    track = make_track(state=S.OBJECTION)
    objection = make_objection(make_decision(track))
    refused(
        lambda: services.close_track(track.pk, actor=client_manager),
        "Beslis eerst over het bezwaar",
    )
    objection.dismiss()
    objection.save()
    services.close_track(track.pk, actor=client_manager)
    assert _state(track) == S.CLOSED


def test_an_objection_needs_an_approved_measure(client_manager):
    track = make_track(state=S.DECISION)
    make_decision(track, kind="no_measure")
    refused(
        lambda: services.lodge_objection(
            track.pk, actor=client_manager, lodged_on=today(), grounds="Niet akkoord"
        ),
        "maatregel oplegt",
    )
    assert _state(track) == S.DECISION


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"grounds": " "}, "motivering van het bezwaar"),
        ({"lodged_on": days(1)}, "toekomst"),
        ({"lodged_on": days(-1)}, "vóór de beslissing"),
    ],
)
def test_the_objection_needs_grounds_and_a_possible_date(client_manager, values, message):
    track = make_track(state=S.DECISION)
    make_decision(track)
    arguments = {"lodged_on": today(), "grounds": "Niet akkoord", **values}
    refused(lambda: services.lodge_objection(track.pk, actor=client_manager, **arguments), message)
    assert _state(track) == S.DECISION


def test_a_changed_track_is_a_conflict(client_manager):
    track = make_track(state=S.INTENDED_DECISION)
    with pytest.raises(services.TrackChanged):
        services.start_hearing(track.pk, actor=client_manager, expected_state=S.FORMAL_NOTICE)
    services.start_hearing(track.pk, actor=client_manager, expected_state=S.INTENDED_DECISION)
    assert _state(track) == S.HEARING


def test_closing_without_a_measure_needs_a_reason_and_sends_a_letter(client_manager):
    track = make_track(state=S.INTENDED_DECISION)
    refused(
        lambda: services.close_without_measure(track.pk, actor=client_manager, reason=""), "reden"
    )
    services.close_without_measure(track.pk, actor=client_manager, reason="Overleg georganiseerd")
    track.refresh_from_db()
    assert track.state == S.CLOSED and track.closed_at is not None
    assert track.steps.get().summary == "Overleg georganiseerd"


def test_the_page_sees_each_step_with_its_refusal(client_manager, management_user):
    track = make_track(state=S.HEARING, hearing_kind="", hearing_on=None, hearing_summary="")
    steps = {name: why for name, _label, why in services.transitions_for(track, client_manager)}
    assert steps["revise_intention"] is None
    assert "Registreer eerst het horen" in str(steps["conclude_hearing"])
    assert services.transitions_for(track, management_user) == []


def test_deciding_an_objection_needs_an_outcome_grounds_and_a_possible_date(client_manager):
    track = make_track(state=S.OBJECTION)
    objection = make_objection(make_decision(track))
    decider = lead()
    decide = lambda **values: services.decide_objection(  # noqa: E731
        objection.pk,
        actor=decider,
        **{"outcome": "upheld", "decided_on": today(), "grounds": "Gegrond", **values},
    )
    refused(lambda: decide(outcome="pending"), "gegrond of ongegrond")
    refused(lambda: decide(grounds=""), "motivering van de uitkomst")
    refused(lambda: decide(decided_on=days(1)), "toekomst")
    refused(lambda: decide(decided_on=days(-1)), "vóór het werd ingediend")
    decide(outcome=ObjectionOutcome.REJECTED)
    refused(decide, "Niet mogelijk")
