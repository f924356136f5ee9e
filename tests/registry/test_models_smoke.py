from stdnum.be import vat

from registry.models import Desk, Location
from tests.factories import DeskFactory, LocationFactory, valid_enterprise_number


def test_factories_build_valid_rows(db):
    desk = DeskFactory(municipalities=["11002", "11001"])
    location = LocationFactory()
    assert vat.is_valid(valid_enterprise_number())
    assert Desk.objects.get(pk=desk.pk).service_areas.count() == 2
    assert Location.objects.get(pk=location.pk).licence_status == "active"
