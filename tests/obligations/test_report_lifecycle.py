"""The annual report lifecycle, walked exhaustively through ``obligations.services.reports``:
every allowed edge succeeds for the role that may take it, with a history row; every other edge,
and every other role, is refused and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from obligations.models import AnnualReport
from obligations.services import reports as services
from obligations.workflow import ReportState
from supervision import roles
from tests.factories import DeskFactory, LocationFactory, UserFactory, municipality

from .reporting import FULL_2023, desk_staff, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English, the msgids (the product shows them in Dutch)."""
    with translation.override("en"):
        yield


EDGES = {
    ("open", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "validate"): "validated",
    ("submitted", "return_to_desk"): "returned",
    ("validated", "share"): "shared",
    ("shared", "publish"): "published",
}
DESK_ACTIONS = {"submit", "share", "publish"}
SHARED_ON = datetime.date(2024, 3, 15)


@pytest.fixture
def desk():
    return DeskFactory(code="LLKO-GENT", municipalities=["44021"])


@pytest.fixture
def provider(desk):
    return LocationFactory(municipality=municipality("44021")).organisation


def actor(role, desk):
    if role == "own_desk_staff":
        return desk_staff(desk)
    if role == "other_desk_staff":
        return desk_staff(DeskFactory(municipalities=["31005"]), username="loket-brugge")
    if role == roles.LOCAL_GOVERNMENT:
        return UserFactory(username="gent", role=role, municipalities=[municipality("44021")])
    return UserFactory(username=role, role=role)


def kwargs_for(name, provider):
    return {
        "submit": {},
        "validate": {},
        "return_to_desk": {"reason": "Het totaal klopt niet met de rubrieken."},
        "share": {"shared_on": SHARED_ON, "recipients": [provider]},
        "publish": {"published_on": SHARED_ON + datetime.timedelta(days=10)},
    }[name]


def report_in(state, desk):
    extra = {"shared_on": SHARED_ON} if state in ("shared", "published") else {}
    return make_report(desk, 2023, state, figures=FULL_2023, **extra)


ROLES = [
    "own_desk_staff",
    "other_desk_staff",
    roles.CLIENT_MANAGER,
    roles.MANAGEMENT,
    roles.ENFORCEMENT_LEAD,
    roles.LOCAL_GOVERNMENT,
    roles.ADMINISTRATOR,
]


def allowed_role(name, role):
    if name in DESK_ACTIONS:
        return role == "own_desk_staff"
    return role == roles.CLIENT_MANAGER


@pytest.mark.parametrize("state", ReportState.values)
@pytest.mark.parametrize("name", list(services.ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_every_edge_for_every_role(desk, provider, state, name, role):
    report = report_in(state, desk)
    user = actor(role, desk)
    history_before = report.history.count()

    if not allowed_role(name, role):
        with pytest.raises(PermissionDenied):
            services.ACTIONS[name](report.pk, actor=user, **kwargs_for(name, provider))
    elif (state, name) not in EDGES:
        with pytest.raises(ValidationError) as refused:
            services.ACTIONS[name](report.pk, actor=user, **kwargs_for(name, provider))
        assert "Not possible while the report is" in refused.value.messages[0]
    else:
        services.ACTIONS[name](report.pk, actor=user, **kwargs_for(name, provider))
        report.refresh_from_db()
        assert report.state == EDGES[(state, name)]
        latest = report.history.first()
        assert latest.history_user == user
        assert latest.history_change_reason
        assert latest.prev_record.state == state
        return

    report.refresh_from_db()
    assert report.state == state
    assert report.history.count() == history_before


def test_the_whole_lifecycle_with_a_return(desk, provider, client_manager):
    staff = desk_staff(desk)
    report = make_report(desk, 2023, "open", figures=FULL_2023)

    services.submit_report(report.pk, actor=staff)
    services.return_report(report.pk, actor=client_manager, reason="Rubriek dringend ontbreekt.")
    services.submit_report(report.pk, actor=staff, reason="Rubriek aangevuld.")
    services.validate_report(report.pk, actor=client_manager)
    services.share_report(report.pk, actor=staff, shared_on=SHARED_ON, recipients=[provider])
    services.publish_report(report.pk, actor=staff, published_on=SHARED_ON)

    report.refresh_from_db()
    assert report.state == "published"
    assert report.return_reason == "Rubriek dringend ontbreekt."
    assert (report.shared_on, report.published_on) == (SHARED_ON, SHARED_ON)
    assert list(report.recipients.all()) == [provider]
    states = [h.state for h in report.history.order_by("history_date", "history_id")]
    assert states == [
        "open",
        "submitted",
        "returned",
        "submitted",
        "validated",
        "shared",
        "published",
    ]
    reasons = [h.history_change_reason for h in report.history.order_by("history_date")]
    assert "Rubriek dringend ontbreekt." in reasons
    assert "Rubriek aangevuld." in reasons


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_return_requires_a_reason(desk, client_manager, reason):
    report = report_in("submitted", desk)
    with pytest.raises(ValidationError) as refused:
        services.return_report(report.pk, actor=client_manager, reason=reason)
    assert refused.value.messages == ["Say why the report goes back to the desk."]
    report.refresh_from_db()
    assert report.state == "submitted"


def test_submit_requires_the_total(desk):
    report = make_report(desk, 2023, "open")
    with pytest.raises(ValidationError) as refused:
        services.submit_report(report.pk, actor=desk_staff(desk))
    assert "at least the total" in refused.value.messages[0]
    report.refresh_from_db()
    assert report.state == "open"


def test_share_records_the_date_and_the_providers(desk, provider):
    report = report_in("validated", desk)
    services.share_report(
        report.pk, actor=desk_staff(desk), shared_on=SHARED_ON, recipients=[provider]
    )
    report.refresh_from_db()
    assert report.shared_on == SHARED_ON
    assert list(report.recipients.all()) == [provider]
    latest = report.history.first()
    assert latest.state == "shared"
    assert [r.organisation for r in latest.recipients.all()] == [provider]
    assert report.history.count() == 2  # created, shared: one row for the share


@pytest.mark.parametrize(
    ("shared_on", "recipients", "message"),
    [
        (None, True, "Give the date on which the report was shared."),
        (datetime.date(2099, 1, 1), True, "The date cannot be in the future."),
        (datetime.date(2023, 12, 31), True, "The date cannot be before 01/01/2024."),
        (SHARED_ON, False, "Choose the providers the report was sent to."),
    ],
)
def test_share_refuses_a_bad_date_or_no_providers(desk, provider, shared_on, recipients, message):
    report = report_in("validated", desk)
    with pytest.raises(ValidationError) as refused:
        services.share_report(
            report.pk,
            actor=desk_staff(desk),
            shared_on=shared_on,
            recipients=[provider] if recipients else [],
        )
    assert refused.value.messages == [message]
    report.refresh_from_db()
    assert (report.state, report.shared_on, report.recipients.count()) == ("validated", None, 0)


def test_share_without_providers_in_the_area_records_the_date(desk):
    report = report_in("validated", desk)  # no location in the area
    services.share_report(report.pk, actor=desk_staff(desk), shared_on=SHARED_ON, recipients=[])
    report.refresh_from_db()
    assert (report.state, report.shared_on) == ("shared", SHARED_ON)


def test_publish_refuses_a_date_before_sharing(desk):
    report = report_in("shared", desk)
    with pytest.raises(ValidationError) as refused:
        services.publish_report(
            report.pk, actor=desk_staff(desk), published_on=SHARED_ON - datetime.timedelta(days=1)
        )
    assert refused.value.messages == ["The date cannot be before 15/03/2024."]
    report.refresh_from_db()
    assert report.state == "shared"


def test_shareable_providers_are_those_with_an_active_location_in_the_area(desk):
    inside = LocationFactory(municipality=municipality("44021"))
    LocationFactory(municipality=municipality("31005"))  # another area
    stopped = LocationFactory(municipality=municipality("44021"), licence_status="stopped")
    providers = list(services.shareable_providers(desk))
    assert inside.organisation in providers
    assert stopped.organisation not in providers
    assert len(providers) == 1


def test_every_change_recomputes_the_desk_compliance_the_report_counts_for(
    desk, provider, client_manager, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(
        "obligations.services.compliance.recompute_for_desk",
        lambda desk_id, year: calls.append((desk_id, year)),
    )
    staff = desk_staff(desk)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.open_report(desk.pk, 2023, actor=staff)
        services.save_figures(
            report.pk,
            actor=staff,
            full_year=True,
            counts={"unique_total": 10, "unanswered_total": 2},
        )
        services.submit_report(report.pk, actor=staff)
        services.validate_report(report.pk, actor=client_manager)
        services.share_report(report.pk, actor=staff, shared_on=SHARED_ON, recipients=[provider])
        services.publish_report(report.pk, actor=staff, published_on=SHARED_ON)
    assert calls == [(desk.pk, 2024)] * 6  # D5 of 2024: the report of 2023, shared in 2024


def test_a_refused_change_recomputes_nothing(desk, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr(
        "obligations.services.compliance.recompute_for_desk",
        lambda desk_id, year: calls.append((desk_id, year)),
    )
    report = report_in("open", desk)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.validate_report(report.pk, actor=UserFactory(role=roles.CLIENT_MANAGER))
    assert calls == []


# Opening a report


def test_desk_staff_open_the_report_of_their_desk_once(desk):
    staff = desk_staff(desk)
    report = services.open_report(desk.pk, 2023, actor=staff)
    assert (report.state, report.desk, report.year) == ("open", desk, 2023)
    assert services.open_report(desk.pk, 2023, actor=staff) == report
    assert AnnualReport.objects.count() == 1
    assert report.history.get().history_user == staff


def test_a_client_manager_may_open_a_report_for_any_desk(desk, client_manager):
    assert services.open_report(desk.pk, 2024, actor=client_manager).state == "open"


@pytest.mark.parametrize("role", ["other_desk_staff", roles.LOCAL_GOVERNMENT, roles.MANAGEMENT])
def test_others_may_not_open_a_report(desk, role):
    with pytest.raises(PermissionDenied):
        services.open_report(desk.pk, 2023, actor=actor(role, desk))
    assert AnnualReport.objects.count() == 0


@pytest.mark.parametrize("year", [2018, 2999])
def test_a_report_is_opened_only_for_a_year_with_rubrics_up_to_now(desk, year):
    with pytest.raises(ValidationError):
        services.open_report(desk.pk, year, actor=desk_staff(desk))
    assert AnnualReport.objects.count() == 0
