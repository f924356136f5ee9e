"""Each role lands on a home page that shows what it works with."""

import pytest
from django.urls import reverse

from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality


@pytest.mark.parametrize("role", list(roles.ROLES))
def test_every_role_has_a_home_page_and_navigation(client, db, role):
    user = UserFactory(username=f"u-{role}", role=role, is_staff=role == roles.ADMINISTRATOR)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert roles.ROLES[role][0] in page
    assert reverse("registry:location-list") in page


def test_desk_staff_home_shows_their_desk(client, db):
    desk = DeskFactory(name="Loket Gent", municipalities=["44021"])
    DeskFactory(name="Loket Brugge", municipalities=["31005"])
    user = UserFactory(username="loket", role=roles.DESK_STAFF, desks=[desk])
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "Loket Gent" in page and "Loket Brugge" not in page


def test_local_government_home_shows_their_municipalities(client, db):
    user = UserFactory(
        username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "Gent (44021)" in page


def test_only_staff_see_the_administration_link(client, client_manager, administrator):
    client.force_login(client_manager)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    client.force_login(administrator)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_user_without_role_is_told_to_ask_for_one(client, db):
    client.force_login(UserFactory(username="nieuw"))
    assert "nog geen rol" in client.get(reverse("home")).content.decode()
