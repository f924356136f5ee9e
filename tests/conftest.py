import pytest

from supervision import roles
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
