"""A desk withdraws an item with a reason, after a confirmation page; the file and its history
stay. It needs obligations.withdraw_evidence and the item within the user's scope."""

import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
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
    return s.upload(world)


def test_withdrawing_keeps_the_file_and_the_history(world, evidence):
    withdraw_evidence(evidence.pk, user=world.staff_a, reason="Verkeerd overleg")

    evidence.refresh_from_db()
    assert evidence.withdrawn_at is not None
    assert evidence.withdrawn_by == world.staff_a
    assert evidence.withdrawal_reason == "Verkeerd overleg"
    assert os.path.exists(evidence.file.path)
    records = list(evidence.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_change_reason == "Verkeerd overleg"
    assert records[-1].history_user == world.staff_a
    assert Evidence.objects.current().count() == 0


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_withdrawing_needs_a_reason(world, evidence, reason):
    with pytest.raises(ValidationError) as refusal:
        withdraw_evidence(evidence.pk, user=world.staff_a, reason=reason)
    assert "reden" in refusal.value.messages[0]
    evidence.refresh_from_db()
    assert evidence.withdrawn_at is None


def test_withdrawing_needs_the_permission(world, evidence, client_manager):
    with pytest.raises(PermissionDenied):
        withdraw_evidence(evidence.pk, user=client_manager, reason="Geen recht")
    evidence.refresh_from_db()
    assert evidence.withdrawn_at is None


def test_another_desks_staff_cannot_withdraw(world, evidence):
    with pytest.raises(Evidence.DoesNotExist):
        withdraw_evidence(evidence.pk, user=world.staff_b, reason="Niet van ons")


def test_an_item_is_withdrawn_only_once(world, evidence):
    withdraw_evidence(evidence.pk, user=world.staff_a, reason="Eerste keer")
    with pytest.raises(ValidationError) as refusal:
        withdraw_evidence(evidence.pk, user=world.staff_a, reason="Tweede keer")
    assert "al ingetrokken" in refusal.value.messages[0]


def test_a_replaced_version_cannot_be_withdrawn(world, evidence):
    s.upload(world, replaces=evidence, obligation=None, year=None)
    with pytest.raises(ValidationError) as refusal:
        withdraw_evidence(evidence.pk, user=world.staff_a, reason="Oud")
    assert "huidige versie" in refusal.value.messages[0]


def test_the_confirmation_page_withdraws_nothing(client, world, evidence):
    client.force_login(world.staff_a)
    page = client.get(reverse("obligations:evidence-withdraw", args=[evidence.pk]))
    assert page.status_code == 200
    assert 'name="reason"' in page.text
    evidence.refresh_from_db()
    assert evidence.withdrawn_at is None


def test_withdrawing_through_the_page(client, world, evidence):
    client.force_login(world.staff_a)
    url = reverse("obligations:evidence-withdraw", args=[evidence.pk])
    response = client.post(url, {"reason": "Dubbel opgeladen"})
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.withdrawal_reason == "Dubbel opgeladen"
    page = client.get(reverse("obligations:evidence-detail", args=[evidence.pk]))
    assert "Ingetrokken op" in page.text
    assert "Dubbel opgeladen" in page.text


def test_the_page_refuses_an_empty_reason(client, world, evidence):
    client.force_login(world.staff_a)
    url = reverse("obligations:evidence-withdraw", args=[evidence.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    evidence.refresh_from_db()
    assert evidence.withdrawn_at is None


def test_the_withdraw_page_is_forbidden_without_the_permission(client, evidence, client_manager):
    client.force_login(client_manager)
    url = reverse("obligations:evidence-withdraw", args=[evidence.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Geen recht"}).status_code == 403


def test_the_withdraw_page_is_not_found_for_another_desk(client, world, evidence):
    client.force_login(world.staff_b)
    url = reverse("obligations:evidence-withdraw", args=[evidence.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Niet van ons"}).status_code == 404


def test_the_detail_page_offers_withdrawal_only_when_permitted(
    client, world, evidence, client_manager
):
    url = reverse("obligations:evidence-detail", args=[evidence.pk])
    withdraw_url = reverse("obligations:evidence-withdraw", args=[evidence.pk])
    client.force_login(world.staff_a)
    assert withdraw_url in client.get(url).text
    client.force_login(client_manager)
    assert withdraw_url not in client.get(url).text


def test_withdrawing_minutes_recomputes_the_desks_consultation_duty(
    world, django_capture_on_commit_callbacks
):
    """Obligation D3 counts consultations with minutes: withdrawn minutes no longer count."""
    import datetime

    from obligations.models import Compliance, Consultation
    from obligations.services import compliance

    day = datetime.date(s.THIS_YEAR, 1, 10)
    consultation = Consultation.objects.create(
        desk=world.desk_a, date=day, kind="cooperation", recorded_by=world.staff_a
    )
    d3 = Compliance.objects.filter(desk=world.desk_a, year=s.THIS_YEAR, obligation__code="D3")
    minutes = s.upload(
        world, "notulen.pdf", consultation=consultation, obligation=None, year=s.THIS_YEAR
    )
    compliance.recompute_for_desk(world.desk_a.pk, s.THIS_YEAR)
    assert d3.get().status == "met"

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_evidence(minutes.pk, user=world.staff_a, reason="Verkeerd verslag")

    assert d3.get().status != "met"
