"""Files are handed out only by the download view: within the user's scope (404 otherwise), as an
attachment with the stored type and nosniff."""

import pytest
from django.urls import reverse
from django.utils import translation

from supervision import roles
from tests.factories import UserFactory
from tests.obligations import evidence_support as s


@pytest.fixture(autouse=True)
def dutch():
    """Messages in Dutch, the product's language, whatever an earlier test activated."""
    with translation.override("nl-be"):
        yield


@pytest.fixture
def world(db):
    return s.make_world()


@pytest.fixture
def evidence(world):
    return s.upload(world, "uitnodiging overleg.pdf", s.pdf())


def _download(client, evidence):
    return client.get(reverse("obligations:evidence-download", args=[evidence.pk]))


def test_desk_staff_download_their_own_desks_file_as_an_attachment(client, world, evidence):
    client.force_login(world.staff_a)
    response = _download(client, evidence)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "uitnodiging overleg.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == s.pdf()


def test_a_client_manager_downloads_any_desks_file(client, client_manager, evidence):
    client.force_login(client_manager)
    assert _download(client, evidence).status_code == 200


def test_another_desks_staff_get_404_for_page_and_download(client, world, evidence):
    client.force_login(world.staff_b)
    assert _download(client, evidence).status_code == 404
    page = client.get(reverse("obligations:evidence-detail", args=[evidence.pk]))
    assert page.status_code == 404


def test_a_local_government_gets_404_even_for_a_desk_serving_it(client, world, evidence):
    client.force_login(world.local_government)
    assert _download(client, evidence).status_code == 404
    page = client.get(reverse("obligations:evidence-detail", args=[evidence.pk]))
    assert page.status_code == 404


def test_a_user_without_the_view_permission_is_forbidden(client, db, evidence):
    client.force_login(UserFactory(username="zonder-rol"))
    assert _download(client, evidence).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, evidence):
    response = _download(client, evidence)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_text_file_keeps_its_stored_type_and_a_non_ascii_name(client, world):
    evidence = s.upload(world, "één nota.txt", s.txt())
    client.force_login(world.staff_a)
    response = _download(client, evidence)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "filename*=utf-8''%C3%A9%C3%A9n%20nota.txt" in response["Content-Disposition"]


def test_a_withdrawn_file_can_still_be_downloaded(client, world, evidence):
    from obligations.services.evidence import withdraw_evidence

    withdraw_evidence(evidence.pk, user=world.staff_a, reason="Verkeerd bestand")
    client.force_login(world.staff_a)
    assert _download(client, evidence).status_code == 200


def test_the_detail_page_links_to_the_download(client, world, evidence):
    client.force_login(world.staff_a)
    page = client.get(reverse("obligations:evidence-detail", args=[evidence.pk]))
    assert page.status_code == 200
    assert reverse("obligations:evidence-download", args=[evidence.pk]) in page.text


def test_a_missing_file_answers_404(client, world, evidence):
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(world.staff_a)
    assert _download(client, evidence).status_code == 404


@pytest.mark.parametrize("role", [roles.MANAGEMENT, roles.ENFORCEMENT_LEAD])
def test_roles_that_see_everything_download_too(client, db, evidence, role):
    client.force_login(UserFactory(role=role))
    assert _download(client, evidence).status_code == 200
