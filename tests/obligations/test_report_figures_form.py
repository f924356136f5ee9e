"""The desk fills in and corrects the figures of its open or returned report, with the same rules
as the import; a refused form stores nothing. Then it submits."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from obligations.models import AnnualReport
from obligations.services.reports import save_figures
from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality

from .reporting import FULL_2023, counts, desk_staff, make_report, stored_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return DeskFactory(municipalities=["44021"])


@pytest.fixture
def staff_client(client, desk):
    client.force_login(desk_staff(desk))
    return client


def form_data(figures=None, full_year="yes", **extra):
    data = {"full_year": full_year, "reason": ""}
    for code, (unique, unanswered) in (figures or {}).items():
        data[f"unique_{code}"] = str(unique)
        data[f"unanswered_{code}"] = str(unanswered)
    data.update(extra)
    return data


def edit_url(report):
    return reverse("obligations:report-edit", args=[report.pk])


def test_the_form_has_the_rubrics_of_the_year_only(staff_client, desk):
    report = make_report(desk, 2024)
    response = staff_client.get(edit_url(report))
    assert response.status_code == 200
    fields = response.context["form"].fields
    assert "unique_total" in fields
    assert "unique_priority_group" not in fields  # not registered from 2024 on
    assert (
        "unique_priority_group"
        in staff_client.get(edit_url(make_report(desk, 2023))).context["form"].fields
    )


def test_saving_stores_the_figures_with_history_and_keeps_the_report_open(staff_client, desk):
    report = make_report(desk, 2023)
    response = staff_client.post(
        edit_url(report), form_data(FULL_2023, full_year="no", reason="Eerste invoer", save="1")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.full_year) == ("open", False)
    assert stored_figures(report) == FULL_2023
    figure_history = report.figures.first().history.get()
    assert figure_history.history_change_reason == "Eerste invoer"
    assert figure_history.history_user.username.startswith("loket-")


def test_save_and_submit(staff_client, desk):
    report = make_report(desk, 2023)
    staff_client.post(edit_url(report), form_data({"total": (50, 20)}, submit="1"))
    report.refresh_from_db()
    assert report.state == "submitted"
    assert report.submitted_at is not None
    assert stored_figures(report) == {"total": (50, 20)}


def test_correcting_a_returned_report_replaces_and_empties_rubrics(staff_client, desk):
    report = make_report(desk, 2023, "returned", figures=FULL_2023, return_reason="Te hoog")
    figures = {"total": (90, 40), "urgent": (10, 5)}
    staff_client.post(edit_url(report), form_data(figures, submit="1"))
    report.refresh_from_db()
    assert report.state == "submitted"
    assert stored_figures(report) == figures
    assert report.figures.model.history.filter(history_type="-").count() == 4


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"unanswered_urgent": "11"}, "unanswered_urgent", "(11) is groter dan"),
        ({"unanswered_total": "101"}, "unanswered_total", "(101) is groter dan"),
        (
            {"unique_vulnerable_family": "120"},
            "unique_vulnerable_family",
            "een rubriek telt niet meer vragen dan het totaal",
        ),
        (
            {"unique_urgent": "60", "unanswered_urgent": "50"},
            "unanswered_urgent",
            "een rubriek telt niet meer vragen dan het totaal",
        ),
        ({"unique_urgent": "-3"}, "unique_urgent", "mag niet negatief zijn, niet '-3'."),
        ({"unique_urgent": "tien"}, "unique_urgent", "'tien' is geen geheel getal."),
        ({"unique_total": "9999999999"}, "unique_total", "is te groot."),
        ({"unique_total": ""}, "unique_total", "is leeg; het totaal is verplicht."),
        ({"unanswered_total": ""}, "unanswered_total", "is leeg; het totaal is verplicht."),
        ({"unanswered_urgent": ""}, "unanswered_urgent", "vul beide in, of laat beide leeg"),
    ],
)
def test_a_refused_figure_shows_the_rule_and_stores_nothing(
    staff_client, desk, values, field, fragment
):
    report = make_report(desk, 2023, figures={"total": (5, 1)})
    before = counts()
    data = form_data(FULL_2023, submit="1")
    data.update(values)

    response = staff_client.post(edit_url(report), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(fragment in error for error in errors[field]), errors
    assert fragment.replace("'", "&#x27;") in response.text
    assert counts() == before
    report.refresh_from_db()
    assert report.state == "open"
    assert stored_figures(report) == {"total": (5, 1)}


def test_a_rubric_of_another_year_cannot_be_sent(staff_client, desk):
    """The field is not in the form for 2024; a value posted anyway is ignored, never stored."""
    report = make_report(desk, 2024)
    data = form_data({"total": (10, 2), "priority_group": (3, 1)}, save="1")
    staff_client.post(edit_url(report), data)
    assert stored_figures(report) == {"total": (10, 2)}


def test_full_year_is_required(staff_client, desk):
    report = make_report(desk, 2023)
    response = staff_client.post(edit_url(report), form_data(FULL_2023, full_year="", save="1"))
    assert "full_year" in response.context["form"].errors
    assert report.figures.count() == 0


@pytest.mark.parametrize("state", ["submitted", "validated", "shared", "published"])
def test_a_report_past_submission_cannot_be_changed(staff_client, desk, state):
    report = make_report(desk, 2023, state, figures={"total": (5, 1)})
    response = staff_client.get(edit_url(report))
    assert response.status_code == 302
    staff_client.post(edit_url(report), form_data(FULL_2023, save="1"))
    assert stored_figures(report) == {"total": (5, 1)}


def test_staff_of_another_desk_get_404(client, desk):
    report = make_report(desk, 2023)
    other = DeskFactory(municipalities=["31005"])
    client.force_login(desk_staff(other))
    assert client.get(edit_url(report)).status_code == 404
    assert client.post(edit_url(report), form_data(FULL_2023)).status_code == 404
    assert report.figures.count() == 0


@pytest.mark.parametrize("role", [roles.CLIENT_MANAGER, roles.LOCAL_GOVERNMENT, roles.MANAGEMENT])
def test_others_may_not_fill_in_the_figures(client, desk, role):
    report = make_report(desk, 2023)
    client.force_login(
        UserFactory(username=role, role=role, municipalities=[municipality("44021")])
    )
    assert client.get(edit_url(report)).status_code == 403
    assert client.post(edit_url(report), form_data(FULL_2023)).status_code == 403
    assert report.figures.count() == 0


def test_the_service_refuses_what_the_form_refuses(desk):
    """One validation: the service checks the same rules again, for any other caller."""
    report = make_report(desk, 2023)
    with pytest.raises(ValidationError) as refused:
        save_figures(
            report.pk,
            actor=desk_staff(desk),
            full_year=True,
            counts={"unique_total": 5, "unanswered_total": 6},
        )
    assert "unanswered_total" in refused.value.message_dict
    assert AnnualReport.objects.get().figures.count() == 0
