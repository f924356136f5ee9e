"""The export for the public childcare finder: the licence steps public on a date (three days
after the provider was notified), a row per step and location, as a page, CSV and XLSX downloads
and ``manage.py publication_export``; never a subsidy step, never one not public yet."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from sanctions.measures import DecisionKind, TrackKind
from sanctions.models import StepKind, TrackStep
from sanctions.publication import publication_report
from supervision import roles
from tests.factories import LocationFactory, UserFactory

from .support import days, make_decision, make_track, today

pytestmark = pytest.mark.django_db

URL = "/handhaving/publicatie/"


def _step(track, kind, notified, **values):
    step = TrackStep(
        track=track, kind=kind, summary=values.pop("summary", "Feiten"), created_by=UserFactory()
    )
    step.set_notified(notified)
    for name, value in values.items():
        setattr(step, name, value)
    step.save()
    return step


@pytest.fixture
def published():
    """A fine on two locations, notified 10 days ago (public); a formal notice notified today
    (public in three days); a subsidy step notified long ago (never public)."""
    first = LocationFactory(file_number="KO-000111", name="De Vlinder")
    second = LocationFactory(
        file_number="KO-000222", name="Het Nest", organisation=first.organisation
    )
    track = make_track(locations=[first, second])
    fine = make_decision(track, DecisionKind.FINE, amount=500)
    _step(track, StepKind.DECISION, days(-10), decision=fine, summary="boete")
    _step(track, StepKind.FORMAL_NOTICE, today())
    _step(make_track(TrackKind.SUBSIDY), StepKind.FORMAL_NOTICE, days(-30))
    return track


def _rows(report):
    (table,) = report.tables
    return [[row.label, *row.values] for row in table.rows]


def test_the_export_lists_the_public_licence_steps_per_location(published):
    rows = _rows(publication_report(today()))
    provider = published.locations.first().organisation.name
    assert [row[:4] for row in rows] == [
        ["KO-000111", "De Vlinder", provider, "beslissing"],
        ["KO-000222", "Het Nest", provider, "beslissing"],
    ]
    assert rows[0][4].startswith("bestuurlijke geldboete van € 500,00")
    assert rows[0][5:] == [days(-10).isoformat(), days(-7).isoformat()]


def test_a_step_is_listed_from_three_days_after_the_notification(published):
    assert len(_rows(publication_report(days(2)))) == 2
    later = _rows(publication_report(days(3)))
    assert [row[3] for row in later] == ["beslissing", "beslissing", "aanmaning", "aanmaning"]
    assert later[2][4] == ""  # a formal notice's facts are not published
    assert _rows(publication_report(days(-8))) == []


def test_the_page_shows_the_steps_and_downloads_them(client, client_manager, published):
    client.force_login(client_manager)
    assert reverse("sanctions:publication") == URL
    page = client.get(URL).content.decode()
    assert "KO-000111" in page and "De Vlinder" in page
    assert reverse("registry:location-detail", args=[published.locations.first().pk]) in page
    response = client.get(URL, {"date": days(3).isoformat(), "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][0] == "Dossiernummer" and len(lines) == 5
    response = client.get(URL, {"date": today().isoformat(), "export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[1]
    assert [cell.value for cell in sheet["A"]][1:] == ["KO-000111", "KO-000222"]


def test_the_track_list_links_to_the_export_for_those_who_see_everything(client, client_manager):
    client.force_login(client_manager)
    assert URL in client.get("/handhaving/").content.decode()


@pytest.mark.parametrize("role", [roles.DESK_STAFF, roles.LOCAL_GOVERNMENT])
def test_the_export_is_for_those_who_see_every_party(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "csv"}).status_code == 403


def test_the_command_writes_the_export(tmp_path, published, capsys):
    target = tmp_path / "publicatie.csv"
    call_command(
        "publication_export", "--date", today().isoformat(), "--format", "csv", "--output", target
    )
    lines = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [line[0] for line in lines] == ["Dossiernummer", "KO-000111", "KO-000222"]
    call_command("publication_export", "--date", today().isoformat())
    assert "KO-000222" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("publication_export", "--date", "31-12-2025")
    with pytest.raises(CommandError):
        call_command("publication_export", "--format", "xlsx")
