""" "Who is in the desk's area on a date" is computed twice: as a query for the forms
(``obligations.area``) and in memory for the bulk derivation (``obligations.compliance``).
This test keeps the two the same on the cases that make the rule hard."""

import datetime

import pytest
import time_machine

from obligations import area
from obligations.services.compliance import load_facts
from registry import services as registry_services
from registry.models import Desk, ServiceArea
from tests.factories import DeskFactory, LocationFactory, municipality

D2024 = datetime.date(2024, 6, 1)
D2025 = datetime.date(2025, 6, 1)


def _compare(desk, day):
    facts, _desks, _locations = load_facts(
        day.year, desks=Desk.objects.filter(pk=desk.pk), today=day
    )
    by_query = {org.pk for org in area.providers_in_area(desk, day)}
    in_memory = set(facts.providers_in_area(desk.pk, day))
    assert by_query == in_memory
    return by_query


@pytest.mark.parametrize("day", [D2024, D2025])
def test_area_across_the_2025_mergers(db, day):
    desk = DeskFactory()
    borsbeek = municipality("11007", on=D2024)
    ServiceArea.objects.create(
        desk=desk, municipality=borsbeek, valid_from=borsbeek.valid_from, valid_to=borsbeek.valid_to
    )
    gent = municipality("44021", on=D2025)
    ServiceArea.objects.create(desk=desk, municipality=gent, valid_from=gent.valid_from)
    LocationFactory(municipality=municipality("11002", on=D2025))
    LocationFactory(municipality=gent)
    LocationFactory(municipality=municipality("31005", on=D2025))
    assert len(_compare(desk, day)) == 1


def test_licence_on_the_date(db):
    desk = DeskFactory(municipalities=["44021"])
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)):
        stopped = LocationFactory(municipality=municipality("44021"))
        LocationFactory(municipality=municipality("44021"))
    with time_machine.travel(datetime.datetime(2025, 9, 1, 12, tzinfo=datetime.UTC)):
        registry_services.change_licence_status(
            stopped.pk, "stop_location", actor=None, reason="Gestopt"
        )
    assert len(_compare(desk, D2025)) == 2
    assert len(_compare(desk, datetime.date(2025, 10, 1))) == 1
