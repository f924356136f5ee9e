"""Search, filters, sorting and pagination of the registry lists."""

from django.test import override_settings
from django.urls import reverse

from registry.models import Province
from tests.factories import DeskFactory, LocationFactory, municipality


def _names(response):
    return [obj.name for obj in response.context["object_list"]]


def test_location_list_filters_by_province(client, client_manager):
    LocationFactory(name="In Hasselt", municipality=municipality("71072"))
    LocationFactory(name="In Gent", municipality=municipality("44021"))
    limburg = Province.objects.get(report_label="Limburg")
    client.force_login(client_manager)
    response = client.get(reverse("registry:location-list"), {"province": limburg.pk})
    assert _names(response) == ["In Hasselt"]


def test_location_list_searches_name_file_number_and_organiser(client, client_manager):
    LocationFactory(name="De Speelvogel", file_number="KO-777")
    LocationFactory(name="Het Kabouterhuis")
    client.force_login(client_manager)
    url = reverse("registry:location-list")
    assert _names(client.get(url, {"q": "speelvogel"})) == ["De Speelvogel"]
    assert _names(client.get(url, {"q": "KO-777"})) == ["De Speelvogel"]


def test_location_list_filters_by_care_type_and_status(client, client_manager):
    LocationFactory(name="Onthaalouder", family=True)
    LocationFactory(name="Crèche")
    client.force_login(client_manager)
    url = reverse("registry:location-list")
    assert _names(client.get(url, {"care_type": "family"})) == ["Onthaalouder"]
    assert _names(client.get(url, {"licence_status": "revoked"})) == []


def test_location_list_sorts_and_reverses(client, client_manager):
    LocationFactory(name="B", places=30)
    LocationFactory(name="A", places=10)
    client.force_login(client_manager)
    url = reverse("registry:location-list")
    assert _names(client.get(url, {"o": "places"})) == ["A", "B"]
    assert _names(client.get(url, {"o": "-places"})) == ["B", "A"]
    assert _names(client.get(url, {"o": "name"})) == ["A", "B"]


def test_unknown_sort_or_filter_value_is_reported_not_crashing(client, client_manager):
    LocationFactory()
    client.force_login(client_manager)
    response = client.get(reverse("registry:location-list"), {"o": "password", "care_type": "x"})
    assert response.status_code == 200
    assert response.context["filter"].errors


@override_settings(PAGE_SIZE=50)
def test_location_list_paginates(client, client_manager):
    LocationFactory.create_batch(51)
    client.force_login(client_manager)
    url = reverse("registry:location-list")
    first = client.get(url)
    assert len(first.context["object_list"]) == 50
    assert first.context["paginator"].num_pages == 2
    assert len(client.get(url, {"page": 2}).context["object_list"]) == 1


def test_desk_list_filters_by_municipality_served_today(client, client_manager):
    DeskFactory(name="Loket Gent", municipalities=["44021"])
    DeskFactory(name="Loket Brugge", municipalities=["31005"])
    client.force_login(client_manager)
    response = client.get(reverse("registry:desk-list"), {"municipality": municipality("44021").pk})
    assert _names(response) == ["Loket Gent"]
    response = client.get(
        reverse("registry:desk-list"),
        {"province": Province.objects.get(report_label="West-Vlaanderen").pk},
    )
    assert _names(response) == ["Loket Brugge"]


def test_location_list_of_a_desk_area(client, client_manager):
    desk = DeskFactory(municipalities=["44021"])
    LocationFactory(name="Gent", municipality=municipality("44021"))
    LocationFactory(name="Elders", municipality=municipality("11002"))
    client.force_login(client_manager)
    assert _names(client.get(reverse("registry:location-list"), {"desk": desk.pk})) == ["Gent"]
