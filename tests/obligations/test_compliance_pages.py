"""The compliance pages: the desk matrix (D1-D7), the location matrix (P1-P5) and the detail page
naming what is missing; scoped per role, with a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obligations.models import Compliance
from obligations.services import compliance
from supervision import roles
from tests.factories import DeskFactory, LocationFactory, UserFactory, municipality

from .compliance_records import (
    derive_desk,
    derive_location,
    desk_with_locations,
    make_consultation,
    make_document,
    make_report,
)

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2025, 6, 1)
MATRIX = reverse("obligations:compliance-matrix")
LOCATIONS = reverse("obligations:compliance-location-matrix")


def detail(row):
    return reverse("obligations:compliance-detail", args=[row.pk])


def statuses(response, party):
    cells = response.context["cells"]
    return [cells[(party.pk, o.pk)].status for o in response.context["columns"]]


def test_the_matrix_shows_every_desk_by_obligation(client, client_manager):
    desk, _ = desk_with_locations(1)
    rows = derive_desk(desk)
    client.force_login(client_manager)
    response = client.get(MATRIX, {"year": "2025"})
    assert response.status_code == 200
    assert [o.code for o in response.context["columns"]] == [f"D{n}" for n in range(1, 8)]
    ((shown, _cells),) = response.context["matrix"]
    assert shown == desk
    assert statuses(response, desk) == [rows[f"D{n}"].status for n in range(1, 8)]
    assert detail(rows["D1"]) in response.content.decode()


def test_the_matrix_defaults_to_this_year(client, client_manager):
    client.force_login(client_manager)
    response = client.get(MATRIX, {"year": "1999"})
    assert response.context["year"] == datetime.date.today().year


def test_the_matrix_filters_by_province_and_status(client, client_manager):
    gent, gent_locations = desk_with_locations(1)
    antwerpen, _ = desk_with_locations(1, nis="11002")
    make_consultation(gent, datetime.date(2025, 3, 1), invitees=[gent_locations[0].organisation])
    compliance.recompute_all(2025, today=JUNE)
    client.force_login(client_manager)
    oost_vlaanderen = gent.service_areas.get().municipality.province
    response = client.get(MATRIX, {"year": "2025", "province": oost_vlaanderen.pk})
    assert [desk for desk, _ in response.context["matrix"]] == [gent]
    response = client.get(MATRIX, {"year": "2025", "obligation": "D1", "status": "met"})
    assert [desk for desk, _ in response.context["matrix"]] == [gent]
    response = client.get(MATRIX, {"year": "2025", "obligation": "D1", "status": "pending"})
    assert [desk for desk, _ in response.context["matrix"]] == [antwerpen]


def test_every_desk_fits_on_one_page(client, client_manager):
    for _ in range(3):
        DeskFactory(municipalities=["44021"])
    client.force_login(client_manager)
    response = client.get(MATRIX, {"per_page": "all"})
    assert len(response.context["matrix"]) == 3
    assert response.context["paginator"].per_page >= 250


def test_the_location_matrix_shows_p1_to_p5(client, client_manager):
    DeskFactory(municipalities=["44021"])
    location = LocationFactory(municipality=municipality("44021"), plus_subsidy=True)
    rows = derive_location(location)
    client.force_login(client_manager)
    response = client.get(LOCATIONS, {"year": "2025"})
    assert [o.code for o in response.context["columns"]] == ["P1", "P2", "P3", "P4", "P5"]
    ((shown, _cells),) = response.context["matrix"]
    assert shown == location
    assert statuses(response, location) == [rows[f"P{n}"].status for n in range(1, 6)]


# The detail page ------------------------------------------------------------------------------


def test_d1_page_names_the_providers_not_invited(client, client_manager):
    desk, (invited, forgotten) = desk_with_locations(2)
    make_consultation(desk, datetime.date(2025, 3, 10), invitees=[invited.organisation])
    d1 = derive_desk(desk)["D1"]
    client.force_login(client_manager)
    page = client.get(detail(d1)).content.decode()
    assert "Providers not invited" in page or "Niet uitgenodigde organisatoren" in page
    assert forgotten.organisation.name in page
    assert invited.organisation.name not in page


def test_d5_page_names_the_providers_not_sent_the_report(client, client_manager):
    desk, (sent, missed) = desk_with_locations(2)
    make_report(
        desk,
        2024,
        state="shared",
        shared_on=datetime.date(2025, 4, 1),
        recipients=[sent.organisation],
    )
    d5 = derive_desk(desk)["D5"]
    client.force_login(client_manager)
    page = client.get(detail(d5)).content.decode()
    assert missed.organisation.name in page
    assert sent.organisation.name not in page


def test_d4_page_names_the_locations_not_sent_the_agreements(client, client_manager):
    desk, (sent, missed) = desk_with_locations(2)
    make_document(desk, "agreements", communicated_on=datetime.date(2025, 2, 1), recipients=[sent])
    d4 = derive_desk(desk)["D4"]
    client.force_login(client_manager)
    page = client.get(detail(d4)).content.decode()
    assert missed.name in page and missed.file_number in page
    assert sent.file_number not in page


def test_the_detail_page_quotes_the_obligation_and_shows_history(client, client_manager):
    desk, _ = desk_with_locations(1)
    d3 = derive_desk(desk)["D3"]
    client.force_login(client_manager)
    page = client.get(detail(d3)).content.decode()
    assert "Het lokaal loket moet minstens 1 keer per jaar" in page
    assert "Automatisch afgeleid" in page


def test_a_client_manager_assesses_from_the_page(client, client_manager):
    desk, _ = desk_with_locations(1)
    d6 = derive_desk(desk)["D6"]
    client.force_login(client_manager)
    assert client.get(detail(d6)).context["assessment_form"] is not None
    response = client.post(
        reverse("obligations:compliance-assess", args=[d6.pk]),
        {"status": "not_met", "reason": "Klacht van een organisator gegrond."},
    )
    assert response.status_code == 302
    d6.refresh_from_db()
    assert (d6.status, d6.derived) == ("not_met", False)
    page = client.get(detail(d6)).content.decode()
    assert "Klacht van een organisator gegrond." in page


def test_the_page_refuses_an_assessment_without_reason(client, client_manager):
    desk, _ = desk_with_locations(1)
    d6 = derive_desk(desk)["D6"]
    client.force_login(client_manager)
    response = client.post(
        reverse("obligations:compliance-assess", args=[d6.pk]),
        {"status": "met", "reason": "  "},
        follow=True,
    )
    assert list(response.context["messages"])
    d6.refresh_from_db()
    assert (d6.status, d6.derived) == ("pending", True)


def test_a_derived_obligation_offers_only_a_waiver(client, client_manager):
    desk, _ = desk_with_locations(1)
    d2 = derive_desk(desk)["D2"]
    client.force_login(client_manager)
    form = client.get(detail(d2)).context["assessment_form"]
    assert [value for value, _label in form.fields["status"].choices] == ["waived"]
    client.post(
        reverse("obligations:compliance-assess", args=[d2.pk]),
        {"status": "met", "reason": "Toch in orde."},
    )
    d2.refresh_from_db()
    assert (d2.status, d2.derived) == ("not_met", True)


def test_withdrawing_needs_confirmation(client, client_manager):
    desk, _ = desk_with_locations(1)
    d6 = derive_desk(desk)["D6"]
    compliance.assess(d6.pk, user=client_manager, status="waived", reason="Tijdelijk.")
    client.force_login(client_manager)
    url = reverse("obligations:compliance-withdraw-assessment", args=[d6.pk])
    client.post(url, {"withdraw-reason": "Vergissing."})
    d6.refresh_from_db()
    assert d6.status == "waived"
    client.post(url, {"withdraw-reason": "Vergissing.", "withdraw-confirm": "on"})
    d6.refresh_from_db()
    assert (d6.status, d6.derived) == ("pending", True)


# Scoping --------------------------------------------------------------------------------------


def test_desk_staff_see_only_their_own_desk(client):
    own, _ = desk_with_locations(1)
    other, _ = desk_with_locations(1, nis="11002")
    own_rows, other_rows = derive_desk(own), derive_desk(other)
    staff = UserFactory(role=roles.DESK_STAFF, desks=[own])
    client.force_login(staff)
    response = client.get(MATRIX, {"year": "2025"})
    assert [desk for desk, _ in response.context["matrix"]] == [own]
    assert client.get(detail(own_rows["D1"])).status_code == 200
    assert client.get(detail(other_rows["D1"])).status_code == 404


def test_desk_staff_cannot_assess(client):
    desk, _ = desk_with_locations(1)
    d6 = derive_desk(desk)["D6"]
    staff = UserFactory(role=roles.DESK_STAFF, desks=[desk])
    client.force_login(staff)
    assert "assessment_form" not in client.get(detail(d6)).context
    response = client.post(
        reverse("obligations:compliance-assess", args=[d6.pk]),
        {"status": "met", "reason": "Zelf goedgekeurd."},
    )
    assert response.status_code == 403
    d6.refresh_from_db()
    assert d6.status == "pending"


def test_local_government_sees_the_desks_serving_it_and_its_locations(client):
    served, (location,) = desk_with_locations(1)
    elsewhere, (far,) = desk_with_locations(1, nis="11002")
    compliance.recompute_all(2025, today=JUNE)
    official = UserFactory(
        role=roles.LOCAL_GOVERNMENT, municipalities=[served.service_areas.get().municipality]
    )
    client.force_login(official)
    assert [d for d, _ in client.get(MATRIX, {"year": "2025"}).context["matrix"]] == [served]
    assert [loc for loc, _ in client.get(LOCATIONS, {"year": "2025"}).context["matrix"]] == [
        location
    ]
    mine = Compliance.objects.get(location=location, obligation__code="P2", year=2025)
    theirs = Compliance.objects.get(location=far, obligation__code="P2", year=2025)
    assert client.get(detail(mine)).status_code == 200
    assert client.get(detail(theirs)).status_code == 404
    other_desk_row = Compliance.objects.get(desk=elsewhere, obligation__code="D1", year=2025)
    assert client.get(detail(other_desk_row)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(MATRIX)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# Query counts ---------------------------------------------------------------------------------


def _count(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


def test_the_desk_matrix_queries_do_not_grow_with_desks(client, client_manager):
    client.force_login(client_manager)
    DeskFactory(municipalities=["44021", "44088"])
    compliance.recompute_all(2025, today=JUNE)
    one, _ = _count(client, MATRIX, {"year": "2025"})
    for _ in range(49):
        DeskFactory(municipalities=["11002"])
    compliance.recompute_all(2025, today=JUNE)
    fifty, response = _count(client, MATRIX, {"year": "2025"})
    assert len(response.context["matrix"]) == 50
    assert fifty == one, f"{one} queries for 1 desk, {fifty} for 50"


def test_the_filtered_desk_matrix_queries_do_not_grow_with_desks(client, client_manager):
    client.force_login(client_manager)
    params = {"year": "2025", "obligation": "D1", "status": "pending", "province": ""}
    DeskFactory(municipalities=["44021"])
    compliance.recompute_all(2025, today=JUNE)
    one, _ = _count(client, MATRIX, params)
    for _ in range(49):
        DeskFactory(municipalities=["44021"])
    compliance.recompute_all(2025, today=JUNE)
    fifty, response = _count(client, MATRIX, params)
    assert len(response.context["matrix"]) == 50
    assert fifty == one


def test_the_location_matrix_queries_do_not_grow_with_locations(client, client_manager):
    client.force_login(client_manager)
    DeskFactory(municipalities=["44021"])
    LocationFactory(municipality=municipality("44021"))
    compliance.recompute_all(2025, today=JUNE)
    one, _ = _count(client, LOCATIONS, {"year": "2025"})
    LocationFactory.create_batch(49, municipality=municipality("44021"))
    compliance.recompute_all(2025, today=JUNE)
    fifty, response = _count(client, LOCATIONS, {"year": "2025"})
    assert len(response.context["matrix"]) == 50
    assert fifty == one


def test_desk_staff_matrix_queries_do_not_grow_with_desks(client):
    desk = DeskFactory(municipalities=["44021"])
    staff = UserFactory(role=roles.DESK_STAFF, desks=[desk])
    client.force_login(staff)
    compliance.recompute_all(2025, today=JUNE)
    one, _ = _count(client, MATRIX, {"year": "2025"})
    staff.desks.add(*[DeskFactory(municipalities=["44021"]) for _ in range(49)])
    compliance.recompute_all(2025, today=JUNE)
    fifty, response = _count(client, MATRIX, {"year": "2025"})
    assert len(response.context["matrix"]) == 50
    assert fifty == one
