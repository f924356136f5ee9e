"""The cases admin: every model registered; the workflow's records are read-only for the functional
administrator (and even for a superuser), a case's state is in no admin form, a POST to a change
view changes nothing, and the history's revert is disabled."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from cases import services
from cases.models import (
    Advice,
    Case,
    CaseNote,
    CaseNumber,
    Notification,
    Signal,
    SignalAttachment,
    Talk,
)
from tests.cases import signal_support as s
from tests.cases.support import make_case
from tests.factories import UserFactory
from tests.obligations import evidence_support as files


@pytest.fixture
def world(db):
    return s.make_world()


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def records(world):
    """One row of every cases model."""
    signal = s.record(
        world.client_manager,
        about_organisation=world.provider_a,
        attachments=[(files.uploaded("bewijs.pdf", files.pdf()), "Bewijs")],
    )
    case = services.create_case_from_signal(signal.pk, actor=world.client_manager)
    talk = Talk.objects.create(
        case=case,
        held_on=case.opened_at.date(),
        participants="Loket en organisator",
        party="provider",
        outcome="agreement_reached",
        recorded_by=world.client_manager,
    )
    note = services.add_note(case.pk, actor=world.client_manager, text="Intern")
    return {
        Signal: signal,
        Case: case,
        Talk: talk,
        CaseNote: note,
        Advice: s.negative_advice(world),
        Notification: Notification.objects.create(
            case=case, event="created", email="x@example.be", subject="Nieuw", body="Tekst"
        ),
        SignalAttachment: signal.attachments.get(),
        CaseNumber: CaseNumber.objects.get(),
    }


def _url(model, view, *args):
    return reverse(f"admin:cases_{model._meta.model_name}_{view}", args=args)


def test_every_cases_model_is_registered():
    for model in apps.get_app_config("cases").get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert model in admin.site._registry, model


@pytest.mark.parametrize("model", [Signal, Case, Talk, CaseNote, Advice, SignalAttachment])
def test_workflow_records_have_their_history(model):
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


def test_no_admin_form_holds_a_field_not_even_the_state(records, administrator, superuser):
    factory = RequestFactory()
    for user in (administrator, superuser):
        for model, obj in records.items():
            model_admin = admin.site._registry[model]
            request = factory.get("/")
            request.user = user
            assert not model_admin.has_add_permission(request)
            assert not model_admin.has_change_permission(request, obj)
            assert not model_admin.has_delete_permission(request, obj)
            form = model_admin.get_form(request, obj, change=True)
            assert "state" not in form.base_fields
            assert list(form.base_fields) == [], model


def test_the_administrator_looks_at_every_workflow_record(client, records, administrator):
    client.force_login(administrator)
    for model, obj in records.items():
        if model is CaseNumber:
            continue  # the counter is for superusers only
        assert client.get(_url(model, "changelist")).status_code == 200, model
        assert client.get(_url(model, "change", obj.pk)).status_code == 200, model


def test_a_post_to_the_case_change_view_cannot_change_the_state(
    client, records, administrator, superuser
):
    case = records[Case]
    for user in (administrator, superuser):
        client.force_login(user)
        response = client.post(
            _url(Case, "change", case.pk),
            {"state": "closed", "outcome": "unfounded", "number": "SAM-1999-00001"},
        )
        assert response.status_code == 403
    case.refresh_from_db()
    assert (case.state, case.outcome, case.number) == ("received", "", records[Case].number)


def test_adding_and_deleting_through_the_admin_is_refused(client, records, superuser):
    client.force_login(superuser)
    assert client.get(_url(Case, "add")).status_code == 403
    deleted = client.post(_url(Signal, "delete", records[Signal].pk), {"post": "yes"})
    assert deleted.status_code == 403
    assert Signal.objects.filter(pk=records[Signal].pk).exists()


def test_the_history_cannot_be_reverted(client, superuser):
    case = make_case("received")
    case.assignee = superuser
    case.save()  # a second history row
    old = case.history.order_by("history_id").first()
    client.force_login(superuser)
    url = _url(Case, "simple_history", case.pk, old.history_id)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["revert_disabled"]
    assert client.post(url, {"state": "closed"}).status_code == 403
    case.refresh_from_db()
    assert (case.state, case.assignee) == ("received", superuser)


def test_an_attachment_is_handed_out_by_the_scoped_view_not_a_storage_url(
    client, records, administrator
):
    attachment = records[SignalAttachment]
    client.force_login(administrator)
    page = client.get(_url(SignalAttachment, "change", attachment.pk)).content.decode()
    assert reverse("cases:attachment-download", args=[attachment.pk]) in page
    assert attachment.file.name not in page
