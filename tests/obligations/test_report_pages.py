"""The annual report pages: who sees which reports (out of scope is 404), the report's page with
only the actions the user may take now (a refused one says why), the transitions by POST, and
opening a report."""

import datetime

import pytest
from django.urls import reverse

from obligations.models import AnnualReport
from supervision import roles
from tests.factories import DeskFactory, LocationFactory, UserFactory, municipality

from .reporting import FULL_2023, desk_staff, make_report

pytestmark = pytest.mark.django_db

LIST = reverse("obligations:report-list")


def detail(report):
    return reverse("obligations:report-detail", args=[report.pk])


def transition(report):
    return reverse("obligations:report-transition", args=[report.pk])


@pytest.fixture
def gent():
    return DeskFactory(name="Loket Gent", code="LLKO-GENT", municipalities=["44021"])


@pytest.fixture
def brugge():
    return DeskFactory(name="Loket Brugge", code="LLKO-BRUGGE", municipalities=["31005"])


@pytest.fixture
def reports(gent, brugge):
    return (
        make_report(gent, 2023, "submitted", figures=FULL_2023),
        make_report(brugge, 2023, "open"),
    )


def listed(client):
    response = client.get(LIST)
    assert response.status_code == 200
    return {r.desk.code for r in response.context["object_list"]}


# Scoping


def test_client_managers_see_every_report(client, client_manager, reports):
    client.force_login(client_manager)
    assert listed(client) == {"LLKO-GENT", "LLKO-BRUGGE"}


def test_desk_staff_see_their_own_desks_reports(client, gent, reports):
    client.force_login(desk_staff(gent))
    assert listed(client) == {"LLKO-GENT"}
    assert client.get(detail(reports[0])).status_code == 200


def test_desk_staff_get_404_on_another_desks_report(client, gent, reports):
    client.force_login(desk_staff(gent))
    brugge_report = reports[1]
    assert client.get(detail(brugge_report)).status_code == 404
    response = client.post(transition(brugge_report), {"transition": "submit"})
    assert response.status_code == 404
    brugge_report.refresh_from_db()
    assert brugge_report.state == "open"


def test_local_governments_see_the_desks_serving_their_municipalities(client, reports):
    official = UserFactory(
        username="brugge", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("31005")]
    )
    client.force_login(official)
    assert listed(client) == {"LLKO-BRUGGE"}
    assert client.get(detail(reports[0])).status_code == 404
    assert client.get(detail(reports[1])).status_code == 200


def test_local_governments_cannot_act(client, reports):
    official = UserFactory(
        username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    client.force_login(official)
    response = client.get(detail(reports[0]))
    assert response.context["actions"] == []
    assert client.post(transition(reports[0]), {"transition": "validate"}).status_code == 403
    reports[0].refresh_from_db()
    assert reports[0].state == "submitted"


# Filters and sorting


def test_filters(client, client_manager, gent, brugge):
    make_report(gent, 2022, "validated", figures=FULL_2023, full_year=False)
    make_report(gent, 2023, "open")
    make_report(brugge, 2023, "submitted", figures=FULL_2023)
    client.force_login(client_manager)

    def codes_years(query):
        response = client.get(LIST + "?" + query)
        return sorted((r.desk.code, r.year) for r in response.context["object_list"])

    assert codes_years("year=2022") == [("LLKO-GENT", 2022)]
    west_flanders = municipality("31005").province
    assert codes_years(f"province={west_flanders.pk}") == [("LLKO-BRUGGE", 2023)]
    assert codes_years("state=open") == [("LLKO-GENT", 2023)]
    assert codes_years("full_year=false") == [("LLKO-GENT", 2022)]
    assert codes_years("q=brugge") == [("LLKO-BRUGGE", 2023)]


def test_province_is_that_of_the_desks_area_in_the_report_year(client, client_manager):
    """Zwijndrecht (Antwerpen) merged into Beveren-Kruibeke-Zwijndrecht (Oost-Vlaanderen) in 2025."""
    desk = DeskFactory(municipalities=[municipality("11056", datetime.date(2024, 1, 1))])
    area = desk.service_areas.get()
    area.valid_to = datetime.date(2024, 12, 31)
    area.save()
    desk.service_areas.create(
        municipality=municipality("46030"), valid_from=datetime.date(2025, 1, 1)
    )
    make_report(desk, 2024)
    make_report(desk, 2025)
    client.force_login(client_manager)
    antwerpen = municipality("11002").province
    response = client.get(f"{LIST}?province={antwerpen.pk}")
    assert [r.year for r in response.context["object_list"]] == [2024]
    assert [str(p) for p in response.context["object_list"][0].provinces] == [str(antwerpen)]


def test_overdue_filter(client, client_manager, gent, brugge, time_machine):
    time_machine.move_to("2025-04-02")
    make_report(gent, 2023, "open")  # overdue since 1 April 2024
    make_report(gent, 2024, "returned")  # overdue since 1 April 2025
    make_report(brugge, 2023, "submitted", figures=FULL_2023)
    make_report(brugge, 2025, "open")  # not due yet
    client.force_login(client_manager)
    response = client.get(LIST + "?overdue=true")
    assert sorted((r.desk.code, r.year) for r in response.context["object_list"]) == [
        ("LLKO-GENT", 2023),
        ("LLKO-GENT", 2024),
    ]
    assert all(r.overdue for r in response.context["object_list"])
    response = client.get(LIST + "?overdue=false")
    assert len(response.context["object_list"]) == 2


@pytest.mark.parametrize(("order", "first"), [("desk", "LLKO-BRUGGE"), ("-desk", "LLKO-GENT")])
def test_sorting(client, client_manager, reports, order, first):
    client.force_login(client_manager)
    response = client.get(f"{LIST}?o={order}")
    assert response.context["object_list"][0].desk.code == first


def test_the_list_carries_the_caveats(client, client_manager, reports):
    client.force_login(client_manager)
    response = client.get(LIST)
    assert 'id="caveats-heading"' in response.text


# The report's page and its actions


def action_names(response):
    return {a["name"]: a["refusal"] for a in response.context["actions"]}


def test_the_page_shows_figures_deadline_and_history(client, client_manager, reports):
    client.force_login(client_manager)
    response = client.get(detail(reports[0]))
    assert response.status_code == 200
    rows = response.context["figure_rows"]
    assert [row["rubric"].code for row in rows] == [
        "total",
        "urgent",
        "extended_hours",
        "priority_group",
        "vulnerable_family",
        "specific_care_needs",
    ]
    assert response.context["deadline"] == datetime.date(2024, 3, 31)
    assert response.context["history"]


def test_a_client_manager_sees_validate_and_return_on_a_submitted_report(
    client, client_manager, reports
):
    client.force_login(client_manager)
    actions = action_names(client.get(detail(reports[0])))
    assert actions == {"validate": None, "return_to_desk": None}


def test_desk_staff_see_why_they_cannot_share_yet(client, gent, reports):
    client.force_login(desk_staff(gent))
    actions = action_names(client.get(detail(reports[0])))
    assert set(actions) == {"submit", "share", "publish"}
    assert all(refusal for refusal in actions.values())  # submitted: nothing to do now
    assert "submitted" in actions["share"] or "ingediend" in actions["share"]


def test_desk_staff_share_with_every_provider_in_the_area_preselected(client, gent):
    inside = LocationFactory(municipality=municipality("44021")).organisation
    LocationFactory(municipality=municipality("31005"))
    report = make_report(gent, 2023, "validated", figures=FULL_2023)
    client.force_login(desk_staff(gent))
    response = client.get(detail(report))
    form = next(a["form"] for a in response.context["actions"] if a["name"] == "share")
    assert form.fields["recipients"].initial == [inside.pk]
    assert list(form.fields["recipients"].queryset) == [inside]

    response = client.post(
        transition(report),
        {
            "transition": "share",
            "share-shared_on": "2024-04-15",
            "share-recipients": [inside.pk],
            "share-reason": "",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "shared"
    assert list(report.recipients.all()) == [inside]


def test_sharing_with_someone_outside_the_area_is_refused(client, gent):
    LocationFactory(municipality=municipality("44021"))
    outside = LocationFactory(municipality=municipality("31005")).organisation
    report = make_report(gent, 2023, "validated", figures=FULL_2023)
    client.force_login(desk_staff(gent))
    response = client.post(
        transition(report),
        {"transition": "share", "share-shared_on": "2024-04-15", "share-recipients": [outside.pk]},
        follow=True,
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == "validated"


def test_return_without_a_reason_is_refused_with_the_reason(client, client_manager, reports):
    client.force_login(client_manager)
    response = client.post(
        transition(reports[0]),
        {"transition": "return_to_desk", "return_to_desk-reason": ""},
        follow=True,
    )
    assert "Say why the report goes back to the desk." in [
        str(m) for m in response.context["messages"]
    ] or any("terug" in str(m) for m in response.context["messages"])
    reports[0].refresh_from_db()
    assert reports[0].state == "submitted"


def test_return_with_a_reason(client, client_manager, reports):
    client.force_login(client_manager)
    client.post(
        transition(reports[0]),
        {"transition": "return_to_desk", "return_to_desk-reason": "Rubrieken ontbreken."},
    )
    reports[0].refresh_from_db()
    assert (reports[0].state, reports[0].return_reason) == ("returned", "Rubrieken ontbreken.")


def test_a_refused_transition_says_why(client, client_manager, gent):
    report = make_report(gent, 2023, "open")
    client.force_login(client_manager)
    response = client.post(transition(report), {"transition": "validate"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert "open" in messages[0]
    report.refresh_from_db()
    assert report.state == "open"


def test_desk_staff_may_not_validate_their_own_report(client, gent, reports):
    client.force_login(desk_staff(gent))
    assert client.post(transition(reports[0]), {"transition": "validate"}).status_code == 403
    reports[0].refresh_from_db()
    assert reports[0].state == "submitted"


def test_an_unknown_transition_changes_nothing(client, client_manager, reports):
    client.force_login(client_manager)
    response = client.post(transition(reports[0]), {"transition": "delete"})
    assert response.status_code == 302
    reports[0].refresh_from_db()
    assert reports[0].state == "submitted"


def test_transitions_only_by_post(client, client_manager, reports):
    client.force_login(client_manager)
    assert client.get(transition(reports[0])).status_code == 405


# Opening a report


def test_desk_staff_open_a_report_and_land_on_the_figures(client, gent):
    client.force_login(desk_staff(gent))
    response = client.get(LIST)
    assert list(response.context["open_form"].fields["desk"].queryset) == [gent]
    response = client.post(reverse("obligations:report-open"), {"desk": gent.pk, "year": 2023})
    report = AnnualReport.objects.get()
    assert response.url == reverse("obligations:report-edit", args=[report.pk])
    # again: the same report
    client.post(reverse("obligations:report-open"), {"desk": gent.pk, "year": 2023})
    assert AnnualReport.objects.count() == 1


def test_desk_staff_cannot_open_a_report_for_another_desk(client, gent, brugge):
    client.force_login(desk_staff(gent))
    response = client.post(reverse("obligations:report-open"), {"desk": brugge.pk, "year": 2023})
    assert response.status_code == 200
    assert "desk" in response.context["form"].errors
    assert AnnualReport.objects.count() == 0


@pytest.mark.parametrize("role", [roles.LOCAL_GOVERNMENT, roles.MANAGEMENT])
def test_others_cannot_open_a_report(client, gent, role):
    client.force_login(
        UserFactory(username=role, role=role, municipalities=[municipality("44021")])
    )
    assert client.get(LIST).context["open_form"] is None
    response = client.post(reverse("obligations:report-open"), {"desk": gent.pk, "year": 2023})
    assert response.status_code == 403
    assert AnnualReport.objects.count() == 0


def test_pages_are_dutch_by_default(client, client_manager, gent, reports):
    client.force_login(client_manager)
    page = client.get(detail(reports[0])).text
    assert "Jaarverslag 2023 – Loket Gent" in page
    assert "Terugsturen naar het loket" in page
    assert "Zonder opvangvoorstel" in page
    client.force_login(desk_staff(gent))
    report = make_report(gent, 2024)
    page = client.post(
        reverse("obligations:report-edit", args=[report.pk]),
        {"full_year": "yes", "unique_total": "5", "unanswered_total": "6"},
    ).text
    assert "Totaal – zonder opvangvoorstel (6) is groter dan Totaal – unieke vragen (5)" in page
