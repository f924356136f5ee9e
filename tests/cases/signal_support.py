"""What the signal tests share: a small world of two desks (Gent and Antwerpen) with their staff, a
local government for Gent, a client manager, a provider in each city, and helpers to record a
signal and to post the report form."""

from types import SimpleNamespace

from django.urls import reverse

from cases import services
from cases.models import Advice, Source
from obligations.models import Obligation
from supervision import roles
from tests.factories import (
    DeskFactory,
    LocationFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
)

GENT, ANTWERPEN = "44021", "11002"
CREATE_URL = reverse("cases:signal-create")


def make_world():
    desk_a = DeskFactory(name="Loket Gent", municipalities=[GENT])
    desk_b = DeskFactory(name="Loket Antwerpen", municipalities=[ANTWERPEN])
    provider_a = OrganisationFactory(name="Zonnebloem vzw")
    provider_b = OrganisationFactory(name="Klavertje bv")
    return SimpleNamespace(
        desk_a=desk_a,
        desk_b=desk_b,
        staff_a=UserFactory(username="loket-a", role=roles.DESK_STAFF, desks=[desk_a]),
        staff_b=UserFactory(username="loket-b", role=roles.DESK_STAFF, desks=[desk_b]),
        local_government=UserFactory(
            username="gemeente-gent",
            role=roles.LOCAL_GOVERNMENT,
            municipalities=[municipality(GENT)],
        ),
        client_manager=UserFactory(username="klantenbeheerder", role=roles.CLIENT_MANAGER),
        provider_a=provider_a,
        provider_b=provider_b,
        location_a=LocationFactory(
            organisation=provider_a, name="Zonnebloem Gent", municipality=municipality(GENT)
        ),
        location_a_elsewhere=LocationFactory(
            organisation=provider_a,
            name="Zonnebloem Antwerpen",
            municipality=municipality(ANTWERPEN),
        ),
        location_b=LocationFactory(
            organisation=provider_b, name="Klavertje", municipality=municipality(ANTWERPEN)
        ),
    )


def provider_obligation():
    return Obligation.objects.filter(party_type="provider").order_by("code").first()


def record(actor, **values):
    """A signal through the service, from a parent by mail unless told otherwise."""
    values.setdefault("source", Source.PARENT)
    values.setdefault("channel", "mail")
    values.setdefault("description", "Ouder meldt dat de opvang niet meewerkt.")
    return services.record_signal(actor=actor, **values)


def form_data(**values):
    """The report form's POST data: a description and whatever is given."""
    data = {"description": "De organisator reageert niet op de uitnodiging."}
    data.update({key: value for key, value in values.items() if value is not None})
    return data


def negative_advice(world, **values):
    values = {
        "municipality": municipality(GENT),
        "organisation": world.provider_a,
        "location": world.location_a,
        "context": "licence_application",
        "verdict": "negative",
        "grounds": "Geen samenwerking met het loket.",
        "cooperation_shortfall": True,
        "recorded_by": world.local_government,
        **values,
    }
    return Advice.objects.create(**values)
