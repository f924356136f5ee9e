"""Who a desk must invite is computed for the date of the consultation: its service area on that
day (also across the 2025 mergers) and the licences active on that day."""

import datetime

import pytest
import time_machine

from obligations.area import locations_in_area, providers_in_area
from registry import services as registry_services
from registry.models import ServiceArea
from tests.factories import DeskFactory, LocationFactory, OrganisationFactory, municipality

D2024 = datetime.date(2024, 6, 1)
D2025 = datetime.date(2025, 6, 1)


def test_the_service_area_of_that_date_counts(db):
    desk = DeskFactory()
    gent_2024 = municipality("44021", on=D2024)
    ServiceArea.objects.create(
        desk=desk,
        municipality=gent_2024,
        valid_from=gent_2024.valid_from,
        valid_to=gent_2024.valid_to,
    )
    brugge = municipality("31005", on=D2025)
    ServiceArea.objects.create(desk=desk, municipality=brugge, valid_from=brugge.valid_from)
    in_gent = LocationFactory(municipality=municipality("44021", on=D2025))
    in_brugge = LocationFactory(municipality=brugge)
    # 2024: Gent only (the location is registered on the 2025 row of Gent: the same place).
    assert set(providers_in_area(desk, D2024)) == {in_gent.organisation}
    assert set(providers_in_area(desk, D2025)) == {in_brugge.organisation}


def test_a_2024_area_finds_locations_of_the_merged_municipality(db):
    desk = DeskFactory()
    borsbeek = municipality("11007", on=D2024)
    ServiceArea.objects.create(
        desk=desk, municipality=borsbeek, valid_from=borsbeek.valid_from, valid_to=borsbeek.valid_to
    )
    in_antwerpen_2025 = LocationFactory(municipality=municipality("11002", on=D2025))
    assert list(locations_in_area(desk, D2024)) == [in_antwerpen_2025]


def test_the_licence_of_that_date_counts(db):
    desk = DeskFactory(municipalities=["44021"])
    organisation = OrganisationFactory()
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)):
        location = LocationFactory(organisation=organisation, municipality=municipality("44021"))
    with time_machine.travel(datetime.datetime(2025, 9, 1, 12, tzinfo=datetime.UTC)):
        registry_services.change_licence_status(
            location.pk, "stop_location", actor=None, reason="Gestopt"
        )
    assert list(providers_in_area(desk, D2025)) == [organisation]  # active in June
    assert list(providers_in_area(desk, datetime.date(2025, 10, 1))) == []  # stopped by then


def test_a_location_entered_later_counts_with_its_first_known_status(db):
    desk = DeskFactory(municipalities=["44021"])
    with time_machine.travel(datetime.datetime(2025, 8, 1, 12, tzinfo=datetime.UTC)):
        location = LocationFactory(municipality=municipality("44021"))
    assert list(locations_in_area(desk, datetime.date(2025, 2, 1))) == [location]


@pytest.mark.parametrize("status", ["suspend_licence", "revoke_licence"])
def test_a_location_not_active_is_not_expected(db, status):
    desk = DeskFactory(municipalities=["44021"])
    location = LocationFactory(municipality=municipality("44021"))
    registry_services.change_licence_status(location.pk, status, actor=None, reason="Test")
    assert list(locations_in_area(desk, datetime.date.today())) == []
