"""Provider obligations P1-P5, per location: they apply only where a desk serves the location's
municipality; P2 is derived from the offer info, the others are assessed."""

import datetime

import pytest

from tests.factories import DeskFactory, LocationFactory, municipality

from .compliance_records import GENT, MERELBEKE_MELLE, derive_location

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2025, 6, 1)


@pytest.fixture
def gent_desk():
    return DeskFactory(municipalities=[GENT])


def location_in_gent(**values):
    return LocationFactory(municipality=municipality(GENT), **values)


@pytest.mark.parametrize("code", ["P1", "P3", "P4"])
def test_assessed_duties_pending_where_a_desk_serves_the_municipality(gent_desk, code):
    row = derive_location(location_in_gent())[code]
    assert (row.status, row.derived) == ("pending", True)


@pytest.mark.parametrize("code", ["P1", "P2", "P3", "P4", "P5"])
def test_not_applicable_where_the_municipality_has_no_desk(gent_desk, code):
    location = LocationFactory(municipality=municipality(MERELBEKE_MELLE), plus_subsidy=True)
    row = derive_location(location)[code]
    assert row.status == "not_applicable"
    assert "geen lokaal loket" in row.reason


def test_not_applicable_once_the_desk_stopped_serving_the_municipality():
    desk = DeskFactory(municipalities=[GENT])
    desk.service_areas.update(valid_to=datetime.date(2025, 3, 31))
    assert derive_location(location_in_gent(), today=JUNE)["P1"].status == "not_applicable"


def test_not_applicable_for_a_location_whose_licence_ended(gent_desk):
    row = derive_location(location_in_gent(licence_status="revoked"))["P1"]
    assert row.status == "not_applicable"


def test_p2_met_with_offer_info_confirmed_in_the_last_12_months(gent_desk):
    location = location_in_gent(offer_confirmed_on=JUNE - datetime.timedelta(days=365))
    row = derive_location(location, today=JUNE)["P2"]
    assert row.status == "met"
    assert row.details == {"offer_confirmed_on": "2024-06-01"}


def test_p2_not_met_with_offer_info_older_than_12_months(gent_desk):
    location = location_in_gent(offer_confirmed_on=JUNE - datetime.timedelta(days=366))
    row = derive_location(location, today=JUNE)["P2"]
    assert row.status == "not_met"
    assert "31/05/2024" in row.reason


def test_p2_not_met_when_never_confirmed(gent_desk):
    assert derive_location(location_in_gent())["P2"].status == "not_met"


def test_p5_pending_for_a_plus_subsidy_location_with_a_desk(gent_desk):
    assert derive_location(location_in_gent(plus_subsidy=True))["P5"].status == "pending"


def test_p5_not_applicable_without_plus_subsidy(gent_desk):
    row = derive_location(location_in_gent(subsidy_level=2))["P5"]
    assert row.status == "not_applicable"
    assert "plussubsidie" in row.reason
