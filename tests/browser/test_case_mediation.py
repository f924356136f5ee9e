"""A client manager takes a case from received to closed with the outcome "resolved through
mediation", through the case page only, and reads every step back in the timeline."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, Channel, Source
from cases.services import record_signal
from cases.workflow import CaseState, Outcome
from supervision import roles
from tests.factories import LocationFactory, OrganisationFactory, UserFactory, municipality

pytestmark = pytest.mark.browser

PASSWORD = "wachtwoord-123"  # UserFactory's


def test_client_manager_closes_a_case_through_mediation(reference_data, live_server, login):
    handler = UserFactory(
        username="katrien", first_name="Katrien", last_name="Claes", role=roles.CLIENT_MANAGER
    )
    provider = OrganisationFactory(name="Kinderopvang De Vlinder")
    LocationFactory(organisation=provider, municipality=municipality("44021"))
    signal = record_signal(
        actor=handler,
        source=Source.PARENT,
        channel=Channel.PHONE,
        description="De organisator geeft de vrije plaatsen niet door aan het loket.",
        about_organisation=provider,
    )

    page = login("katrien", PASSWORD)
    page.goto(f"/dossiers/meldingen/{signal.pk}/")
    page.get_by_role("button", name="Een dossier openen").click()
    number = Case.objects.get().number
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)

    actions = page.locator("section", has=page.get_by_role("heading", name="Dossier behandelen"))
    # Before an assignee, the investigation cannot start, and the page says why.
    expect(actions).to_contain_text("Wijs eerst een klantenbeheerder toe")
    actions.get_by_label("Klantenbeheerder").select_option(label="Katrien Claes")
    actions.get_by_role("button", name="Toewijzen").click()

    page.get_by_role("link", name="Onderzoek starten").click()
    page.get_by_label("Reden").fill("Melding ontvankelijk.")
    page.get_by_role("button", name="Onderzoek starten").click()

    page.get_by_role("link", name="Gesprek starten").click()
    page.get_by_role("button", name="Gesprek starten").click()

    page.get_by_role("link", name="Gesprek registreren").click()
    page.get_by_label("Deelnemers").fill("Katrien Claes; verantwoordelijke De Vlinder")
    page.get_by_label("Wat werd afgesproken").fill("Vrije plaatsen wekelijks doorgeven.")
    page.get_by_label("afspraak gemaakt").check()
    page.get_by_role("button", name="Gesprek registreren").click()

    page.get_by_role("link", name="Dossier afsluiten").click()
    page.get_by_label("Uitkomst").select_option(label="opgelost via bemiddeling")
    page.get_by_label("Reden").fill("De organisator geeft de plaatsen opnieuw door.")
    page.get_by_role("button", name="Dossier afsluiten").click()

    case = Case.objects.get()
    assert case.state == CaseState.CLOSED and case.outcome == Outcome.RESOLVED_MEDIATION
    expect(page.get_by_text("opgelost via bemiddeling").first).to_be_visible()

    timeline = page.locator("ol.timeline")
    entries = timeline.locator("li")
    # Newest first: closure, talk state, investigation, assignment, opening, the signal.
    expect(timeline).to_contain_text("De organisator geeft de plaatsen opnieuw door.")
    expect(timeline).to_contain_text("Melding ontvankelijk.")
    expect(timeline).to_contain_text("Vrije plaatsen wekelijks doorgeven.")
    expect(timeline).to_contain_text(re.compile(r"ontvangen\s*→\s*onderzoek", re.IGNORECASE))
    expect(timeline).to_contain_text(re.compile(r"gesprek\s*→\s*afgesloten", re.IGNORECASE))
    expect(entries.first).to_contain_text("Katrien Claes")
    expect(entries.first).to_contain_text("De organisator geeft de plaatsen opnieuw door.")
    # No step left but reopening, which a client manager may not do.
    expect(page.get_by_role("link", name="Dossier afsluiten")).to_have_count(0)
