"""Cases for tests: made directly in a given state (the services are what the tests exercise)."""

import itertools

from django.contrib.auth.models import Group

from cases.models import Case
from supervision import roles
from tests.factories import DeskFactory, UserFactory

_numbers = itertools.count(90000)


def make_case(state="received", *, about_desk=None, about_organisation=None, **values):
    if about_desk is None and about_organisation is None:
        about_desk = DeskFactory()
    return Case.objects.create(
        number=f"SAM-2000-{next(_numbers)}",
        year=2000,
        state=state,
        about_desk=about_desk,
        about_organisation=about_organisation,
        **values,
    )


def case_handler(username="behandelaar"):
    """A client manager who may also reopen cases."""
    user = UserFactory(username=username, role=roles.CLIENT_MANAGER)
    user.groups.add(Group.objects.get(name=roles.group_name(roles.ENFORCEMENT_LEAD)))
    return user
