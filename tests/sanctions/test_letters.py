"""The letter of every step: the case number, the party, the legal basis of the obligations
concerned and the step's deadline, in Dutch whatever the page's language; a letter is seen by
whoever sees its step."""

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import override

from sanctions import services
from sanctions.letters import build_letter
from sanctions.measures import DecisionKind, TrackKind
from sanctions.models import EnforcementTrack, StepKind
from sanctions.workflow import ObjectionOutcome
from supervision import roles
from tests.cases.case_pages_support import add_signal, obligation
from tests.cases.support import case_handler, make_case
from tests.factories import LocationFactory, OrganisationFactory, UserFactory

from .pages_support import desk_track
from .support import days, lead, today

pytestmark = pytest.mark.django_db


def _dutch(date):
    with override("nl"):
        return date_format(date, "j F Y")


@pytest.fixture
def steps():
    """A licence track taken through every step by the services: formal notice, intended
    decision, invitation to be heard, decision (a fine), decision on the objection; and a second
    track closed without a measure. The case's signal names obligation P2."""
    handler, approver = case_handler("dossierbeheerder"), lead()
    provider = OrganisationFactory(name="Kinderopvang De Vlinder")
    location = LocationFactory(
        organisation=provider, street="Kerkstraat 1", postal_code="2000", city="Antwerpen"
    )
    case = make_case("enforcement", about_organisation=provider)
    add_signal(case, reported_by=handler, obligations=[obligation("P2")])

    def open_track():
        return services.open_track(
            case.pk,
            actor=handler,
            kind=TrackKind.LICENCE,
            facts="De vrije plaatsen worden niet doorgegeven.",
            notice_deadline=days(20),
            locations=[location],
        )

    track = open_track()
    EnforcementTrack.objects.filter(pk=track.pk).update(notice_deadline=days(-1))
    services.announce_intention(
        track.pk, actor=handler, intended_measure=DecisionKind.FINE, response_deadline=days(15)
    )
    services.start_hearing(track.pk, actor=handler)
    services.record_hearing(
        track.pk, actor=handler, kind="no_response", held_on=today(), summary="Geen reactie"
    )
    services.conclude_hearing(track.pk, actor=handler)
    decision = services.propose_decision(
        track.pk,
        actor=handler,
        kind=DecisionKind.FINE,
        amount=500,
        due_date=days(45),
        grounds="Geen medewerking na aanmaning",
    )
    services.approve_decision(decision.pk, actor=approver)
    objection = services.lodge_objection(
        track.pk, actor=handler, lodged_on=today(), grounds="Niet akkoord"
    )
    services.decide_objection(
        objection.pk,
        actor=approver,
        outcome=ObjectionOutcome.REJECTED,
        decided_on=today(),
        grounds="Ongegrond",
    )
    closed = open_track()
    services.close_without_measure(closed.pk, actor=handler, reason="Rechtgezet")
    return {step.kind: step for step in [*track.steps.all(), *closed.steps.all()]}


DEADLINES = {
    StepKind.FORMAL_NOTICE: 20,
    StepKind.INTENDED_DECISION: 15,
    StepKind.HEARING: 15,
    StepKind.DECISION: 45,
}


def _letter_url(step):
    return reverse("sanctions:step-letter", args=[step.track.number, step.pk])


@pytest.mark.parametrize("kind", StepKind.values)
def test_each_letter_has_the_case_the_party_the_legal_basis_and_the_deadline(
    client, client_manager, steps, kind
):
    step = steps[kind]
    client.force_login(client_manager)
    response = client.get(_letter_url(step))
    assert response.status_code == 200
    page = response.content.decode()
    assert step.track.case.number in page and step.track.number in page
    assert "Kinderopvang De Vlinder" in page
    assert "Kerkstraat 1" in page and "2000 Antwerpen" in page
    assert obligation("P2").legal_basis in page
    assert "Handhavingsbesluit van 11 december 2015" in page
    assert "Opgroeien regie" in page
    if kind in DEADLINES:
        assert _dutch(days(DEADLINES[kind])) in page
    else:
        assert response.context["letter"].deadline is None


def test_the_letters_say_what_each_step_is_about(steps):
    decision = build_letter(steps[StepKind.DECISION])
    assert "bestuurlijke geldboete van € 500,00" in decision.measure[1]
    assert decision.grounds == "Geen medewerking na aanmaning"
    assert decision.deadline[0] == "Vervaldatum"
    intention = build_letter(steps[StepKind.INTENDED_DECISION])
    assert intention.measure[0] == "Voorgenomen maatregel"
    closure = build_letter(steps[StepKind.CLOSURE])
    assert closure.measure == ("Reden", "Rechtgezet")
    notice = build_letter(steps[StepKind.FORMAL_NOTICE])
    assert notice.facts == "De vrije plaatsen worden niet doorgegeven."
    assert notice.subject.startswith("Aanmaning – dossier ")


def test_the_letter_is_dutch_in_an_english_page(client, client_manager, steps):
    client.force_login(client_manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(_letter_url(steps[StepKind.FORMAL_NOTICE])).content.decode()
    assert "Enforcement" in page  # the page around it is English
    assert "Geachte mevrouw, geachte heer," in page
    assert "Rechtzetten uiterlijk op" in page and "Rechtsgrond" in page


def test_desk_staff_read_the_letters_of_their_desk_only(client):
    track, staff = desk_track("formal_notice")
    step = track.steps.create(kind=StepKind.FORMAL_NOTICE, summary="x", created_by=staff)
    other, _other_staff = desk_track("formal_notice")
    other_step = other.steps.create(kind=StepKind.FORMAL_NOTICE, summary="x", created_by=staff)
    client.force_login(staff)
    page = client.get(_letter_url(step)).content.decode()
    assert track.desk.name in page
    assert client.get(_letter_url(other_step)).status_code == 404


def test_a_letter_needs_the_view_permission(client, steps):
    client.force_login(UserFactory(role=roles.LOCAL_GOVERNMENT))
    assert client.get(_letter_url(steps[StepKind.DECISION])).status_code == 403


def test_the_sender_and_place_come_from_the_settings(steps, settings):
    settings.LETTER_SENDER = ["Opgroeien – afdeling Kinderopvang", "Hallepoortlaan 27"]
    settings.LETTER_PLACE = "Sint-Gillis"
    letter = build_letter(steps[StepKind.FORMAL_NOTICE])
    assert letter.sender == ("Opgroeien – afdeling Kinderopvang", "Hallepoortlaan 27")
    assert letter.place_and_date.startswith("Sint-Gillis, ")
