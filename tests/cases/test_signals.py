"""Recording signals: desk staff for their own desks, local governments within their
municipalities, client managers from any source; bad input changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, Signal, Source
from supervision import roles
from tests.factories import (
    DeskFactory,
    LocationFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
)


def record(actor, **values):
    return services.record_signal(
        actor=actor, **{"source": Source.PARENT, "channel": "mail", "description": "x", **values}
    )


def test_client_manager_records_from_any_source(client_manager):
    location = LocationFactory()
    signal = record(
        client_manager,
        source=Source.CARE_INSPECTORATE,
        about_organisation=location.organisation,
        locations=[location],
    )
    assert (signal.source, list(signal.locations.all())) == (Source.CARE_INSPECTORATE, [location])
    assert signal.history.first().history_user == client_manager


def test_a_signal_names_exactly_one_party(client_manager):
    with pytest.raises(ValidationError):
        record(client_manager)
    with pytest.raises(ValidationError):
        record(client_manager, about_desk=DeskFactory(), about_organisation=OrganisationFactory())
    assert not Signal.objects.exists()


def test_locations_must_belong_to_the_provider(client_manager):
    with pytest.raises(ValidationError):
        record(
            client_manager, about_organisation=OrganisationFactory(), locations=[LocationFactory()]
        )
    assert not Signal.objects.exists()


def test_a_desk_signal_from_a_client_manager_names_the_reporting_desk(client_manager):
    with pytest.raises(ValidationError):
        record(client_manager, source=Source.DESK, about_organisation=OrganisationFactory())


def test_desk_staff_report_only_for_their_own_desk(db):
    own, other = DeskFactory(), DeskFactory()
    staff = UserFactory(username="loket", role=roles.DESK_STAFF, desks=[own])
    with pytest.raises(PermissionDenied):
        record(staff, reporting_desk=other, about_organisation=OrganisationFactory())
    assert not Signal.objects.exists()


def test_local_government_reports_within_its_municipalities(db):
    official = UserFactory(
        username="gemeente", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    inside = LocationFactory(municipality=municipality("44021"))
    outside = LocationFactory(municipality=municipality("11002"))
    with pytest.raises(PermissionDenied):
        record(official, about_organisation=outside.organisation, locations=[outside])
    with pytest.raises(PermissionDenied):
        record(official, about_desk=DeskFactory(municipalities=["11002"]))
    signal = record(official, about_organisation=inside.organisation, locations=[inside])
    assert signal.source == Source.LOCAL_GOVERNMENT
    assert record(official, about_desk=DeskFactory(municipalities=["44021"])).pk


@pytest.mark.parametrize("role", [roles.MANAGEMENT, roles.ADMINISTRATOR, roles.ENFORCEMENT_LEAD])
def test_roles_without_add_signal_cannot_report(db, role):
    user = UserFactory(username=f"u-{role}", role=role)
    with pytest.raises(PermissionDenied):
        record(user, about_desk=DeskFactory())


def test_further_signals_join_an_open_case(client_manager):
    desk = DeskFactory()
    case = services.create_case_from_signal(
        record(client_manager, about_desk=desk).pk, actor=client_manager
    )
    second = record(client_manager, about_desk=desk)
    services.add_signal_to_case(second.pk, case.pk, actor=client_manager)
    assert case.signals.count() == 2
    with pytest.raises(ValidationError):
        services.add_signal_to_case(
            record(client_manager, about_desk=DeskFactory()).pk, case.pk, actor=client_manager
        )
    assert Case.objects.count() == 1


def test_only_client_managers_make_cases_of_signals(db, client_manager):
    staff = UserFactory(username="loket", role=roles.DESK_STAFF, desks=[DeskFactory()])
    signal = record(client_manager, about_desk=DeskFactory())
    with pytest.raises(PermissionDenied):
        services.create_case_from_signal(signal.pk, actor=staff)
    assert not Case.objects.exists()
