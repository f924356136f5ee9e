"""Who reaches which case pages: desk staff their own desks' cases, local governments the cases
in their municipalities, management every case but read-only; out of scope is 404."""

import pytest
from django.urls import reverse

from supervision import roles
from tests.factories import DeskFactory, LocationFactory, UserFactory, municipality

from .case_pages_support import add_signal, case_in_talk, record_talk
from .support import case_handler, make_case


@pytest.fixture
def world(db):
    desk_a = DeskFactory(municipalities=["44021"])
    desk_b = DeskFactory(municipalities=["11002"])
    handler = case_handler()
    location_gent = LocationFactory(municipality=municipality("44021"))
    location_antwerp = LocationFactory(municipality=municipality("11002"))
    case_a = case_in_talk(handler, about_desk=desk_a)
    record_talk(case_a, handler)
    case_b = make_case(about_desk=desk_b)
    provider_gent = make_case(about_organisation=location_gent.organisation)
    provider_gent.locations.add(location_gent)
    provider_antwerp = make_case(about_organisation=location_antwerp.organisation)
    provider_antwerp.locations.add(location_antwerp)
    # Desk A reported a provider elsewhere: desk A sees that case too.
    reported_by_a = make_case(about_organisation=location_antwerp.organisation)
    add_signal(reported_by_a, reported_by=handler, source="desk", reporting_desk=desk_a)
    return {
        "handler": handler,
        "staff_a": UserFactory(username="loket-a", role=roles.DESK_STAFF, desks=[desk_a]),
        "staff_b": UserFactory(username="loket-b", role=roles.DESK_STAFF, desks=[desk_b]),
        "gent": UserFactory(
            username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
        ),
        "management": UserFactory(username="directie", role=roles.MANAGEMENT),
        "cases": {
            "case_a": case_a,
            "case_b": case_b,
            "provider_gent": provider_gent,
            "provider_antwerp": provider_antwerp,
            "reported_by_a": reported_by_a,
        },
    }


VISIBLE = {
    "staff_a": {"case_a", "reported_by_a"},
    "staff_b": {"case_b"},
    # Gent is served by desk A and holds the provider's location.
    "gent": {"case_a", "provider_gent"},
    "management": {"case_a", "case_b", "provider_gent", "provider_antwerp", "reported_by_a"},
}


@pytest.mark.parametrize("who", list(VISIBLE))
def test_the_list_and_the_pages_follow_the_scope(client, world, who):
    client.force_login(world[who])
    response = client.get(reverse("cases:case-list"))
    listed = {case.number for case in response.context["object_list"]}
    cases = world["cases"]
    assert listed == {cases[name].number for name in VISIBLE[who]}
    for name, case in cases.items():
        status = client.get(reverse("cases:case-detail", args=[case.number])).status_code
        assert status == (200 if name in VISIBLE[who] else 404), name


@pytest.mark.parametrize("who", ["staff_a", "gent"])
def test_talks_are_shown_to_those_who_see_the_case(client, world, who):
    client.force_login(world[who])
    response = client.get(reverse("cases:case-detail", args=[world["cases"]["case_a"].number]))
    assert len(response.context["records"].talks) == 1


def test_management_reads_every_case_but_gets_no_actions(client, world):
    client.force_login(world["management"])
    case = world["cases"]["case_a"]
    response = client.get(reverse("cases:case-detail", args=[case.number]))
    assert response.status_code == 200
    assert response.context["sees_everything"]
    page = response.content.decode()
    assert f'action="{reverse("cases:case-detail", args=[case.number])}' not in page
    assert reverse("cases:case-assign", args=[case.number]) not in page
