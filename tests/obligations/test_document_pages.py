"""Desk document pages: a new version with today's area preselected, the list per desk, a
version's page with its history, and who may see and record what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from obligations.models import DeskDocument, DocumentKind
from obligations.services.documents import record_document
from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality
from tests.obligations.desk_records import make_world, pdf_file


@pytest.fixture
def world(db):
    return make_world()


def _document(world, kind=DocumentKind.PROCEDURE, user=None, desk=None):
    return record_document(
        user=user or world.staff,
        desk=desk or world.gent,
        kind=kind,
        adopted_on=timezone.localdate(),
        uploaded_file=pdf_file(),
    )


def test_a_single_desk_user_goes_straight_to_the_form_with_the_area_preselected(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("obligations:document-create"), {"kind": "agreements"})
    assert response.context["step"] == 2
    form = response.context["form"]
    assert set(form.initial["providers_consulted"]) == {world.kind_en_co.pk, world.zonnetje.pk}
    assert len(form.initial["recipients"]) == 2  # the two active locations in Gent
    assert world.gent_location.pk in form.initial["recipients"]
    page = response.content.decode()
    assert "Het Zonnetje" in page and "Brugse Opvang" not in page and "Gestopte Opvang" not in page


def test_a_user_of_several_desks_chooses_the_desk_first(client, world):
    world.staff.desks.add(DeskFactory(name="Loket Oostende", municipalities=["35013"]))
    client.force_login(world.staff)
    response = client.get(reverse("obligations:document-create"))
    assert response.context["step"] == 1
    response = client.get(
        reverse("obligations:document-create"), {"desk": world.brugge.pk, "kind": "procedure"}
    )
    assert response.context["step"] == 1 and response.context["form"].errors["desk"]


def test_posting_records_a_new_version(client, world):
    client.force_login(world.staff)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("obligations:document-create"),
        {
            "kind": "procedure",
            "adopted_on": today,
            "lok_advice_on": today,
            "providers_consulted": [world.kind_en_co.pk],
            "file": pdf_file("procedure.pdf"),
        },
    )
    document = DeskDocument.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("obligations:document-detail", args=[document.pk])
    assert (document.desk, document.kind, document.version) == (world.gent, "procedure", 1)


def test_a_refused_post_shows_the_reason_and_stores_nothing(client, world):
    client.force_login(world.staff)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("obligations:document-create"),
        {"kind": "agreements", "adopted_on": today, "communicated_on": today},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["file"] and errors["recipients"]
    assert not DeskDocument.objects.exists()


def test_a_user_without_the_permission_cannot_open_the_form(client, world, client_manager):
    client.force_login(client_manager)
    assert client.get(reverse("obligations:document-create")).status_code == 403


def test_the_procedure_form_explains_the_lok_advice(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("obligations:document-create"), {"kind": "procedure"}).content
    assert "D2 niet voldaan" in page.decode()


def test_detail_shows_the_version_its_versions_and_its_history(client, world):
    first = _document(world)
    second = _document(world)
    client.force_login(world.staff)
    response = client.get(reverse("obligations:document-detail", args=[second.pk]))
    assert response.status_code == 200
    assert response.context["versions"] == [second, first]
    assert response.context["evidence"] == second.evidence
    kinds = [entry["type"] for entry in response.context["history"]]
    assert len(kinds) == 2  # created, and the file added
    assert "geen advies van het LOK" in response.content.decode()


def test_scoping_other_desks_and_municipalities_get_404(client, world):
    document = _document(world)
    url = reverse("obligations:document-detail", args=[document.pk])
    client.force_login(world.brugge_staff)
    assert client.get(url).status_code == 404
    gent_official = UserFactory(
        username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    client.force_login(gent_official)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["evidence"] is None  # the file is for the desk's staff only


def test_list_per_desk_holds_only_the_users_scope(client, world):
    mine = _document(world)
    _document(world, user=world.brugge_staff, desk=world.brugge)
    client.force_login(world.staff)
    url = reverse("obligations:document-list")
    assert list(client.get(url).context["object_list"]) == [mine]
    assert list(client.get(url, {"desk": world.gent.pk}).context["object_list"]) == [mine]
    assert client.get(url, {"desk": world.brugge.pk}).context["filter"].errors


def test_list_queries_do_not_grow_with_rows(client, world):
    client.force_login(world.staff)
    url = reverse("obligations:document-list")
    _document(world)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(49):
        _document(world, kind=DocumentKind.AGREEMENTS)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert len(response.context["object_list"]) == 50
    assert len(fifty) == len(one)


def test_each_kind_asks_only_for_its_own_dates(client, world):
    client.force_login(world.staff)
    url = reverse("obligations:document-create")
    procedure = client.get(url, {"kind": "procedure"}).context["form"]
    agreements = client.get(url, {"kind": "agreements"}).context["form"]
    assert "lok_advice_on" in procedure.fields and "recipients" not in procedure.fields
    assert "recipients" in agreements.fields and "lok_advice_on" not in agreements.fields
