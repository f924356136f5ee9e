"""The check of a desk's own efforts: before a talk about a provider a desk reported, the desk's
evidence is linked or a finding recorded. Only the current evidence of the reporting desk (or of
the desk the case is about) can be linked."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case
from cases.workflow import CaseState
from tests.factories import DeskFactory, OrganisationFactory

from .action_support import actions_html, desk_report, evidence_of
from .support import case_handler, make_case

S = CaseState


@pytest.fixture
def handler(db):
    return case_handler()


@pytest.fixture
def reported(db):
    """A case about a provider that a desk reported, in investigation."""
    desk = DeskFactory()
    case = make_case(
        S.INVESTIGATION, about_organisation=OrganisationFactory(), desk_reported_provider=True
    )
    desk_report(case, desk)
    return case, desk


def efforts_url(case):
    return reverse("cases:case-desk-efforts", args=[case.number])


def test_linking_the_reporting_desks_evidence_checks_its_efforts(handler, reported):
    case, desk = reported
    invitation = evidence_of(desk, "Uitnodiging overleg maart")
    services.record_desk_efforts(case.pk, actor=handler, evidence=[invitation])
    case = Case.objects.get(pk=case.pk)
    assert list(case.desk_evidence.all()) == [invitation]
    assert case.desk_efforts_checked_by == handler
    assert "Uitnodiging overleg maart" in case.history.first().history_change_reason
    services.start_talk(case.pk, actor=handler)
    assert Case.objects.get(pk=case.pk).state == S.TALK


def test_evidence_of_another_desk_is_refused(handler, reported):
    case, _desk = reported
    other = evidence_of(DeskFactory(), "Verslag van een ander loket")
    with pytest.raises(ValidationError, match="actuele bewijsstukken van het loket"):
        services.record_desk_efforts(case.pk, actor=handler, finding="Gezien", evidence=[other])
    case = Case.objects.get(pk=case.pk)
    assert case.desk_efforts_checked_at is None
    assert not case.desk_evidence.exists()
    assert case.history.count() == 1


def test_withdrawn_or_replaced_evidence_is_refused(handler, reported):
    case, desk = reported
    withdrawn = evidence_of(desk, "Ingetrokken", withdrawn_at=timezone.now())
    old = evidence_of(desk, "Oude versie")
    evidence_of(desk, "Nieuwe versie", replaces=old)
    for item in (withdrawn, old):
        with pytest.raises(ValidationError):
            services.record_desk_efforts(case.pk, actor=handler, evidence=[item])
    assert not Case.objects.get(pk=case.pk).desk_evidence.exists()


def test_a_finding_or_evidence_is_required(handler, reported):
    case, _desk = reported
    with pytest.raises(ValidationError, match="Koppel de bewijsstukken"):
        services.record_desk_efforts(case.pk, actor=handler, finding="  ", evidence=[])
    assert Case.objects.get(pk=case.pk).desk_efforts_checked_at is None


def test_a_finding_alone_checks_the_efforts_and_a_later_link_keeps_it(handler, reported):
    case, desk = reported
    services.record_desk_efforts(case.pk, actor=handler, finding="Loket nodigde niet uit")
    services.record_desk_efforts(case.pk, actor=handler, evidence=[evidence_of(desk)])
    case = Case.objects.get(pk=case.pk)
    assert case.desk_efforts_finding == "Loket nodigde niet uit"
    assert case.desk_evidence.count() == 1


def test_for_a_case_about_a_desk_its_own_evidence_can_be_linked(handler):
    desk = DeskFactory()
    case = make_case(S.INVESTIGATION, about_desk=desk)
    item = evidence_of(desk)
    services.record_desk_efforts(case.pk, actor=handler, evidence=[item])
    assert list(Case.objects.get(pk=case.pk).desk_evidence.all()) == [item]


def test_a_closed_case_is_not_checked(handler, reported):
    case, desk = reported
    Case.objects.filter(pk=case.pk).update(state=S.CLOSED, outcome="unfounded")
    with pytest.raises(ValidationError):
        services.record_desk_efforts(case.pk, actor=handler, evidence=[evidence_of(desk)])


# The page -------------------------------------------------------------------------------------


def test_the_page_lists_the_reporting_desks_current_evidence_only(client, handler, reported):
    case, desk = reported
    own = evidence_of(desk, "Uitnodiging overleg maart")
    other = evidence_of(DeskFactory(), "Verslag van een ander loket")
    client.force_login(handler)
    response = client.get(efforts_url(case))
    assert response.status_code == 200
    assert f'name="evidence" value="{own.pk}"' in response.text
    assert "Uitnodiging overleg maart" in response.text
    assert f'value="{other.pk}"' not in response.text
    assert "Verslag van een ander loket" not in response.text


def test_posting_another_desks_evidence_links_nothing(client, handler, reported):
    case, _desk = reported
    other = evidence_of(DeskFactory())
    client.force_login(handler)
    response = client.post(efforts_url(case), {"evidence": [other.pk], "finding": "Gezien"})
    assert response.status_code == 200
    case = Case.objects.get(pk=case.pk)
    assert case.desk_efforts_checked_at is None
    assert not case.desk_evidence.exists()


def test_posting_nothing_is_refused_with_the_reason(client, handler, reported):
    case, _desk = reported
    client.force_login(handler)
    response = client.post(efforts_url(case), {"finding": " "})
    assert response.status_code == 200
    assert "Koppel de bewijsstukken" in response.text
    assert Case.objects.get(pk=case.pk).desk_efforts_checked_at is None


def test_after_the_check_on_the_page_the_talk_can_start(client, handler, reported):
    case, desk = reported
    item = evidence_of(desk)
    client.force_login(handler)
    start_talk = reverse("cases:case-transition", args=[case.number, "start_talk"])
    assert "inspanningen van het loket" in client.get(start_talk).text
    response = client.post(efforts_url(case), {"evidence": [item.pk], "finding": "Voldoende"})
    assert response.status_code == 302
    response = client.post(start_talk, {"expected_state": S.INVESTIGATION})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == S.TALK
    # Linked evidence is listed as linked, not offered again.
    response = client.get(efforts_url(case))
    assert f'name="evidence" value="{item.pk}"' not in response.text
    assert reverse("obligations:evidence-detail", args=[item.pk]) in response.text


def test_the_link_to_the_check_is_shown_until_the_check_is_done(handler, reported):
    case, desk = reported
    Case.objects.filter(pk=case.pk).update(state=S.TALK)
    case.refresh_from_db()
    assert efforts_url(case) in actions_html(handler, case)
    services.record_desk_efforts(case.pk, actor=handler, finding="Voldoende")
    case.refresh_from_db()
    assert efforts_url(case) not in actions_html(handler, case)


def test_the_link_is_always_shown_in_investigation_and_never_without_the_permission(
    handler, management_user
):
    case = make_case(S.INVESTIGATION)
    assert efforts_url(case) in actions_html(handler, case)
    assert efforts_url(case) not in actions_html(management_user, case)
