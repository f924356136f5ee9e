"""A client manager assesses or waives compliance: permission, reason and fitting status are
required; an assessment survives recomputation until it is withdrawn."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from obligations.models import Compliance
from obligations.services import compliance
from supervision import roles
from tests.factories import UserFactory

from .compliance_records import derive_desk, desk_with_locations, make_evidence

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2025, 6, 1)


@pytest.fixture
def desk():
    desk, _ = desk_with_locations(1)
    derive_desk(desk)
    return desk


def row(desk, code):
    return Compliance.objects.get(desk=desk, obligation__code=code, year=2025)


def unchanged(desk, code):
    current = row(desk, code)
    return (current.status, current.derived, current.history.count())


def test_a_client_manager_assesses_with_reason_and_evidence(desk, client_manager):
    evidence = make_evidence(desk=desk, description="Klachtendossier")
    d6 = compliance.assess(
        row(desk, "D6").pk,
        user=client_manager,
        status="met",
        reason="Gesprek met het loket: gelijke behandeling aangetoond.",
        evidence_ids=[evidence.pk],
    )
    d6.refresh_from_db()
    assert (d6.status, d6.derived) == ("met", False)
    assert list(d6.evidence.all()) == [evidence]
    latest = d6.history.first()
    assert latest.history_user == client_manager
    assert latest.history_change_reason == "Gesprek met het loket: gelijke behandeling aangetoond."
    assert d6.history.count() == 2  # derived, then assessed: one row for the assessment


def test_assess_by_obligation_party_and_year(desk, client_manager):
    compliance.assess(
        ("D6", desk, 2025), user=client_manager, status="not_met", reason="Klacht gegrond."
    )
    assert row(desk, "D6").status == "not_met"


def test_assessing_a_row_not_derived_yet_derives_it_first(client_manager):
    desk, _ = desk_with_locations(1)
    compliance.assess(("D6", desk, 2025), user=client_manager, status="met", reason="In orde.")
    assert Compliance.objects.filter(desk=desk, year=2025).count() == 7
    assert row(desk, "D6").status == "met"


def test_refused_without_the_permission(desk):
    staff = UserFactory(role=roles.DESK_STAFF, desks=[desk])
    before = unchanged(desk, "D6")
    with pytest.raises(PermissionDenied):
        compliance.assess(row(desk, "D6").pk, user=staff, status="met", reason="Zelf beoordeeld.")
    assert unchanged(desk, "D6") == before


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_refused_without_a_reason(desk, client_manager, reason):
    before = unchanged(desk, "D6")
    with pytest.raises(ValidationError, match="reason|reden"):
        compliance.assess(row(desk, "D6").pk, user=client_manager, status="met", reason=reason)
    assert unchanged(desk, "D6") == before


def test_refused_with_a_status_that_is_not_an_assessment(desk, client_manager):
    with pytest.raises(ValidationError):
        compliance.assess(row(desk, "D6").pk, user=client_manager, status="overdue", reason="x")
    assert row(desk, "D6").derived


def test_a_derived_obligation_cannot_be_assessed_met(desk, client_manager):
    before = unchanged(desk, "D2")
    with pytest.raises(ValidationError) as error:
        compliance.assess(row(desk, "D2").pk, user=client_manager, status="met", reason="Gezien.")
    assert error.value.code == "derived"
    assert unchanged(desk, "D2") == before


def test_an_obligation_that_does_not_apply_cannot_be_assessed(desk, client_manager):
    assert row(desk, "D7").status == "not_applicable"
    with pytest.raises(ValidationError) as error:
        compliance.assess(row(desk, "D7").pk, user=client_manager, status="waived", reason="x")
    assert error.value.code == "not_applicable"


def test_evidence_of_another_desk_is_refused(desk, client_manager):
    other, _ = desk_with_locations(1)
    foreign = make_evidence(desk=other)
    with pytest.raises(ValidationError) as error:
        compliance.assess(
            row(desk, "D6").pk,
            user=client_manager,
            status="met",
            reason="Bewijs.",
            evidence_ids=[foreign.pk],
        )
    assert error.value.code == "evidence"
    assert row(desk, "D6").derived


def test_withdrawn_evidence_is_refused(desk, client_manager):
    evidence = make_evidence(
        desk=desk, withdrawn_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC)
    )
    with pytest.raises(ValidationError):
        compliance.assess(
            row(desk, "D6").pk,
            user=client_manager,
            status="met",
            reason="Bewijs.",
            evidence_ids=[evidence.pk],
        )


def test_a_waiver_stays_after_recomputation(desk, client_manager):
    compliance.assess(
        row(desk, "D3").pk,
        user=client_manager,
        status="waived",
        reason="Overmacht: overleg verplaatst naar januari.",
    )
    history = row(desk, "D3").history.count()
    compliance.recompute_for_desk(desk.pk, 2025, today=datetime.date(2025, 11, 15))
    result = compliance.recompute_all(2025, today=datetime.date(2026, 1, 5))
    d3 = row(desk, "D3")
    assert (d3.status, d3.derived) == ("waived", False)
    assert d3.reason == "Overmacht: overleg verplaatst naar januari."
    assert d3.history.count() == history
    assert result["2025"]["assessed"] == 1


def test_withdrawing_an_assessment_hands_the_row_back_to_the_derivation(desk, client_manager):
    compliance.assess(row(desk, "D2").pk, user=client_manager, status="waived", reason="Tijdelijk.")
    d2 = compliance.withdraw_assessment(
        row(desk, "D2").pk, user=client_manager, reason="Vrijstelling was een vergissing."
    )
    assert (d2.status, d2.derived) == ("not_met", True)
    reasons = [
        (h.history_change_reason, h.history_user)
        for h in d2.history.order_by("history_date", "history_id")
    ]
    assert reasons[-2:] == [
        ("Beoordeling ingetrokken: Vrijstelling was een vergissing.", client_manager),
        ("Automatisch afgeleid", None),
    ]


def test_withdrawing_is_refused_when_nothing_was_assessed(desk, client_manager):
    with pytest.raises(ValidationError):
        compliance.withdraw_assessment(row(desk, "D2").pk, user=client_manager, reason="x")


def test_withdrawing_is_refused_without_permission_or_reason(desk, client_manager, management_user):
    compliance.assess(row(desk, "D6").pk, user=client_manager, status="met", reason="In orde.")
    with pytest.raises(PermissionDenied):
        compliance.withdraw_assessment(row(desk, "D6").pk, user=management_user, reason="x")
    with pytest.raises(ValidationError):
        compliance.withdraw_assessment(row(desk, "D6").pk, user=client_manager, reason=" ")
    assert row(desk, "D6").status == "met"
