"""The admin import takes the same all-or-nothing path: a bad file shows every Dutch error and
imports nothing; a good file shows a preview, and the confirmation imports it with history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Desk, Location
from tests.factories import DeskFactory, LocationFactory, UserFactory

from .importing import counts, csv_file, desk_row, location_row, xlsx_file

CSV, XLSX = "0", "1"  # in the order of registry.resources.IMPORT_FORMATS


def upload(client, model, data, name, file_format=CSV):
    return client.post(
        reverse(f"admin:registry_{model}_import"),
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, data),
        },
    )


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_import_page_lists_the_columns(admin_client):
    response = admin_client.get(reverse("admin:registry_desk_import"))
    assert response.status_code == 200
    assert "valid_from" in response.text
    assert "central_registration" in response.text


def test_bad_file_is_refused_with_every_error_and_nothing_imported(admin_client):
    LocationFactory(file_number="KO-9")
    rows = [
        location_row(file_number="KO-1"),
        location_row(file_number="KO-2", care_type="family", places="12"),
        location_row(file_number="KO-9", licence_status="revoked"),
        location_row(file_number="KO-1"),
    ]
    before = counts()

    response = upload(admin_client, "location", csv_file("locations", rows), "locaties.csv")

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = response.text
    assert "Het bestand werd geweigerd" in page
    assert "Regel 3: gezinsopvang heeft hoogstens 8 plaatsen, niet 12." in page
    assert "Regel 4: locatie KO-9 heeft vergunningsstatus" in page
    assert "Regel 5: dossiernummer KO-1 komt meer dan eens voor in het bestand" in page
    assert counts() == before


def test_csv_from_excel_in_windows_1252_with_semicolons(admin_client):
    data = csv_file("locations", [location_row(city="Liège")], delimiter=";").decode()
    preview = upload(admin_client, "location", data.encode("cp1252"), "locaties.csv")
    assert "1 nieuw, 0 gewijzigd, 0 ongewijzigd." in preview.text


@pytest.mark.parametrize(
    ("data", "name", "file_format", "message"),
    [
        (csv_file("locations", []), "locaties.csv", CSV, "Het bestand bevat geen gegevens."),
        (b"geen werkboek", "locaties.xlsx", XLSX, "Het bestand kan niet gelezen worden als XLSX."),
    ],
)
def test_empty_or_unreadable_file_is_refused_in_dutch(
    admin_client, data, name, file_format, message
):
    response = upload(admin_client, "location", data, name, file_format)
    assert message in response.text
    assert "confirm_form" not in response.context


def test_missing_column_is_refused(admin_client):
    data = b"desk_code,name\nLLKO-1,Loket\n"
    response = upload(admin_client, "desk", data, "loketten.csv")
    assert "Kolom ontbreekt: operator_kbo." in response.text
    assert Desk.objects.count() == 0


def test_good_file_preview_then_confirm(admin_client, administrator):
    rows = [desk_row(desk_code="LLKO-1"), desk_row(desk_code="LLKO-2", municipalities="44083")]
    before = counts()

    preview = upload(admin_client, "desk", csv_file("desks", rows), "loketten.csv")

    assert preview.status_code == 200
    assert "Proefimport, er werd niets opgeslagen: 2 nieuw, 0 gewijzigd, 0 ongewijzigd." in (
        preview.text
    )
    assert counts() == before  # the preview saves nothing
    confirm = preview.context["confirm_form"]

    response = admin_client.post(
        reverse("admin:registry_desk_process_import"),
        {
            name: confirm.initial[name]
            for name in ("import_file_name", "original_file_name", "format", "resource")
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("admin:registry_desk_changelist")
    assert "Loketten: 2 nieuw, 0 gewijzigd, 0 ongewijzigd. Nieuwe organisaties: 2." in (
        response.text
    )
    history = list(Desk.history.all())
    assert len(history) == 2
    assert {h.history_user for h in history} == {administrator}
    assert {h.history_change_reason for h in history} == {"Import loketten.csv"}


def test_xlsx_through_the_admin(admin_client):
    data = xlsx_file("locations", [location_row(places=10)])
    preview = upload(admin_client, "location", data, "locaties.xlsx", file_format=XLSX)
    assert "1 nieuw" in preview.text
    confirm = preview.context["confirm_form"]
    admin_client.post(
        reverse("admin:registry_location_process_import"),
        {
            name: confirm.initial[name]
            for name in ("import_file_name", "original_file_name", "format", "resource")
        },
    )
    assert Location.objects.get().places == 10


def test_a_status_change_between_preview_and_confirm_refuses_the_confirmation(admin_client):
    desk = DeskFactory(code="LLKO-1", status="notified", municipalities=["44021"])
    row = desk_row(
        desk_code="LLKO-1",
        name="Nieuwe naam",
        operator_kbo=desk.operator.enterprise_number,
        status="notified",
    )
    preview = upload(admin_client, "desk", csv_file("desks", [row]), "loketten.csv")
    confirm = preview.context["confirm_form"]
    Desk.objects.filter(pk=desk.pk).update(status="subsidised")  # as a status change would

    response = admin_client.post(
        reverse("admin:registry_desk_process_import"),
        {
            name: confirm.initial[name]
            for name in ("import_file_name", "original_file_name", "format", "resource")
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("admin:registry_desk_import")
    assert "Regel 2: loket LLKO-1 heeft status" in response.text
    desk.refresh_from_db()
    assert desk.name != "Nieuwe naam"


def test_import_needs_the_import_permission(client, db):
    staff = UserFactory(username="medewerker", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:registry_location_import")).status_code == 403
