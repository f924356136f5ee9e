"""The obligations admin: every model registered with history; the catalogue and rubrics edited by
the administrator with history rows; evidence read-only with no delete; the annual report's state
and compliance status read-only, and no history revert for them."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from obligations.models import (
    AnnualReport,
    Compliance,
    Consultation,
    DeskDocument,
    Evidence,
    Obligation,
    ReportFigure,
    Rubric,
)
from tests.obligations import evidence_support as s


@pytest.fixture
def world(db):
    return s.make_world()


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def records(world):
    """One row of every obligations model."""
    evidence = s.upload(world)
    rubric = Rubric.objects.order_by("pk").first() or Rubric.objects.create(
        code="test_total", name="Totaal", position=99, first_year=2020
    )
    report = AnnualReport.objects.create(desk=world.desk_a, year=s.THIS_YEAR - 1)
    consultation = Consultation.objects.create(
        desk=world.desk_a,
        date=datetime.date(s.THIS_YEAR, 1, 15),
        kind="cooperation",
        recorded_by=world.staff_a,
    )
    return {
        Obligation: world.obligation,
        Rubric: rubric,
        Evidence: evidence,
        Compliance: Compliance.objects.create(
            obligation=world.obligation, desk=world.desk_a, year=s.THIS_YEAR, status="pending"
        ),
        AnnualReport: report,
        ReportFigure: ReportFigure.objects.create(
            report=report, rubric=rubric, unique=10, unanswered=3
        ),
        Consultation: consultation,
        DeskDocument: DeskDocument.objects.create(
            desk=world.desk_a,
            kind="procedure",
            version=1,
            adopted_on=datetime.date(s.THIS_YEAR, 1, 1),
            evidence=evidence,
            recorded_by=world.staff_a,
        ),
    }


def _url(model, view, *args):
    return reverse(f"admin:obligations_{model._meta.model_name}_{view}", args=args)


def test_every_obligations_model_is_registered_with_history():
    for model in apps.get_app_config("obligations").get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert model in admin.site._registry, model
        if hasattr(model, "history"):
            assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), model


def test_the_reminder_outbox_is_read_only(client, world):
    from obligations.models import Reminder
    from tests.factories import UserFactory

    admin_client = client
    admin_client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    reminder = Reminder.objects.create(desk=world.desk_a, kind="consultation", year=s.THIS_YEAR)
    assert admin_client.get(_url(Reminder, "changelist")).status_code == 200
    change = admin_client.get(_url(Reminder, "change", reminder.pk))
    assert change.status_code == 200
    assert 'name="_save"' not in change.text
    assert admin_client.get(_url(Reminder, "add")).status_code == 403


def test_every_admin_page_opens_for_the_administrator(admin_client, records):
    for model, obj in records.items():
        assert admin_client.get(_url(model, "changelist")).status_code == 200, model
        assert admin_client.get(_url(model, "change", obj.pk)).status_code == 200, model
        assert admin_client.get(_url(model, "history", obj.pk)).status_code == 200, model
        version = obj.history.first()
        page = admin_client.get(_url(model, "simple_history", obj.pk, version.pk))
        assert page.status_code == 200, model


def test_the_administrator_edits_the_catalogue_with_history(admin_client, world):
    obligation = world.obligation
    url = _url(Obligation, "change", obligation.pk)
    response = admin_client.post(
        url,
        {
            "code": obligation.code,
            "title": "Nieuwe titel",
            "text": obligation.text,
            "legal_basis": obligation.legal_basis,
            "source": "",
            "party_type": obligation.party_type,
            "kind": obligation.kind,
            "period_kind": obligation.period_kind,
            "applicability": obligation.applicability,
            "derivation": obligation.derivation,
            "valid_from": "2020-01-01",
            "valid_to": "",
        },
    )
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.title == "Nieuwe titel"
    latest = obligation.history.first()
    assert latest.history_type == "~"
    assert latest.history_user.username == "beheerder"
    assert admin_client.get(_url(Obligation, "add")).status_code == 200


def test_the_administrator_edits_a_rubric_with_history(admin_client, records):
    rubric = records[Rubric]
    response = admin_client.post(
        _url(Rubric, "change", rubric.pk),
        {
            "code": rubric.code,
            "name": "Andere naam",
            "position": rubric.position,
            "first_year": rubric.first_year,
            "last_year": "",
        },
    )
    assert response.status_code == 302
    rubric.refresh_from_db()
    assert rubric.name == "Andere naam"
    assert rubric.history.first().history_user.username == "beheerder"


def test_evidence_is_read_only_in_the_admin(admin_client, records, administrator):
    evidence = records[Evidence]
    model_admin = admin.site._registry[Evidence]
    request = RequestFactory().get("/")
    request.user = administrator
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, evidence)
    assert not model_admin.has_delete_permission(request, evidence)

    assert admin_client.get(_url(Evidence, "add")).status_code == 403
    change = admin_client.get(_url(Evidence, "change", evidence.pk))
    assert 'name="_save"' not in change.text
    assert reverse("obligations:evidence-download", args=[evidence.pk]) in change.text
    response = admin_client.post(_url(Evidence, "change", evidence.pk), {"description": "Anders"})
    assert response.status_code == 403
    delete = admin_client.post(_url(Evidence, "delete", evidence.pk), {"post": "yes"})
    assert delete.status_code == 403
    evidence.refresh_from_db()
    assert evidence.description != "Anders"


def test_evidence_cannot_be_deleted_even_by_a_superuser(client, records, db):
    from tests.factories import UserFactory

    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    evidence = records[Evidence]
    assert client.post(_url(Evidence, "delete", evidence.pk), {"post": "yes"}).status_code == 403
    changelist = client.post(
        _url(Evidence, "changelist"),
        {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"},
    )
    assert changelist.status_code in (200, 302)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize(("model", "field"), [(AnnualReport, "state"), (Compliance, "status")])
def test_state_fields_are_read_only(administrator, records, model, field):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = administrator
    assert field in model_admin.get_readonly_fields(request, records[model])
    for obj in (None, records[model]):
        assert field not in model_admin.get_form(request, obj).base_fields


@pytest.mark.parametrize("model", [AnnualReport, Compliance, Evidence])
def test_history_revert_is_disabled(admin_client, records, model):
    obj = records[model]
    version = obj.history.first()
    url = _url(model, "simple_history", obj.pk, version.pk)
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert admin_client.post(url, {}).status_code == 403
