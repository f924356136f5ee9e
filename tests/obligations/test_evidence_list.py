"""The evidence list: desk staff see their desks' evidence, client managers all, local
governments none; filters, search, sorting; the same number of queries for 1 and 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from obligations.services.evidence import withdraw_evidence
from tests.obligations import evidence_support as s

URL = "obligations:evidence-list"


@pytest.fixture(autouse=True)
def dutch():
    """Messages in Dutch, the product's language, whatever an earlier test activated."""
    with translation.override("nl-be"):
        yield


@pytest.fixture
def world(db):
    return s.make_world()


def _listed(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse(URL) + query)
    assert response.status_code == 200
    return list(response.context["object_list"])


def test_desk_staff_see_only_their_desks_evidence(client, world, client_manager):
    own = s.upload(world, description="Van loket A")
    other = s.upload(world, user=client_manager, desk=world.desk_b, description="Van loket B")
    assert _listed(client, world.staff_a) == [own]
    assert _listed(client, world.staff_b) == [other]


def test_a_client_manager_sees_all_evidence(client, world, client_manager):
    s.upload(world)
    s.upload(world, user=client_manager, desk=world.desk_b)
    assert len(_listed(client, client_manager)) == 2


def test_a_local_government_sees_no_evidence(client, world):
    s.upload(world)
    assert _listed(client, world.local_government) == []


def test_filter_by_desk_obligation_and_year(client, world, client_manager):
    other_obligation = s.obligation("T-D1")
    a = s.upload(world)
    b = s.upload(world, user=client_manager, desk=world.desk_b, obligation=other_obligation)
    c = s.upload(world, year=s.THIS_YEAR - 1)
    assert _listed(client, client_manager, f"?desk={world.desk_b.pk}") == [b]
    assert _listed(client, client_manager, f"?obligation={other_obligation.pk}") == [b]
    assert _listed(client, client_manager, f"?year={s.THIS_YEAR - 1}") == [c]
    assert set(_listed(client, client_manager, f"?year={s.THIS_YEAR}")) == {a, b}


def test_filter_by_version_state(client, world):
    replaced = s.upload(world, description="Oud")
    newer = s.upload(world, replaces=replaced, obligation=None, year=None, description="Nieuw")
    withdrawn = s.upload(world, description="Fout")
    withdraw_evidence(withdrawn.pk, user=world.staff_a, reason="Fout bestand")
    assert _listed(client, world.staff_a, "?version=current") == [newer]
    assert _listed(client, world.staff_a, "?version=replaced") == [replaced]
    assert _listed(client, world.staff_a, "?version=withdrawn") == [withdrawn]
    assert len(_listed(client, world.staff_a)) == 3


def test_search_in_description_and_file_name(client, world):
    minutes = s.upload(world, "notulen-maart.pdf", description="Verslag")
    invitation = s.upload(world, "brief.pdf", description="Uitnodiging overleg")
    assert _listed(client, world.staff_a, "?q=notulen") == [minutes]
    assert _listed(client, world.staff_a, "?q=uitnodiging") == [invitation]


def test_sorting_by_description(client, world):
    b = s.upload(world, description="Bbb")
    a = s.upload(world, description="Aaa")
    c = s.upload(world, description="Ccc")
    assert _listed(client, world.staff_a, "?o=description") == [a, b, c]
    assert _listed(client, world.staff_a, "?o=-description") == [c, b, a]


def test_the_newest_comes_first_by_default(client, world):
    first = s.upload(world)
    second = s.upload(world)
    assert _listed(client, world.staff_a) == [second, first]


def test_the_list_shows_the_version_state(client, world):
    old = s.upload(world)
    s.upload(world, replaces=old, obligation=None, year=None)
    client.force_login(world.staff_a)
    page = client.get(reverse(URL))
    assert "vervangen" in page.text
    assert "actueel" in page.text


def test_the_list_offers_upload_only_to_who_may_upload(client, world):
    client.force_login(world.staff_a)
    assert reverse("obligations:evidence-create") in client.get(reverse(URL)).text
    client.force_login(world.local_government)
    assert reverse("obligations:evidence-create") not in client.get(reverse(URL)).text


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def _make(world, n):
    for _ in range(n):
        s.upload(world, location=world.location_a)


@pytest.mark.parametrize("who", ["staff_a", "client_manager"])
def test_list_page_queries_do_not_grow_with_rows(client, world, client_manager, who):
    user = client_manager if who == "client_manager" else world.staff_a
    client.force_login(user)
    url = reverse(URL)
    _make(world, 1)
    one, _ = _count(client, url)
    old = s.upload(world)
    s.upload(world, replaces=old, obligation=None, year=None)
    _make(world, 47)
    fifty, response = _count(client, url)
    assert len(response.context["object_list"]) == 50
    assert fifty == one, f"{one} queries for 1 row, {fifty} for 50"


def test_list_page_query_budget(client, world, django_assert_max_num_queries):
    client.force_login(world.staff_a)
    _make(world, 50)
    with django_assert_max_num_queries(12):
        client.get(reverse(URL))
