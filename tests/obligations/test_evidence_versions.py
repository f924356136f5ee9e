"""Evidence is append-only: a correction is a new version that replaces the current one; the old
version stays, shows "replaced by version N", and cannot be replaced again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from obligations.models import Evidence
from obligations.services.evidence import withdraw_evidence
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
    return s.upload(world, "verslag.pdf", location=world.location_a)


def _new_version(world, old, name="verslag-v2.pdf", **kwargs):
    return s.upload(world, name, replaces=old, obligation=None, year=None, **kwargs)


def test_a_new_version_links_to_the_old_one_and_keeps_its_links(world, evidence):
    new = _new_version(world, evidence)
    assert new.replaces == evidence
    evidence.refresh_from_db()
    assert evidence.replaced_by == new
    assert (new.desk, new.location, new.obligation, new.year) == (
        evidence.desk,
        evidence.location,
        evidence.obligation,
        evidence.year,
    )
    assert list(Evidence.objects.current()) == [new]
    assert "verslag.pdf" in new.history.get().history_change_reason


def test_the_old_version_shows_it_was_replaced(client, world, evidence):
    new = _new_version(world, evidence)
    client.force_login(world.staff_a)
    page = client.get(reverse("obligations:evidence-detail", args=[evidence.pk]))
    assert "Vervangen door" in page.text
    assert "versie 2" in page.text
    assert reverse("obligations:evidence-detail", args=[new.pk]) in page.text
    assert reverse("obligations:evidence-new-version", args=[evidence.pk]) not in page.text
    assert [v["evidence"] for v in page.context["versions"]] == [evidence, new]


def test_only_the_current_version_can_be_replaced(world, evidence):
    _new_version(world, evidence)
    files_before = s.media_files()
    with pytest.raises(ValidationError) as refusal:
        _new_version(world, evidence, "verslag-v3.pdf")
    assert "huidige versie" in refusal.value.messages[0]
    assert s.media_files() == files_before
    assert Evidence.objects.count() == 2


def test_a_withdrawn_item_cannot_get_a_new_version(world, evidence):
    withdraw_evidence(evidence.pk, user=world.staff_a, reason="Fout")
    with pytest.raises(ValidationError) as refusal:
        _new_version(world, evidence)
    assert "ingetrokken" in refusal.value.messages[0]


def test_a_new_version_cannot_move_to_another_desk(world, evidence, client_manager):
    with pytest.raises(ValidationError):
        _new_version(world, evidence, user=client_manager, desk=world.desk_b)


def test_a_new_version_is_refused_like_any_upload(world, evidence):
    with pytest.raises(ValidationError):
        _new_version(world, evidence, "verslag.pdf.exe", content=s.windows_executable())
    assert evidence.__class__.objects.current().get() == evidence


def test_another_desks_staff_cannot_add_a_version(client, world, evidence):
    client.force_login(world.staff_b)
    url = reverse("obligations:evidence-new-version", args=[evidence.pk])
    assert client.get(url).status_code == 404


def test_a_new_version_through_the_page(client, world, evidence):
    client.force_login(world.staff_a)
    url = reverse("obligations:evidence-new-version", args=[evidence.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["description"] == evidence.description

    response = client.post(
        url, {"description": "Verbeterd verslag", "file": s.uploaded("verslag-v2.odt", s.odt())}
    )

    new = Evidence.objects.get(replaces=evidence)
    assert response.status_code == 302
    assert response["Location"] == reverse("obligations:evidence-detail", args=[new.pk])
    assert new.content_type == "application/vnd.oasis.opendocument.text"


def test_the_page_for_a_replaced_version_sends_back(client, world, evidence):
    _new_version(world, evidence)
    client.force_login(world.staff_a)
    url = reverse("obligations:evidence-new-version", args=[evidence.pk])
    response = client.post(url, {"description": "Nog eens", "file": s.uploaded("x.pdf", s.pdf())})
    assert response.status_code == 302
    assert Evidence.objects.count() == 2


def test_nothing_deletes_evidence(client, world, evidence):
    from django.urls import get_resolver

    names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]
    assert not [name for name in names if "evidence" in name and "delete" in name]
    client.force_login(world.staff_a)
    response = client.post(reverse("obligations:evidence-detail", args=[evidence.pk]))
    assert response.status_code == 405
    assert Evidence.objects.filter(pk=evidence.pk).exists()
