"""Recording local-government advice (``cases.services.advice.record_advice``): who may, on which
provider and location, with which content; every refusal stores nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.models import Advice, AdviceVerdict
from tests.factories import LocationFactory, OrganisationFactory, municipality

from .advice_support import ANTWERP, GHENT, give, negative, official, positive, provider_in
from .support import make_case


@pytest.fixture
def gent(db):
    return official("gent")


@pytest.fixture
def location(db):
    return provider_in(GHENT)


def refused(actor, values, error=ValidationError):
    with pytest.raises(error) as raised:
        give(actor, values)
    assert not Advice.objects.exists()
    return raised.value


def test_a_positive_advice_in_an_expansion_round_is_stored_with_its_history(gent, location):
    case = make_case(about_organisation=location.organisation)
    case.locations.add(location)
    advice = give(gent, positive(location, cases=[case]))
    advice.refresh_from_db()
    assert (advice.verdict, advice.score, advice.round_year) == (AdviceVerdict.POSITIVE, 72, 2026)
    assert (advice.location, advice.recorded_by, advice.given_on) == (
        location,
        gent,
        timezone.localdate(),
    )
    assert list(advice.cases.all()) == [case]
    row = advice.history.get()
    assert (row.history_user, row.history_change_reason) == (gent, "Advies geregistreerd")


def test_a_negative_advice_on_a_licence_application_names_no_location_nor_score(gent, location):
    advice = give(gent, negative(location, grounds="  Geen overleg met het loket.  "))
    assert (advice.location, advice.score, advice.round_name, advice.round_year) == (
        None,
        None,
        "",
        None,
    )
    assert advice.cooperation_shortfall
    assert advice.grounds == "Geen overleg met het loket."


def test_only_users_with_the_permission_record_advice(client_manager, location):
    assert client_manager.has_perm("cases.view_advice")
    refused(client_manager, positive(location), PermissionDenied)


def test_an_inactive_official_records_nothing(gent, location):
    gent.is_active = False
    gent.save()
    refused(gent, positive(location), PermissionDenied)


def test_advice_only_for_the_officials_own_municipalities(gent):
    elsewhere = provider_in(ANTWERP)
    refused(gent, positive(elsewhere), PermissionDenied)


def test_advice_only_for_a_municipality_valid_today(db):
    merged = municipality("11007", on=datetime.date(2024, 6, 1))
    user = official("oud")
    user.municipalities.add(merged)
    location = LocationFactory(municipality=merged)
    refused(user, positive(location), PermissionDenied)


def test_the_location_belongs_to_the_provider(gent, location):
    other = provider_in(GHENT)
    error = refused(gent, positive(location, location=other))
    assert "location" in error.message_dict


def test_the_location_lies_in_the_municipality(gent, location):
    # The provider has a location in Ghent (``location``) and one in Antwerp.
    antwerp = provider_in(ANTWERP, organisation=location.organisation)
    error = refused(gent, positive(location, location=antwerp))
    assert "location" in error.message_dict


def test_the_provider_has_a_location_in_the_municipality(gent):
    elsewhere = provider_in(ANTWERP)
    values = negative(elsewhere, municipality=municipality(GHENT))
    error = refused(gent, values)
    assert list(error.message_dict) == ["organisation"]


def test_the_provider_is_required(gent, location):
    refused(gent, negative(location, organisation=None))


@pytest.mark.parametrize(
    ("make_values", "field"),
    [
        (lambda loc: positive(loc, round_name=""), "round_name"),
        (lambda loc: positive(loc, round_name="   "), "round_name"),
        (lambda loc: positive(loc, round_year=None), "round_year"),
        (lambda loc: positive(loc, round_year=1999), "round_year"),
        (lambda loc: positive(loc, round_year=timezone.localdate().year + 6), "round_year"),
        (lambda loc: negative(loc, round_name="Ronde 2026"), "round_name"),
        (lambda loc: negative(loc, round_year=2026), "round_name"),
        (lambda loc: positive(loc, context="other"), "context"),
        (lambda loc: positive(loc, verdict="neutral"), "verdict"),
        (lambda loc: positive(loc, score=None), "score"),
        (lambda loc: positive(loc, score=101), "score"),
        (lambda loc: positive(loc, score=-1), "score"),
        (lambda loc: negative(loc, score=0), "score"),
        (lambda loc: positive(loc, grounds=""), "grounds"),
        (lambda loc: negative(loc, grounds="  \n "), "grounds"),
        (
            lambda loc: positive(loc, given_on=timezone.localdate() + datetime.timedelta(days=1)),
            "given_on",
        ),
    ],
)
def test_content_refusals_name_their_field(gent, location, make_values, field):
    error = refused(gent, make_values(location))
    assert field in error.message_dict


def test_scores_at_the_bounds_are_accepted(gent, location):
    assert give(gent, positive(location, score=0)).score == 0
    assert give(gent, positive(location, score=100)).score == 100


def test_linked_cases_must_be_visible_to_the_official(gent, location):
    # About the provider, but only its Antwerp location: not a case Ghent sees.
    unseen = make_case(about_organisation=location.organisation)
    unseen.locations.add(provider_in(ANTWERP, organisation=location.organisation))
    error = refused(gent, negative(location, cases=[unseen]))
    assert "cases" in error.message_dict


def test_linked_cases_must_be_about_the_provider(gent, location):
    other = provider_in(GHENT)
    about_other = make_case(about_organisation=other.organisation)
    about_other.locations.add(other)
    refused(gent, negative(location, cases=[about_other]))


def test_the_provider_must_exist_in_the_registry(gent, location):
    refused(gent, negative(location, organisation=OrganisationFactory()))
