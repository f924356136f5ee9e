"""Who sees which local-government advice (``supervision.access``): a local government the advice
of its municipalities, users who see everything all of it, desk staff none."""

import pytest
from django.urls import reverse

from cases.models import Advice
from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality

from .advice_support import ANTWERP, GHENT, give, negative, official, positive, provider_in


@pytest.fixture
def world(db):
    """Ghent and Antwerp each advised on the same provider, active in both."""
    ghent_location = provider_in(GHENT)
    antwerp_location = provider_in(ANTWERP, organisation=ghent_location.organisation)
    ghent, antwerp = official("gent", GHENT), official("antwerpen", ANTWERP)
    ghent_advice = give(ghent, positive(ghent_location))
    antwerp_advice = give(antwerp, negative(antwerp_location))
    return ghent, antwerp, ghent_advice, antwerp_advice


def test_a_local_government_sees_only_the_advice_of_its_municipalities(world):
    ghent, antwerp, ghent_advice, antwerp_advice = world
    assert list(Advice.objects.for_user(ghent)) == [ghent_advice]
    assert list(Advice.objects.for_user(antwerp)) == [antwerp_advice]


def test_another_municipalitys_advice_is_absent_from_the_list_and_not_found(client, world):
    ghent, antwerp, ghent_advice, antwerp_advice = world
    client.force_login(ghent)
    listed = client.get(reverse("cases:advice-list"))
    assert list(listed.context["object_list"]) == [ghent_advice]
    assert client.get(reverse("cases:advice-detail", args=[ghent_advice.pk])).status_code == 200
    assert client.get(reverse("cases:advice-detail", args=[antwerp_advice.pk])).status_code == 404


def test_desk_staff_see_no_advice(client, world):
    desk = DeskFactory(municipalities=[GHENT])
    staff = UserFactory(username="loket", role=roles.DESK_STAFF, desks=[desk])
    assert not Advice.objects.for_user(staff).exists()
    client.force_login(staff)
    assert client.get(reverse("cases:advice-list")).status_code == 403
    ghent_advice = world[2]
    assert client.get(reverse("cases:advice-detail", args=[ghent_advice.pk])).status_code == 403


@pytest.mark.parametrize("role", [roles.CLIENT_MANAGER, roles.ENFORCEMENT_LEAD, roles.MANAGEMENT])
def test_users_who_see_everything_see_all_advice(client, world, role):
    user = UserFactory(username=f"alles-{role}", role=role)
    client.force_login(user)
    listed = client.get(reverse("cases:advice-list"))
    assert set(listed.context["object_list"]) == {world[2], world[3]}
    for advice in world[2:]:
        assert client.get(reverse("cases:advice-detail", args=[advice.pk])).status_code == 200


def test_the_provider_page_shows_each_local_government_its_own_advice(client, world):
    ghent, antwerp, ghent_advice, antwerp_advice = world
    page = reverse("registry:organisation-detail", args=[ghent_advice.organisation_id])
    client.force_login(ghent)
    assert client.get(page).context["party_advice"] == [ghent_advice]
    client.force_login(antwerp)
    assert client.get(page).context["party_advice"] == [antwerp_advice]


def test_recording_for_another_municipality_is_refused(client, world):
    ghent = world[0]
    elsewhere = provider_in(ANTWERP)
    client.force_login(ghent)
    response = client.post(
        reverse("cases:advice-create"),
        {
            "municipality": municipality(ANTWERP).pk,
            "organisation": elsewhere.organisation_id,
            **_form(elsewhere),
        },
    )
    assert response.status_code == 200
    assert response.context["step"] == 1
    assert Advice.objects.count() == 2


def test_only_local_governments_open_the_form(client, world, client_manager):
    client.force_login(client_manager)
    assert client.get(reverse("cases:advice-create")).status_code == 403
    without = UserFactory(username="zonder-gemeente", role=roles.LOCAL_GOVERNMENT)
    client.force_login(without)
    assert client.get(reverse("cases:advice-create")).status_code == 403


def _form(location):
    return {
        "location": location.pk,
        "context": "licence_application",
        "verdict": "negative",
        "grounds": "Geen samenwerking.",
        "given_on": "2026-01-05",
    }
