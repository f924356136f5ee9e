"""The admin import of annual reports takes the same all-or-nothing path: a bad file shows every
Dutch error and imports nothing; a good file shows a preview, and the confirmation imports it with
history rows. Importing needs ``obligations.add_annualreport``."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from obligations.models import AnnualReport
from supervision import roles
from tests.factories import DeskFactory, UserFactory

from .reporting import FULL_2023, counts, csv_file, make_report, report_row, xlsx_file

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # in the order of registry.resources.IMPORT_FORMATS
IMPORT = reverse("admin:obligations_annualreport_import")


def upload(client, data, name, file_format=CSV):
    return client.post(
        IMPORT,
        {"resource": "0", "format": file_format, "import_file": SimpleUploadedFile(name, data)},
    )


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def desks():
    return DeskFactory(code="LLKO-1"), DeskFactory(code="LLKO-2")


def test_the_import_page_lists_the_columns(admin_client):
    response = admin_client.get(IMPORT)
    assert response.status_code == 200
    assert "unanswered_specific_care_needs" in response.text


def test_bad_file_is_refused_with_every_error_and_nothing_imported(admin_client, desks):
    make_report(desks[1], 2023, "validated", figures=FULL_2023)
    rows = [
        report_row("LLKO-1", 2023),
        report_row("LLKO-1", 2024, unique_priority_group="4", unanswered_priority_group="2"),
        report_row("LLKO-2", 2023, unique_total="90"),
        report_row("LLKO-1", 2023),
    ]
    before = counts()

    response = upload(admin_client, csv_file(rows), "jaarverslagen.csv")

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = response.text
    assert "Het bestand werd geweigerd" in page
    assert "Regel 3: unique_priority_group moet leeg zijn" in page
    assert "Regel 4: het jaarverslag 2023 van loket LLKO-2 heeft de status" in page
    assert "Regel 5: loket LLKO-1 en jaar 2023 komen meer dan eens voor" in page
    assert counts() == before


def test_good_file_preview_then_confirm(admin_client, administrator, desks):
    data = xlsx_file([report_row("LLKO-1", 2023), report_row("LLKO-2", 2024)])

    preview = upload(admin_client, data, "jaarverslagen.xlsx", XLSX)

    assert "Proefimport, er werd niets opgeslagen: 2 nieuw, 0 gewijzigd, 0 ongewijzigd." in (
        preview.text
    )
    assert AnnualReport.objects.count() == 0
    confirm = preview.context["confirm_form"]
    response = admin_client.post(
        reverse("admin:obligations_annualreport_process_import"),
        {
            name: confirm.initial[name]
            for name in ("import_file_name", "original_file_name", "format", "resource")
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("admin:obligations_annualreport_changelist")
    assert "2 nieuw, 0 gewijzigd, 0 ongewijzigd." in response.text
    assert set(AnnualReport.objects.values_list("state", flat=True)) == {"submitted"}
    history = list(AnnualReport.history.all())
    assert {h.history_user for h in history} == {administrator}
    assert {h.history_change_reason for h in history} == {"Import jaarverslagen.xlsx"}


def test_a_client_manager_may_import(client, client_manager, desks):
    client_manager.is_staff = True
    client_manager.save()
    client.force_login(client_manager)
    assert client.get(IMPORT).status_code == 200


@pytest.mark.parametrize("role", [roles.MANAGEMENT, roles.ENFORCEMENT_LEAD])
def test_others_may_not_import(client, desks, role):
    user = UserFactory(username=role, role=role, is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT).status_code == 403
    response = upload(client, csv_file([report_row("LLKO-1")]), "jaarverslagen.csv")
    assert response.status_code == 403
    assert AnnualReport.objects.count() == 0
