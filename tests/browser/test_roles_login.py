"""Every role logs in through the form and lands on its home page."""

import re

import pytest
from playwright.sync_api import expect

from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality

pytestmark = pytest.mark.browser

PASSWORD = "wachtwoord-123"  # UserFactory's


@pytest.mark.parametrize("role", list(roles.ROLES))
def test_each_role_logs_in_and_sees_its_home_page(reference_data, live_server, login, role):
    extra = {}
    if role == roles.DESK_STAFF:
        extra["desks"] = [
            DeskFactory(name="Lokaal Loket Kinderopvang Gent", municipalities=["44021"])
        ]
    elif role == roles.LOCAL_GOVERNMENT:
        extra["municipalities"] = [municipality("44021")]
    UserFactory(username=f"demo-{role}", role=role, is_staff=role == roles.ADMINISTRATOR, **extra)

    page = login(f"demo-{role}", PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_text(roles.group_name(role)).first).to_be_visible()
    if role == roles.DESK_STAFF:
        expect(page.get_by_text("Lokaal Loket Kinderopvang Gent")).to_be_visible()


def test_a_wrong_password_stays_on_the_login_page(reference_data, live_server, login):
    UserFactory(username="klant", role=roles.CLIENT_MANAGER)

    page = login("klant", "niet-het-wachtwoord")

    expect(page).to_have_url(re.compile(r"/aanmelden/"))
    expect(page.locator("[role=alert]")).to_be_visible()
