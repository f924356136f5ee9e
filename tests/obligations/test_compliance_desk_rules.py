"""Desk obligations D1-D7: each derivation rule gives met, not met, pending, overdue and not
applicable where the rule has them (year 2025, seen from the ``today`` of each test)."""

import datetime

import pytest

from registry.models import Municipality, ServiceArea
from tests.factories import DeskFactory, LocationFactory

from .compliance_records import (
    derive_desk,
    desk_with_locations,
    make_consultation,
    make_document,
    make_evidence,
    make_report,
)

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2025, 6, 1)
NEXT_YEAR = datetime.date(2026, 1, 10)


def orgs(locations):
    return [loc.organisation for loc in locations]


# D1: every provider invited to every consultation ------------------------------------------


def test_d1_met_when_every_provider_in_the_area_is_invited():
    desk, locations = desk_with_locations(2)
    make_consultation(desk, datetime.date(2025, 3, 10), invitees=orgs(locations))
    row = derive_desk(desk)["D1"]
    assert row.status == "met"
    assert row.details["consultations"][0]["missing"] == []


def test_d1_not_met_names_the_providers_not_invited():
    desk, (invited, forgotten) = desk_with_locations(2)
    consultation = make_consultation(
        desk, datetime.date(2025, 3, 10), invitees=[invited.organisation]
    )
    row = derive_desk(desk)["D1"]
    assert row.status == "not_met"
    (entry,) = row.details["consultations"]
    assert entry["id"] == consultation.pk
    assert entry["missing"] == [
        {"id": forgotten.organisation_id, "name": forgotten.organisation.name}
    ]


def test_d1_every_consultation_counts():
    desk, locations = desk_with_locations(1)
    make_consultation(desk, datetime.date(2025, 2, 1), invitees=orgs(locations))
    make_consultation(desk, datetime.date(2025, 4, 1), kind="lok")
    assert derive_desk(desk)["D1"].status == "not_met"


def test_d1_does_not_ask_to_invite_providers_without_an_active_licence():
    desk, (active,) = desk_with_locations(1)
    LocationFactory(municipality=active.municipality, licence_status="suspended")
    make_consultation(desk, datetime.date(2025, 3, 10), invitees=[active.organisation])
    assert derive_desk(desk)["D1"].status == "met"


def test_d1_pending_while_the_year_runs_without_a_consultation():
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk, today=JUNE)["D1"].status == "pending"


def test_d1_not_met_when_the_year_ended_without_a_consultation():
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk, today=NEXT_YEAR)["D1"].status == "not_met"


def test_d1_not_applicable_in_a_year_the_desk_had_no_service_area():
    desk, _ = desk_with_locations(1)  # its area starts on 1 January 2025
    rows = derive_desk(desk, year=2024, today=NEXT_YEAR)
    assert {row.status for row in rows.values()} == {"not_applicable"}


def test_d1_not_applicable_for_a_desk_not_notified():
    desk, _ = desk_with_locations(1, status="not_notified")
    assert derive_desk(desk)["D1"].status == "not_applicable"


def test_d1_a_2024_consultation_finds_locations_registered_on_the_2025_municipality():
    """Locations keep today's municipality: the 2019-2024 row of the same NIS code is the same
    place, so the desk's 2024 area still holds them."""
    old_gent = Municipality.objects.get(nis_code="44021", valid_to=datetime.date(2024, 12, 31))
    desk = DeskFactory()
    ServiceArea.objects.create(
        desk=desk,
        municipality=old_gent,
        valid_from=datetime.date(2019, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
    )
    location = LocationFactory(
        municipality=Municipality.objects.get(nis_code="44021", valid_to=None)
    )
    make_consultation(desk, datetime.date(2024, 5, 1))
    row = derive_desk(desk, year=2024, today=NEXT_YEAR)["D1"]
    assert row.status == "not_met"
    assert row.details["consultations"][0]["missing"][0]["id"] == location.organisation_id


# D2: a current procedure with LOK advice ---------------------------------------------------


def test_d2_met_with_a_procedure_advised_by_the_lok():
    desk, _ = desk_with_locations(1)
    make_document(desk, "procedure", lok_advice_on=datetime.date(2025, 1, 10))
    assert derive_desk(desk)["D2"].status == "met"


def test_d2_not_met_without_a_procedure():
    desk, _ = desk_with_locations(1)
    row = derive_desk(desk)["D2"]
    assert row.status == "not_met"
    assert "Geen procedure" in row.reason


def test_d2_not_met_when_the_latest_version_lacks_lok_advice():
    desk, _ = desk_with_locations(1)
    make_document(desk, "procedure", version=1, lok_advice_on=datetime.date(2024, 12, 1))
    make_document(desk, "procedure", version=2, adopted_on=datetime.date(2025, 3, 1))
    row = derive_desk(desk)["D2"]
    assert row.status == "not_met"
    assert "Versie 2" in row.reason


def test_d2_a_version_adopted_after_the_year_does_not_count_for_it():
    desk, _ = desk_with_locations(1)
    make_document(desk, "procedure", version=1, lok_advice_on=datetime.date(2025, 1, 10))
    make_document(desk, "procedure", version=2, adopted_on=datetime.date(2026, 1, 5))
    assert derive_desk(desk, today=NEXT_YEAR)["D2"].status == "met"


# D3: a consultation with minutes every year -------------------------------------------------


def test_d3_met_with_a_consultation_with_minutes():
    desk, _ = desk_with_locations(1)
    make_consultation(desk, datetime.date(2025, 3, 10), minutes=True)
    assert derive_desk(desk)["D3"].status == "met"


def test_d3_pending_before_the_reminder_date():
    desk, _ = desk_with_locations(1)
    make_consultation(desk, datetime.date(2025, 3, 10))  # no minutes
    row = derive_desk(desk, today=datetime.date(2025, 10, 31))["D3"]
    assert row.status == "pending"
    assert "zonder verslag" in row.reason


def test_d3_overdue_from_the_reminder_date(settings):
    settings.CONSULTATION_REMINDER_DATE = "11-01"
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk, today=datetime.date(2025, 11, 1))["D3"].status == "overdue"


def test_d3_not_met_once_the_year_is_over():
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk, today=NEXT_YEAR)["D3"].status == "not_met"


def test_d3_withdrawn_minutes_and_other_consultations_do_not_count():
    desk, _ = desk_with_locations(1)
    other = make_consultation(desk, datetime.date(2025, 3, 10), kind="other", minutes=True)
    cooperation = make_consultation(desk, datetime.date(2025, 4, 10))
    make_evidence(
        consultation=cooperation, withdrawn_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC)
    )
    assert other.evidence.exists()
    assert derive_desk(desk, today=NEXT_YEAR)["D3"].status == "not_met"


def test_d3_not_applicable_without_a_service_area_that_year():
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk, year=2024, today=NEXT_YEAR)["D3"].status == "not_applicable"


# D4: agreements sent to every location ------------------------------------------------------


def test_d4_met_when_sent_to_every_active_location():
    desk, locations = desk_with_locations(2)
    make_document(
        desk, "agreements", communicated_on=datetime.date(2025, 2, 1), recipients=locations
    )
    assert derive_desk(desk)["D4"].status == "met"


def test_d4_not_met_names_the_locations_not_sent_to():
    desk, (sent, missed) = desk_with_locations(2)
    make_document(desk, "agreements", communicated_on=datetime.date(2025, 2, 1), recipients=[sent])
    row = derive_desk(desk)["D4"]
    assert row.status == "not_met"
    assert row.details["missing_locations"] == [
        {"id": missed.pk, "name": missed.name, "file_number": missed.file_number}
    ]


def test_d4_not_met_when_never_sent():
    desk, locations = desk_with_locations(1)
    make_document(desk, "agreements")
    row = derive_desk(desk)["D4"]
    assert (row.status, "niet naar de opvanglocaties gestuurd" in row.reason) == ("not_met", True)


def test_d4_not_met_without_agreements():
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk)["D4"].status == "not_met"


def test_d4_only_the_latest_version_counts():
    desk, locations = desk_with_locations(1)
    make_document(
        desk,
        "agreements",
        version=1,
        communicated_on=datetime.date(2025, 2, 1),
        recipients=locations,
    )
    make_document(desk, "agreements", version=2, adopted_on=datetime.date(2025, 5, 1))
    assert derive_desk(desk)["D4"].status == "not_met"


# D5: the annual data shared with every provider --------------------------------------------


def test_d5_met_when_last_years_report_is_shared_with_every_provider():
    desk, locations = desk_with_locations(2)
    make_report(
        desk, 2024, state="shared", shared_on=datetime.date(2025, 4, 1), recipients=orgs(locations)
    )
    row = derive_desk(desk)["D5"]
    assert row.status == "met"
    assert "Jaarverslag 2024" in row.reason


def test_d5_not_met_names_the_providers_not_sent_the_report():
    desk, (sent, missed) = desk_with_locations(2)
    make_report(
        desk,
        2024,
        state="published",
        shared_on=datetime.date(2025, 4, 1),
        recipients=[sent.organisation],
    )
    row = derive_desk(desk)["D5"]
    assert row.status == "not_met"
    assert row.details["missing_providers"] == [
        {"id": missed.organisation_id, "name": missed.organisation.name}
    ]


def test_d5_pending_before_the_report_deadline():
    desk, _ = desk_with_locations(1)
    make_report(desk, 2024, state="validated")
    row = derive_desk(desk, today=datetime.date(2025, 3, 31))["D5"]
    assert row.status == "pending"
    assert "31/03/2025" in row.reason


def test_d5_overdue_after_the_report_deadline(settings):
    settings.ANNUAL_REPORT_DEADLINE = "04-30"
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk, today=datetime.date(2025, 4, 30))["D5"].status == "pending"
    assert derive_desk(desk, today=datetime.date(2025, 5, 1))["D5"].status == "overdue"


def test_d5_not_met_when_the_year_ended_unshared():
    desk, _ = desk_with_locations(1)
    make_report(desk, 2024, state="validated", shared_on=datetime.date(2025, 4, 1))
    assert derive_desk(desk, today=NEXT_YEAR)["D5"].status == "not_met"


def test_d5_not_applicable_without_a_service_area_that_year():
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk, year=2024, today=NEXT_YEAR)["D5"].status == "not_applicable"


# D6 and D7: assessed ------------------------------------------------------------------------


def test_d6_pending_until_a_client_manager_assesses():
    desk, _ = desk_with_locations(1)
    row = derive_desk(desk)["D6"]
    assert (row.status, row.derived) == ("pending", True)


def test_d7_not_applicable_when_the_operator_runs_no_location():
    desk, _ = desk_with_locations(1)
    assert derive_desk(desk)["D7"].status == "not_applicable"


def test_d7_pending_assessment_when_the_operator_also_runs_a_location():
    desk, _ = desk_with_locations(1)
    LocationFactory(organisation=desk.operator, municipality=desk.service_areas.get().municipality)
    assert derive_desk(desk)["D7"].status == "pending"


def test_d7_an_operator_whose_locations_all_stopped_no_longer_runs_any():
    desk, _ = desk_with_locations(1)
    LocationFactory(organisation=desk.operator, licence_status="stopped")
    assert derive_desk(desk)["D7"].status == "not_applicable"
