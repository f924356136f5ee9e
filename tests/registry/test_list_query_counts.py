"""List pages cost the same number of queries for 1 row and for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision import roles
from tests.factories import DeskFactory, LocationFactory, OrganisationFactory, UserFactory

PAGES = {
    "registry:desk-list": lambda n: [
        DeskFactory(municipalities=["11002", "11001"]) for _ in range(n)
    ],
    "registry:location-list": lambda n: LocationFactory.create_batch(n),
    "registry:organisation-list": lambda n: OrganisationFactory.create_batch(n),
    "registry:municipality-list": lambda n: [
        DeskFactory(municipalities=["11002"]) for _ in range(n)
    ],
}


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("page", list(PAGES))
def test_list_page_queries_do_not_grow_with_rows(client, client_manager, page):
    client.force_login(client_manager)
    url = reverse(page)
    PAGES[page](1)
    one, _ = _count(client, url)
    PAGES[page](49)
    fifty, response = _count(client, url)
    assert len(response.context["object_list"]) >= min(50, 1)
    assert fifty == one, f"{page}: {one} queries for 1 row, {fifty} for 50"


@pytest.mark.parametrize("page", ["registry:desk-list", "registry:location-list"])
def test_scoped_list_queries_do_not_grow_with_rows(db, client, page):
    desk = DeskFactory(municipalities=["11002"])
    user = UserFactory(username="loket", role=roles.DESK_STAFF, desks=[desk])
    client.force_login(user)
    url = reverse(page)
    LocationFactory()
    one, _ = _count(client, url)
    LocationFactory.create_batch(49)
    fifty, _ = _count(client, url)
    assert fifty == one


def test_list_page_query_budget(client, client_manager, django_assert_max_num_queries):
    """The absolute budget: session, user, permissions, filter choices, count, page."""
    client.force_login(client_manager)
    LocationFactory.create_batch(50)
    with django_assert_max_num_queries(10):
        client.get(reverse("registry:location-list"))


@pytest.mark.parametrize(
    "page", ["registry:desk-list", "registry:location-list", "registry:organisation-list"]
)
def test_list_export_queries_do_not_grow_with_rows(client, client_manager, page):
    client.force_login(client_manager)
    url = reverse(page) + "?export=xlsx"
    PAGES[page](1)
    one, response = _count(client, url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    PAGES[page](49)
    fifty, _ = _count(client, url)
    assert fifty == one
