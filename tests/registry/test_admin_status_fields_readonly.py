"""In the admin, the protected status fields are read-only and in no form; the history cannot
revert desks and locations; reference data is read-only."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from registry.models import Desk, Location, Municipality, MunicipalityMerger, Province
from tests.factories import DeskFactory, LocationFactory, municipality


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.parametrize(("model", "state_field"), [(Desk, "status"), (Location, "licence_status")])
def test_state_field_is_in_no_admin_form(administrator, model, state_field):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = administrator
    assert state_field in model_admin.get_readonly_fields(request)
    for obj in (None, model()):
        form = model_admin.get_form(request, obj)
        assert state_field not in form.base_fields


def test_posting_a_status_to_the_change_form_does_not_change_it(admin_client):
    desk = DeskFactory(status="notified")
    url = reverse("admin:registry_desk_change", args=[desk.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.text

    response = admin_client.post(
        url,
        {
            "code": desk.code,
            "name": "Andere naam",
            "operator": desk.operator_id,
            "status": "stopped",
            "service_areas-TOTAL_FORMS": "0",
            "service_areas-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    desk.refresh_from_db()
    assert (desk.name, desk.status) == ("Andere naam", "notified")


def test_location_change_form_keeps_the_licence_status(admin_client):
    location = LocationFactory()
    page = admin_client.get(reverse("admin:registry_location_change", args=[location.pk]))
    assert page.status_code == 200
    assert 'name="licence_status"' not in page.text
    assert "active" in page.text or "actief" in page.text


@pytest.mark.parametrize(
    ("factory", "model"), [(DeskFactory, "desk"), (LocationFactory, "location")]
)
def test_history_revert_is_disabled(admin_client, factory, model):
    obj = factory()
    version = obj.history.first()
    url = reverse(f"admin:registry_{model}_simple_history", args=[obj.pk, version.pk])

    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # no "Revert" button

    assert admin_client.post(url, {}).status_code == 403
    assert (
        admin_client.get(reverse(f"admin:registry_{model}_history", args=[obj.pk])).status_code
        == 200
    )


@pytest.mark.parametrize("model", [Province, Municipality, MunicipalityMerger])
def test_reference_data_is_read_only(admin_client, model):
    name = model._meta.model_name
    assert admin_client.get(reverse(f"admin:registry_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:registry_{name}_add")).status_code == 403
    obj = model.objects.first()
    change = admin_client.get(reverse(f"admin:registry_{name}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.text
    assert (
        admin_client.post(
            reverse(f"admin:registry_{name}_delete", args=[obj.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_every_registry_model_is_registered():
    from django.apps import apps

    for model in apps.get_app_config("registry").get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert model in admin.site._registry, model


def test_user_admin_shows_desks_and_municipalities(admin_client, administrator):
    desk = DeskFactory()
    administrator.desks.add(desk)
    administrator.municipalities.add(municipality("44021"))
    page = admin_client.get(reverse("admin:supervision_user_change", args=[administrator.pk]))
    assert page.status_code == 200
    assert 'name="desks"' in page.text
    assert 'name="municipalities"' in page.text
    assert 'name="groups"' in page.text


def test_export_from_the_admin_has_the_import_columns(admin_client):
    DeskFactory(municipalities=["44021"])
    response = admin_client.post(
        reverse("admin:registry_desk_export"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"deskresource_{c}": "on"
                for c in (
                    "desk_code",
                    "name",
                    "operator_kbo",
                    "operator_name",
                    "status",
                    "central_registration",
                    "municipalities",
                    "valid_from",
                )
            },
        },
    )
    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header == (
        "desk_code,name,operator_kbo,operator_name,status,central_registration,municipalities,"
        "valid_from"
    )
