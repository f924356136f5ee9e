"""The case page: its records and one timeline with who and when; internal notes and
notifications only for those who see everything; a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from supervision import roles
from tests.factories import DeskFactory, OrganisationFactory, UserFactory, municipality

from .case_pages_support import (
    add_advice,
    add_attachment,
    add_notification,
    add_signal,
    case_in_talk,
    fill_case,
    obligation,
    record_talk,
)
from .support import case_handler, make_case


@pytest.fixture
def world(db):
    desk = DeskFactory(name="Loket Gent", municipalities=["44021"])
    handler = case_handler()
    handler.first_name, handler.last_name = "Karin", "Beheer"
    handler.save()
    reporter = UserFactory(
        username="melder", first_name="Mo", last_name="Melder", role=roles.CLIENT_MANAGER
    )
    case = case_in_talk(handler, about_desk=desk, reason="Ernstige melding van ouders")
    signal = add_signal(case, reported_by=reporter, obligations=[obligation("D1")])
    add_attachment(signal, uploaded_by=reporter, name="verslag-overleg.pdf")
    record_talk(case, handler)
    services.add_note(case.pk, actor=handler, text="Alleen intern te lezen")
    add_advice(
        case,
        municipality=municipality("44021"),
        organisation=OrganisationFactory(),
        recorded_by=reporter,
        grounds="Werkt niet samen met het loket",
    )
    add_notification(case, recipient=handler, subject="Bericht over de toewijzing")
    staff = UserFactory(username="loket", role=roles.DESK_STAFF, desks=[desk])
    official = UserFactory(
        username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    return desk, handler, reporter, case, staff, official


def _page(client, user, case):
    client.force_login(user)
    return client.get(reverse("cases:case-detail", args=[case.number]))


def _kinds(response):
    return {entry["kind"] for entry in response.context["timeline"]}


def _entry(response, kind):
    return next(entry for entry in response.context["timeline"] if entry["kind"] == kind)


def test_the_timeline_shows_each_record_with_who_and_when(client, world):
    desk, handler, reporter, case, staff, official = world
    response = _page(client, handler, case)
    assert response.status_code == 200
    timeline = response.context["timeline"]
    assert [entry["date"] for entry in timeline] == sorted(
        (entry["date"] for entry in timeline), reverse=True
    )
    investigation = next(
        entry for entry in timeline if entry["reason"] == "Ernstige melding van ouders"
    )
    assert investigation["kind"] == "state" and investigation["user"] == handler
    assert [(c["old"], c["new"]) for c in investigation["changes"] if c["field"] == "status"] == [
        ("ontvangen", "onderzoek")
    ]
    assert _entry(response, "signal")["user"] == reporter
    assert _entry(response, "attachment")["user"] == reporter
    assert _entry(response, "talk")["user"] == handler
    assert _entry(response, "note")["user"] == handler
    assert _entry(response, "advice")["user"] == reporter
    notification = _entry(response, "notification")
    assert "Bericht over de toewijzing" in notification["text"]
    page = response.content.decode()
    for text in (
        "Ernstige melding van ouders",
        "verslag-overleg.pdf",
        "Overleg plannen",
        "Alleen intern te lezen",
        "Werkt niet samen met het loket",
        "Bericht over de toewijzing",
        "Karin Beheer",
        "Mo Melder",
    ):
        assert text in page


@pytest.mark.parametrize("who", ["staff", "official"])
def test_desk_staff_and_local_government_see_no_notes_or_notifications(client, world, who):
    desk, handler, reporter, case, staff, official = world
    user = staff if who == "staff" else official
    response = _page(client, user, case)
    assert response.status_code == 200
    assert {"state", "talk", "signal", "attachment"} <= _kinds(response)
    assert not {"note", "notification"} & _kinds(response)
    page = response.content.decode()
    assert "Alleen intern te lezen" not in page
    assert "Bericht over de toewijzing" not in page
    assert not response.context["records"].notes
    assert not response.context["records"].notifications


def test_advice_is_shown_only_to_those_who_may_see_it(client, world):
    desk, handler, reporter, case, staff, official = world
    assert "advice" in _kinds(_page(client, official, case))
    # Desk staff see no local-government advice (supervision/access.py).
    assert "advice" not in _kinds(_page(client, staff, case))


def test_assignment_and_deadline_changes_are_in_the_timeline(client, world):
    desk, handler, reporter, case, staff, official = world
    services.extend_deadline(case.pk, actor=handler, reason="Loket vraagt uitstel", days=10)
    response = _page(client, handler, case)
    extension = next(
        e for e in response.context["timeline"] if e["reason"] == "Loket vraagt uitstel"
    )
    assert extension["kind"] == "deadline"
    assert [c["field"] for c in extension["changes"]] == ["termijn"]
    assignment = next(e for e in response.context["timeline"] if e["kind"] == "assigned")
    assert assignment["user"] == handler
    assert [(c["field"], c["old"], c["new"]) for c in assignment["changes"]] == [
        ("klantenbeheerder", None, "Karin Beheer")
    ]


def test_a_case_out_of_scope_is_not_found(client, world):
    desk, handler, reporter, case, staff, official = world
    other_desk = DeskFactory(municipalities=["11002"])
    other_staff = UserFactory(username="loket-b", role=roles.DESK_STAFF, desks=[other_desk])
    assert _page(client, other_staff, case).status_code == 404
    client.force_login(handler)
    assert client.get(reverse("cases:case-detail", args=["SAM-2000-00000"])).status_code == 404


def test_the_page_needs_a_login_and_the_view_permission(client, world):
    desk, handler, reporter, case, staff, official = world
    url = reverse("cases:case-detail", args=[case.number])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(username="zonder-rol"))
    assert client.get(url).status_code == 403


def test_the_party_links_to_its_registry_page(client, world):
    desk, handler, reporter, case, staff, official = world
    page = _page(client, handler, case).content.decode()
    assert reverse("registry:desk-detail", args=[desk.pk]) in page
    provider = OrganisationFactory(name="Kinderopvang Zonneschijn")
    provider_case = make_case(about_organisation=provider)
    page = _page(client, handler, provider_case).content.decode()
    assert reverse("registry:organisation-detail", args=[provider.pk]) in page


def test_queries_do_not_grow_with_the_timeline(client, world):
    desk, handler, reporter, case, staff, official = world

    def count(user, subject):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("cases:case-detail", args=[subject.number]))
        assert response.status_code == 200
        return len(queries), len(response.context["timeline"])

    small = case_in_talk(handler, about_desk=desk)
    large = case_in_talk(handler, about_desk=desk)
    organisation = OrganisationFactory()
    fill_case(small, handler, municipality=municipality("44021"), organisation=organisation)
    fill_case(
        large, handler, municipality=municipality("44021"), organisation=organisation, count=6
    )
    for user in (handler, staff, official):
        small_queries, small_entries = count(user, small)
        large_queries, large_entries = count(user, large)
        assert large_entries > small_entries
        assert large_queries == small_queries
