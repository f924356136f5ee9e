"""Shared set-up for the tests of a desk's records: a desk in Gent with two providers, one provider
whose only location is stopped, and a desk in Brugge with its own provider."""

import dataclasses

from registry import services as registry_services
from supervision import roles
from tests.factories import (
    DeskFactory,
    LocationFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
)


@dataclasses.dataclass
class World:
    gent: object
    brugge: object
    staff: object
    brugge_staff: object
    kind_en_co: object
    zonnetje: object
    stopped: object
    in_brugge: object
    gent_location: object


def make_world():
    gent = DeskFactory(name="Loket Gent", municipalities=["44021"])
    brugge = DeskFactory(name="Loket Brugge", municipalities=["31005"])
    kind_en_co = OrganisationFactory(name="Kind & Co")
    zonnetje = OrganisationFactory(name="Het Zonnetje")
    stopped = OrganisationFactory(name="Gestopte Opvang")
    in_brugge = OrganisationFactory(name="Brugse Opvang")
    gent_location = LocationFactory(organisation=kind_en_co, municipality=municipality("44021"))
    LocationFactory(organisation=zonnetje, municipality=municipality("44021"))
    stopped_location = LocationFactory(organisation=stopped, municipality=municipality("44021"))
    registry_services.change_licence_status(
        stopped_location.pk, "stop_location", actor=None, reason="Gestopt"
    )
    LocationFactory(organisation=in_brugge, municipality=municipality("31005"))
    staff = UserFactory(username="loket-gent", role=roles.DESK_STAFF, desks=[gent])
    brugge_staff = UserFactory(username="loket-brugge", role=roles.DESK_STAFF, desks=[brugge])
    return World(
        gent, brugge, staff, brugge_staff, kind_en_co, zonnetje, stopped, in_brugge, gent_location
    )


def pdf_file(name="verslag.pdf"):
    """A small valid PDF, as a browser would upload it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")
