"""Every registry admin page opens for the functional administrator."""

import pytest
from django.urls import reverse

from registry.models import ServiceArea
from tests.factories import DeskFactory, LocationFactory


@pytest.fixture
def admin_client(client, administrator):
    DeskFactory(municipalities=["44021"])
    LocationFactory()
    client.force_login(administrator)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "organisation",
        "desk",
        "location",
        "servicearea",
        "municipality",
        "province",
        "municipalitymerger",
    ],
)
def test_changelist_opens(admin_client, model):
    assert admin_client.get(reverse(f"admin:registry_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", ["organisation", "desk", "location", "servicearea"])
def test_add_form_opens(admin_client, model):
    assert admin_client.get(reverse(f"admin:registry_{model}_add")).status_code == 200


def test_service_area_change_and_history(admin_client):
    area = ServiceArea.objects.get()
    assert (
        admin_client.get(reverse("admin:registry_servicearea_change", args=[area.pk])).status_code
        == 200
    )
    assert (
        admin_client.get(reverse("admin:registry_servicearea_history", args=[area.pk])).status_code
        == 200
    )


def test_user_changelist_opens(admin_client):
    assert admin_client.get(reverse("admin:supervision_user_changelist")).status_code == 200
