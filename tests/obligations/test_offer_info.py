"""Offer info (P2): the desk records what a provider gave it, for a location in its area; only
those fields change, with who and why in the location's history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from obligations.services import compliance
from obligations.services.offer_info import record_offer_info
from registry.models import Location
from supervision import roles
from tests.factories import LocationFactory, UserFactory, municipality
from tests.obligations.desk_records import make_world


@pytest.fixture
def world(db):
    return make_world()


def _record(world, location=None, **overrides):
    values = {
        "user": world.staff,
        "opening_hours": "ma-vr 7-18u",
        "income_related_tariff": True,
        "phone": "09 123 45 67",
        "email": "info@kindenco.be",
    }
    location = location or world.gent_location
    return record_offer_info(location.pk, **{**values, **overrides})


def test_records_the_offer_info_with_today_as_confirmation(world):
    location = _record(world)
    location.refresh_from_db()
    assert location.opening_hours == "ma-vr 7-18u"
    assert location.income_related_tariff is True
    assert (location.phone, location.email) == ("09 123 45 67", "info@kindenco.be")
    assert location.offer_confirmed_on == timezone.localdate()
    assert location.offer_info_current
    latest = location.history.latest("history_date")
    assert latest.history_user == world.staff
    assert latest.history_change_reason == "Aanbodinformatie geregistreerd door het loket"


def test_only_the_offer_fields_change(world):
    before = Location.objects.get(pk=world.gent_location.pk)
    _record(world, confirmed_on=datetime.date(2025, 6, 1))
    after = Location.objects.get(pk=world.gent_location.pk)
    for field in ("name", "places", "licence_status", "subsidy_level", "municipality_id"):
        assert getattr(after, field) == getattr(before, field)
    assert after.offer_confirmed_on == datetime.date(2025, 6, 1)


def test_recompute_for_the_location_runs_after_commit(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(compliance, "recompute_for_location", lambda *args: calls.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        _record(world)
    assert calls == [(world.gent_location.pk, timezone.localdate().year)]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"confirmed_on": "tomorrow"}, "toekomst"),
        ({"opening_hours": "  "}, "openingsuren"),
        ({"phone": "", "email": ""}, "telefoonnummer of een e-mailadres"),
        ({"email": "geen-adres"}, "e-mailadres"),
    ],
)
def test_refuses_bad_input_and_changes_nothing(world, overrides, message):
    if overrides.get("confirmed_on") == "tomorrow":
        overrides["confirmed_on"] = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match=message):
        _record(world, **overrides)
    world.gent_location.refresh_from_db()
    assert world.gent_location.offer_confirmed_on is None


def test_refuses_a_location_outside_the_desks_area(world):
    in_brugge = LocationFactory(municipality=municipality("31005"))
    with pytest.raises(PermissionDenied):
        _record(world, location=in_brugge)
    in_brugge.refresh_from_db()
    assert in_brugge.offer_confirmed_on is None


def test_refuses_a_user_without_the_permission(world, client_manager):
    with pytest.raises(PermissionDenied):
        _record(world, user=client_manager)


# The page


def test_the_location_page_links_to_it_only_for_those_who_may(client, world, client_manager):
    url = reverse("obligations:offer-info-record", args=[world.gent_location.pk])
    client.force_login(world.staff)
    assert url in client.get(world.gent_location.get_absolute_url()).content.decode()
    client.force_login(client_manager)
    assert url not in client.get(world.gent_location.get_absolute_url()).content.decode()


def test_the_form_records_and_returns_to_the_location(client, world):
    client.force_login(world.staff)
    url = reverse("obligations:offer-info-record", args=[world.gent_location.pk])
    form = client.get(url).context["form"]
    assert form.initial["confirmed_on"] == timezone.localdate()
    response = client.post(
        url,
        {
            "opening_hours": "ma-vr 7-18u",
            "income_related_tariff": "no",
            "phone": "",
            "email": "info@kindenco.be",
            "confirmed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302 and response.url == world.gent_location.get_absolute_url()
    world.gent_location.refresh_from_db()
    assert world.gent_location.income_related_tariff is False
    assert world.gent_location.offer_confirmed_on == timezone.localdate()


def test_the_form_refuses_a_future_date_and_missing_contact(client, world):
    client.force_login(world.staff)
    url = reverse("obligations:offer-info-record", args=[world.gent_location.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url,
        {"opening_hours": "ma-vr", "income_related_tariff": "yes", "confirmed_on": tomorrow},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["confirmed_on"] and errors["phone"]
    world.gent_location.refresh_from_db()
    assert world.gent_location.offer_confirmed_on is None


def test_scoping_and_permission_on_the_page(client, world, client_manager):
    in_brugge = LocationFactory(municipality=municipality("31005"))
    client.force_login(world.staff)
    assert (
        client.get(reverse("obligations:offer-info-record", args=[in_brugge.pk])).status_code == 404
    )
    client.force_login(client_manager)
    url = reverse("obligations:offer-info-record", args=[world.gent_location.pk])
    assert client.get(url).status_code == 403
    official = UserFactory(
        username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    client.force_login(official)
    assert client.get(url).status_code == 403
