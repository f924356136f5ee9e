"""Four eyes in the browser: a client manager opens a licence track from a case in enforcement,
takes it through the formal notice, the intended decision and the hearing, and proposes a fine;
they are not offered its approval. An enforcement lead approves it, and the location's page shows
the decision."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.workflow import CaseState
from sanctions.models import Decision, EnforcementTrack
from sanctions.workflow import DecisionState
from supervision import roles
from tests.cases.support import case_handler, make_case
from tests.factories import LocationFactory, OrganisationFactory, UserFactory, municipality

pytestmark = pytest.mark.browser

PASSWORD = "wachtwoord-123"  # UserFactory's


def _day(offset):
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def test_a_proposed_fine_is_approved_by_another_person(reference_data, live_server, login):
    # A client manager who also holds the approval permission: still not for her own proposal.
    handler = case_handler("katrien")
    assert handler.has_perm("sanctions.approve_decision")
    UserFactory(
        username="lies", first_name="Lies", last_name="Peeters", role=roles.ENFORCEMENT_LEAD
    )
    provider = OrganisationFactory(name="Kinderopvang De Vlinder")
    location = LocationFactory(
        organisation=provider, name="De Vlinder Gent", municipality=municipality("44021")
    )
    case = make_case(CaseState.ENFORCEMENT, about_organisation=provider, assignee=handler)

    page = login("katrien", PASSWORD)
    page.goto(f"/dossiers/{case.number}/")
    page.get_by_role("link", name="Een handhavingstraject openen").click()
    page.get_by_label("De Vlinder Gent").check()
    page.get_by_label("Feiten").fill("De vrije plaatsen worden niet aan het loket doorgegeven.")
    page.get_by_label("Rechtzetten uiterlijk op").fill(_day(14))
    page.get_by_role("button", name="Het traject openen met de aanmaning").click()
    track = EnforcementTrack.objects.get(case=case)
    expect(page.get_by_role("heading", level=1)).to_contain_text(track.number)

    # The deadline of the formal notice passes without the shortfall being put right.
    EnforcementTrack.objects.filter(pk=track.pk).update(notice_deadline=_day(-1))
    page.reload()
    page.get_by_role("link", name="Voornemen bekendmaken").click()
    page.get_by_label("Voorgenomen maatregel:", exact=True).select_option(
        label="bestuurlijke geldboete"
    )
    page.get_by_label("Reageren uiterlijk op").fill(_day(14))
    page.get_by_role("button", name="Voornemen bekendmaken").click()

    page.get_by_role("link", name="Partij horen").click()
    page.get_by_role("button", name="Partij horen").click()
    page.get_by_role("link", name="Het horen registreren").click()
    page.get_by_label("schriftelijke reactie").check()
    page.get_by_label("Samenvatting van het horen").fill("De organisator betwist de feiten niet.")
    page.get_by_role("button", name="Het horen registreren").click()
    page.get_by_role("link", name="Horen afronden").click()
    page.get_by_role("button", name="Horen afronden").click()

    page.get_by_role("link", name="Een beslissing voorstellen").click()
    page.get_by_label("Bedrag (euro)").fill("2500")
    page.get_by_label("Vervaldatum").fill(_day(30))
    page.get_by_label("Motivering").fill("Geen medewerking na aanmaning en horen.")
    page.get_by_role("button", name="De beslissing voorstellen").click()
    decision = Decision.objects.get(track=track)
    assert decision.state == DecisionState.PROPOSED
    expect(page.get_by_text("U hebt deze beslissing zelf voorgesteld")).to_be_visible()
    expect(page.get_by_role("link", name="De beslissing goedkeuren")).to_have_count(0)

    page.context.clear_cookies()
    page = login("lies", PASSWORD)
    page.goto(f"/handhaving/{track.number}/")
    page.get_by_role("link", name="De beslissing goedkeuren").click()
    page.get_by_role("button", name="De beslissing goedkeuren").click()
    expect(page.get_by_text("De beslissing is goedgekeurd.")).to_be_visible()
    decision.refresh_from_db()
    assert (decision.state, decision.reviewed_by.username) == (DecisionState.APPROVED, "lies")

    page.goto(f"/register/locaties/{location.pk}/")
    decisions = page.locator(
        "section", has=page.get_by_role("heading", name="Handhavingsbeslissingen")
    )
    expect(decisions).to_contain_text(decision.number)
    expect(decisions).to_contain_text("bestuurlijke geldboete van € 2.500,00")
