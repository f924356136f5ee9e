"""An export has exactly the import's columns, and importing it again changes nothing."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command

from registry import imports, resources
from registry.models import ServiceArea
from tests.factories import (
    DeskFactory,
    LocationFactory,
    OrganisationFactory,
    municipality,
)

from .importing import counts, run


@pytest.fixture
def registry(db):
    OrganisationFactory(email="info@example.be", phone="02 123 45 67")
    desk = DeskFactory(municipalities=["44021", "44083"], central_registration=True)
    closed = ServiceArea.objects.get(desk=desk, municipality__nis_code="44083")
    closed.valid_to = datetime.date(2025, 6, 30)
    closed.save()
    ServiceArea.objects.create(
        desk=desk, municipality=municipality("23088"), valid_from=datetime.date(2025, 7, 1)
    )
    DeskFactory(status="not_notified")  # no service area at all
    LocationFactory(family=True, street="Dorpstraat 3", postal_code="2000", city="Antwerpen")
    LocationFactory(plus_subsidy=True, opening_hours="ma-vr 7:00-18:00\nza 8:00-12:00")


@pytest.mark.parametrize("kind", ["organisations", "desks", "locations"])
def test_export_has_the_import_columns(registry, kind):
    dataset = resources.export_dataset(kind)
    assert dataset.headers == list(imports.COLUMNS[kind])


def test_desk_export_gives_the_open_service_area(registry):
    rows = resources.export_dataset("desks").dict
    by_status = {row["status"]: row for row in rows}
    assert by_status["subsidised"]["municipalities"] == "23088;44021"
    assert by_status["subsidised"]["valid_from"] == "2025-07-01"
    assert by_status["subsidised"]["central_registration"] == "yes"
    assert by_status["not_notified"]["municipalities"] == ""
    assert by_status["not_notified"]["valid_from"] == ""


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["organisations", "desks", "locations"])
def test_reimporting_an_export_changes_nothing(registry, kind, extension):
    data = resources.export_dataset(kind).export(extension)
    if isinstance(data, str):
        data = data.encode()
    before = counts()

    report = run(kind, data, file_name=f"export.{extension}")

    assert report.errors == []
    assert report.created == report.updated == 0
    assert report.unchanged == len(resources.export_dataset(kind))
    assert counts() == before


def test_export_command_writes_a_file_the_import_takes(registry, tmp_path):
    path = tmp_path / "locaties.xlsx"
    call_command("export_registry", "locations", str(path), stdout=io.StringIO())
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == list(imports.COLUMNS["locations"])
    before = counts()
    report = imports.import_file("locations", path)
    assert report.summary == "0 nieuw, 0 gewijzigd, 2 ongewijzigd."
    assert counts() == before
