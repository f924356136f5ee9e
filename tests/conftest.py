import importlib

import pytest
from django.apps import apps

from obligations.rubrics import load_rubrics
from registry.reference_data import load_municipalities
from supervision import roles
from supervision.roles import sync_roles
from tests.factories import UserFactory


@pytest.fixture
def client_manager(db):
    return UserFactory(username="klantenbeheerder", role=roles.CLIENT_MANAGER)


@pytest.fixture
def administrator(db):
    return UserFactory(username="beheerder", role=roles.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def management_user(db):
    return UserFactory(username="management", role=roles.MANAGEMENT)


@pytest.fixture
def reference_data(transactional_db):
    """Municipalities, roles, the obligation catalogue and the report rubrics, as after
    ``migrate`` (a flush of an earlier test removed them)."""
    load_municipalities(apps)
    sync_roles()
    importlib.import_module("obligations.migrations.0003_catalogue").load(apps, None)
    load_rubrics(apps)
