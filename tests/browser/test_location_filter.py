"""A client manager narrows the location list to one province."""

import re

import pytest
from playwright.sync_api import expect

from supervision import roles
from tests.factories import LocationFactory, UserFactory, municipality

pytestmark = pytest.mark.browser


def test_client_manager_filters_locations_by_province(reference_data, live_server, login):
    LocationFactory(name="Kinderdagverblijf Hasselt Centrum", municipality=municipality("71072"))
    LocationFactory(name="Onthaalouder Genk", municipality=municipality("71016"), family=True)
    LocationFactory(name="Kinderdagverblijf Gent Zuid", municipality=municipality("44021"))
    LocationFactory(name="Crèche Antwerpen Noord", municipality=municipality("11002"))
    UserFactory(username="klantenbeheerder", role=roles.CLIENT_MANAGER)
    page = login("klantenbeheerder", "wachtwoord-123")

    page.goto("/register/locaties/")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(4)
    filter_form = page.locator("form:has(select[name=province])")
    filter_form.locator("select[name=province]").select_option(label="Limburg")
    filter_form.locator("[type=submit]").click()

    expect(page).to_have_url(re.compile(r"[?&]province=\d+"))
    expect(rows).to_have_count(2)
    expect(page.get_by_role("link", name="Kinderdagverblijf Hasselt Centrum")).to_be_visible()
    expect(page.get_by_role("link", name="Onthaalouder Genk")).to_be_visible()
    for row in rows.all():
        expect(row).to_contain_text("Limburg")
    expect(page.get_by_text("Kinderdagverblijf Gent Zuid")).to_have_count(0)
    expect(page.get_by_text("Crèche Antwerpen Noord")).to_have_count(0)
