"""A desk user records a consultation with its minutes, and sees obligation D3 met on the home
page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from supervision import roles
from tests.factories import (
    DeskFactory,
    LocationFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.browser

PASSWORD = "wachtwoord-123"  # UserFactory's
MINUTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_desk_user_records_a_consultation_and_d3_is_met(reference_data, live_server, login):
    desk = DeskFactory(name="Lokaal Loket Kinderopvang Gent", municipalities=["44021"])
    for name in ("Kind & Co", "Het Zonnetje"):
        LocationFactory(
            organisation=OrganisationFactory(name=name), municipality=municipality("44021")
        )
    UserFactory(username="loket-gent", role=roles.DESK_STAFF, desks=[desk])

    page = login("loket-gent", PASSWORD)
    d3 = page.locator("tr", has=page.locator("th", has_text="D3"))
    expect(d3).to_contain_text("nog niet berekend")
    d3.get_by_role("link", name="Overleg registreren").click()

    # Step 1: the date; step 2 lists the providers in the area, all invited.
    page.get_by_label("Datum van het overleg").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Volgende: genodigden").click()
    invited = page.get_by_role("group", name="Uitgenodigde organisatoren")
    expect(invited.get_by_label("Kind & Co")).to_be_checked()
    expect(invited.get_by_label("Het Zonnetje")).to_be_checked()
    page.get_by_label("Onderwerp").fill("Samenwerkingsafspraken")
    page.get_by_role("group", name="Aanwezig").get_by_label("Het Zonnetje").check()
    page.get_by_label(re.compile(r"^Verslag:?$")).set_input_files(
        {"name": "verslag.pdf", "mimeType": "application/pdf", "buffer": MINUTES}
    )
    page.get_by_role("button", name="Overleg registreren").click()

    expect(page.get_by_text("Het overleg is geregistreerd.")).to_be_visible()
    expect(page.get_by_text("Elke organisator met een actieve opvanglocatie")).to_be_visible()
    expect(page.get_by_role("link", name="Verslag van het overleg van")).to_be_visible()

    page.goto("/")
    expect(d3.locator(".compliance-met")).to_be_visible()
    expect(d3.locator(".compliance-met")).to_have_text("voldaan")
