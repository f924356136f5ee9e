"""Every created or changed row gets a history row with the reason and the importing user."""

import pytest

from registry.models import Desk, Location, Organisation, ServiceArea
from tests.factories import UserFactory

from .importing import csv_file, desk_row, location_row, organisation_row, run


@pytest.mark.django_db
def test_created_rows_have_a_history_row_with_reason_and_user():
    user = UserFactory(username="importeur")
    rows = [location_row(file_number=f"KO-{n}") for n in range(3)]

    run("locations", csv_file("locations", rows), file_name="locaties-2025.csv", user=user)

    history = list(Location.history.all())
    assert len(history) == 3
    assert {h.history_type for h in history} == {"+"}
    assert {h.history_change_reason for h in history} == {"Import locaties-2025.csv"}
    assert {h.history_user for h in history} == {user}
    organisations = list(Organisation.history.all())
    assert len(organisations) == 3
    assert {h.history_change_reason for h in organisations} == {"Import locaties-2025.csv"}


@pytest.mark.django_db
def test_status_is_set_when_a_row_is_created():
    run("desks", csv_file("desks", [desk_row(status="subsidised")]))
    run("locations", csv_file("locations", [location_row(licence_status="suspended")]))
    desk = Desk.objects.get()
    assert desk.status == "subsidised"
    assert desk.history.get().status == "subsidised"
    assert Location.objects.get().licence_status == "suspended"


@pytest.mark.django_db
def test_update_history_row_keeps_the_current_status():
    row = desk_row(status="notified")
    run("desks", csv_file("desks", [row]))
    row["name"] = "Lokaal Loket Kinderopvang Gent (nieuw)"
    user = UserFactory(username="beheerder2")

    report = run("desks", csv_file("desks", [row]), file_name="loketten-2.csv", user=user)

    assert report.summary == "0 nieuw, 1 gewijzigd, 0 ongewijzigd."

    latest = Desk.objects.get().history.first()
    assert latest.history_type == "~"
    assert latest.name == "Lokaal Loket Kinderopvang Gent (nieuw)"
    assert latest.status == "notified"
    assert latest.history_change_reason == "Import loketten-2.csv"
    assert latest.history_user == user
    assert ServiceArea.history.count() == 1  # the service area did not change


@pytest.mark.django_db
def test_organisation_update_writes_only_the_changed_organisations():
    rows = [organisation_row(), organisation_row(name="Het Nest bv")]
    run("organisations", csv_file("organisations", rows))
    rows[0]["phone"] = "03 555 55 55"

    report = run("organisations", csv_file("organisations", rows))

    assert report.summary == "0 nieuw, 1 gewijzigd, 1 ongewijzigd."
    assert Organisation.history.count() == 3
    assert Organisation.objects.get(name="Het Nest bv").history.count() == 1


@pytest.mark.django_db
def test_a_new_operator_is_created_and_the_desk_history_names_it():
    row = desk_row()
    run("desks", csv_file("desks", [row]))
    row.update(operator_kbo="0403170701", operator_name="Welzijnsvereniging Gent")

    report = run("desks", csv_file("desks", [row]))

    assert report.summary == "0 nieuw, 1 gewijzigd, 0 ongewijzigd. Nieuwe organisaties: 1."
    desk = Desk.objects.select_related("operator").get()
    assert desk.operator.name == "Welzijnsvereniging Gent"
    assert desk.history.first().operator_id == desk.operator_id
