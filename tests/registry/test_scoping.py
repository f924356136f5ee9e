"""Each role sees only its own: out-of-scope desks, locations and organisations answer 404."""

import pytest
from django.urls import reverse

from registry.models import Desk, Location, Organisation
from supervision import roles
from tests.factories import DeskFactory, LocationFactory, UserFactory, municipality


@pytest.fixture
def two_desks(db):
    gent = DeskFactory(name="Loket Gent", municipalities=["44021"])
    brugge = DeskFactory(name="Loket Brugge", municipalities=["31005"])
    in_gent = LocationFactory(name="Opvang Gent", municipality=municipality("44021"))
    in_brugge = LocationFactory(name="Opvang Brugge", municipality=municipality("31005"))
    return gent, brugge, in_gent, in_brugge


@pytest.fixture
def gent_desk_user(two_desks):
    return UserFactory(username="loket-gent", role=roles.DESK_STAFF, desks=[two_desks[0]])


@pytest.fixture
def brugge_official(two_desks):
    return UserFactory(
        username="brugge", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("31005")]
    )


def test_desk_staff_sees_own_desk_and_locations_in_its_area(client, two_desks, gent_desk_user):
    gent, brugge, in_gent, in_brugge = two_desks
    client.force_login(gent_desk_user)
    assert client.get(gent.get_absolute_url()).status_code == 200
    assert client.get(in_gent.get_absolute_url()).status_code == 200
    assert client.get(in_gent.organisation.get_absolute_url()).status_code == 200
    assert client.get(gent.operator.get_absolute_url()).status_code == 200


def test_desk_staff_gets_404_on_another_desks_pages(client, two_desks, gent_desk_user):
    gent, brugge, in_gent, in_brugge = two_desks
    client.force_login(gent_desk_user)
    assert client.get(brugge.get_absolute_url()).status_code == 404
    assert client.get(in_brugge.get_absolute_url()).status_code == 404
    assert client.get(in_brugge.organisation.get_absolute_url()).status_code == 404
    assert client.get(brugge.operator.get_absolute_url()).status_code == 404


def test_desk_staff_lists_hold_only_their_scope(client, two_desks, gent_desk_user):
    client.force_login(gent_desk_user)
    desks = client.get(reverse("registry:desk-list")).context["object_list"]
    locations = client.get(reverse("registry:location-list")).context["object_list"]
    assert [d.name for d in desks] == ["Loket Gent"]
    assert [loc.name for loc in locations] == ["Opvang Gent"]


def test_desk_staff_export_holds_only_their_scope(client, two_desks, gent_desk_user):
    client.force_login(gent_desk_user)
    response = client.get(reverse("registry:location-list") + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    assert "Opvang Gent" in body and "Opvang Brugge" not in body


def test_local_government_sees_its_municipalities_and_their_desk(
    client, two_desks, brugge_official
):
    gent, brugge, in_gent, in_brugge = two_desks
    client.force_login(brugge_official)
    assert client.get(brugge.get_absolute_url()).status_code == 200
    assert client.get(in_brugge.get_absolute_url()).status_code == 200
    assert client.get(gent.get_absolute_url()).status_code == 404
    assert client.get(in_gent.get_absolute_url()).status_code == 404


def test_municipality_list_is_for_users_who_see_everything(
    client, two_desks, gent_desk_user, client_manager
):
    client.force_login(gent_desk_user)
    assert client.get(reverse("registry:municipality-list")).status_code == 403
    client.force_login(client_manager)
    assert client.get(reverse("registry:municipality-list")).status_code == 200


def test_client_manager_sees_everything(client, two_desks, client_manager):
    client.force_login(client_manager)
    for obj in two_desks:
        assert client.get(obj.get_absolute_url()).status_code == 200


def test_user_without_role_sees_nothing(client, two_desks):
    nobody = UserFactory(username="zonder-rol")
    client.force_login(nobody)
    assert client.get(reverse("registry:desk-list")).status_code == 403
    assert Desk.objects.for_user(nobody).count() == 0
    assert Location.objects.for_user(nobody).count() == 0
    assert Organisation.objects.for_user(nobody).count() == 0


def test_anonymous_is_sent_to_the_login_page(client, two_desks):
    response = client.get(reverse("registry:desk-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_former_service_area_gives_no_access(client, two_desks):
    """A desk that served a municipality in the past does not see its locations today."""
    gent, brugge, in_gent, in_brugge = two_desks
    area = brugge.service_areas.get()
    area.valid_to = area.valid_from
    area.save()
    user = UserFactory(username="loket-brugge", role=roles.DESK_STAFF, desks=[brugge])
    client.force_login(user)
    assert client.get(in_brugge.get_absolute_url()).status_code == 404
    assert client.get(brugge.get_absolute_url()).status_code == 200


def test_scope_is_one_query_whatever_the_number_of_desks(db, django_assert_num_queries, two_desks):
    many = [DeskFactory(municipalities=[]) for _ in range(5)]
    user = UserFactory(username="veel-loketten", role=roles.DESK_STAFF, desks=[two_desks[0], *many])
    user = type(user).objects.get(pk=user.pk)
    user.has_perm("supervision.view_all_parties")  # warm the permission cache
    with django_assert_num_queries(1):
        list(Location.objects.for_user(user))
