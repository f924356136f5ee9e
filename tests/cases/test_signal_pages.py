"""Reporting a signal on the page, per role: desk staff for their own desk about providers in its
area, local governments within their municipalities, client managers from any source and channel.
Step 1 finds the party; the prefill links skip it; out-of-scope parties are 404; bad input gives
Dutch form errors and stores nothing."""

import datetime

import pytest
from django.utils import timezone, translation

from cases.models import Signal, Source
from supervision import roles
from tests.cases import signal_support as s
from tests.factories import DeskFactory, UserFactory


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl-be"):
        yield


@pytest.fixture
def world(db):
    return s.make_world()


def _login(client, user):
    client.force_login(user)
    return client


def _errors(response):
    form = response.context["form"]
    return {name: list(errors) for name, errors in form.errors.items()}


# Step 1: the search


def test_search_finds_providers_by_name_and_by_enterprise_number(client, world):
    _login(client, world.client_manager)
    by_name = client.get(s.CREATE_URL, {"q": "zonneb"})
    assert by_name.status_code == 200
    assert by_name.context["results"]["organisations"] == [world.provider_a]
    assert f'href="?organisation={world.provider_a.pk}"' in by_name.content.decode()

    by_number = client.get(s.CREATE_URL, {"q": world.provider_b.enterprise_number_display})
    assert by_number.context["results"]["organisations"] == [world.provider_b]


def test_search_of_desk_staff_shows_only_what_lies_in_their_area(client, world):
    _login(client, world.staff_a)
    results = client.get(s.CREATE_URL, {"q": "Klavertje"}).context["results"]
    assert (results["organisations"], results["locations"], results["desks"]) == ([], [], [])

    results = client.get(s.CREATE_URL, {"q": "Zonnebloem"}).context["results"]
    assert results["organisations"] == [world.provider_a]
    assert results["locations"] == [world.location_a]  # not the one in Antwerpen
    assert results["desks"] == []  # desk staff report providers


def test_search_of_a_local_government_offers_the_desks_serving_it(client, world):
    _login(client, world.local_government)
    results = client.get(s.CREATE_URL, {"q": "Loket"}).context["results"]
    assert results["desks"] == [world.desk_a]


def test_a_search_of_one_character_is_refused_in_dutch(client, world):
    _login(client, world.client_manager)
    response = client.get(s.CREATE_URL, {"q": "z"})
    assert response.context["results"] is None
    assert "ten minste 2 tekens" in response.content.decode()


# The prefill links


def test_a_location_link_opens_the_form_with_that_location_chosen(client, world):
    _login(client, world.staff_a)
    response = client.get(s.CREATE_URL, {"location": world.location_a.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["locations"] == [world.location_a.pk]
    assert list(form.fields["locations"].queryset) == [world.location_a]
    assert response.context["party"].organisation == world.provider_a


def test_organisation_and_desk_links_name_the_party(client, world):
    _login(client, world.client_manager)
    response = client.get(s.CREATE_URL, {"organisation": world.provider_b.pk})
    assert response.context["party"].organisation == world.provider_b
    assert set(response.context["form"].fields["locations"].queryset) == {world.location_b}
    response = client.get(s.CREATE_URL, {"desk": world.desk_b.pk})
    assert response.context["party"].desk == world.desk_b
    assert "locations" not in response.context["form"].fields


def test_links_to_parties_outside_what_the_user_may_report_are_404(client, world):
    _login(client, world.staff_a)
    assert client.get(s.CREATE_URL, {"organisation": world.provider_b.pk}).status_code == 404
    assert client.get(s.CREATE_URL, {"location": world.location_b.pk}).status_code == 404
    assert client.get(s.CREATE_URL, {"desk": world.desk_a.pk}).status_code == 404
    _login(client, world.local_government)
    assert client.get(s.CREATE_URL, {"desk": world.desk_b.pk}).status_code == 404
    assert client.get(s.CREATE_URL, {"organisation": world.provider_b.pk}).status_code == 404
    assert client.get(s.CREATE_URL, {"desk": world.desk_a.pk}).status_code == 200


def test_users_who_do_not_report_signals_get_403(client, management_user):
    _login(client, management_user)
    assert client.get(s.CREATE_URL).status_code == 403


# Desk staff


def test_desk_staff_report_a_provider_in_their_area_for_their_desk(client, world):
    obligation = s.provider_obligation()
    _login(client, world.staff_a)
    response = client.post(
        s.CREATE_URL,
        s.form_data(
            organisation=world.provider_a.pk,
            locations=[world.location_a.pk],
            obligations=[obligation.pk],
            reporting_desk=world.desk_b.pk,  # a single desk is no choice: ignored
            source=Source.PARENT,  # desk staff always report as their desk: ignored
        ),
    )
    signal = Signal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/meldingen/{signal.pk}/"
    assert (signal.source, signal.channel, signal.reporting_desk) == (
        "desk",
        "portal",
        world.desk_a,
    )
    assert list(signal.locations.all()) == [world.location_a]
    assert list(signal.obligations.all()) == [obligation]
    assert signal.reported_by == world.staff_a


def test_desk_staff_cannot_name_a_location_outside_their_area(client, world):
    _login(client, world.staff_a)
    response = client.post(
        s.CREATE_URL,
        s.form_data(organisation=world.provider_a.pk, locations=[world.location_a_elsewhere.pk]),
    )
    assert response.status_code == 200
    assert "locations" in _errors(response)
    assert not Signal.objects.exists()


def test_desk_staff_cannot_report_a_provider_outside_their_area(client, world):
    _login(client, world.staff_a)
    response = client.post(s.CREATE_URL, s.form_data(organisation=world.provider_b.pk))
    assert response.status_code == 404
    assert not Signal.objects.exists()


def test_desk_staff_of_several_desks_choose_one_of_their_own(client, world):
    desk_c = DeskFactory(name="Loket Gent-Zuid", municipalities=[s.GENT])
    staff = UserFactory(username="loket-ac", role=roles.DESK_STAFF, desks=[world.desk_a, desk_c])
    _login(client, staff)
    page = client.get(s.CREATE_URL, {"organisation": world.provider_a.pk})
    assert set(page.context["form"].fields["reporting_desk"].queryset) == {world.desk_a, desk_c}

    refused = client.post(
        s.CREATE_URL,
        s.form_data(organisation=world.provider_a.pk, reporting_desk=world.desk_b.pk),
    )
    assert "reporting_desk" in _errors(refused)
    assert not Signal.objects.exists()

    client.post(
        s.CREATE_URL, s.form_data(organisation=world.provider_a.pk, reporting_desk=desk_c.pk)
    )
    assert Signal.objects.get().reporting_desk == desk_c


# Local governments


def test_local_government_reports_a_provider_naming_locations_in_its_municipalities(client, world):
    _login(client, world.local_government)
    page = client.get(s.CREATE_URL, {"organisation": world.provider_a.pk})
    assert list(page.context["form"].fields["locations"].queryset) == [world.location_a]

    missing = client.post(s.CREATE_URL, s.form_data(organisation=world.provider_a.pk))
    assert _errors(missing) == {"locations": ["Dit veld is verplicht."]}
    outside = client.post(
        s.CREATE_URL,
        s.form_data(organisation=world.provider_a.pk, locations=[world.location_a_elsewhere.pk]),
    )
    assert "locations" in _errors(outside)
    assert not Signal.objects.exists()

    client.post(
        s.CREATE_URL,
        s.form_data(organisation=world.provider_a.pk, locations=[world.location_a.pk]),
    )
    signal = Signal.objects.get()
    assert (signal.source, signal.channel, signal.reporting_desk) == (
        "local_government",
        "portal",
        None,
    )


def test_local_government_reports_a_desk_serving_it(client, world):
    _login(client, world.local_government)
    client.post(s.CREATE_URL, s.form_data(desk=world.desk_a.pk))
    assert Signal.objects.get().about_desk == world.desk_a
    assert client.post(s.CREATE_URL, s.form_data(desk=world.desk_b.pk)).status_code == 404
    assert Signal.objects.count() == 1


# Client managers


def test_client_manager_records_any_source_and_channel(client, world):
    _login(client, world.client_manager)
    received = timezone.localdate() - datetime.timedelta(days=3)
    client.post(
        s.CREATE_URL,
        s.form_data(
            organisation=world.provider_b.pk,
            source=Source.CARE_INSPECTORATE,
            channel="letter",
            received_on=received.isoformat(),
        ),
    )
    client.post(
        s.CREATE_URL,
        s.form_data(
            desk=world.desk_b.pk,
            source=Source.DESK,
            reporting_desk=world.desk_a.pk,
            channel="phone",
            received_on=received.isoformat(),
        ),
    )
    inspectorate, from_desk = Signal.objects.order_by("pk")
    assert (inspectorate.source, inspectorate.channel, inspectorate.received_on) == (
        "care_inspectorate",
        "letter",
        received,
    )
    assert (from_desk.about_desk, from_desk.source, from_desk.reporting_desk) == (
        world.desk_b,
        "desk",
        world.desk_a,
    )


def test_a_signal_from_a_desk_names_the_reporting_desk(client, world):
    _login(client, world.client_manager)
    response = client.post(
        s.CREATE_URL,
        s.form_data(
            organisation=world.provider_b.pk,
            source=Source.DESK,
            channel="mail",
            received_on=timezone.localdate().isoformat(),
        ),
    )
    assert _errors(response) == {"reporting_desk": ["Kies het loket dat de melding deed."]}
    assert not Signal.objects.exists()


def test_bad_input_gives_dutch_errors_and_stores_nothing(client, world):
    _login(client, world.client_manager)
    empty = client.post(
        s.CREATE_URL,
        {"organisation": world.provider_b.pk, "source": "martian", "channel": "portal"},
    )
    errors = _errors(empty)
    assert errors["description"] == ["Dit veld is verplicht."]
    assert errors["received_on"] == ["Dit veld is verplicht."]
    assert "geldige keuze" in errors["source"][0]
    assert "geldige keuze" in errors["channel"][0]  # the portal is the reporter's own channel

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = client.post(
        s.CREATE_URL,
        s.form_data(
            organisation=world.provider_b.pk,
            source=Source.PARENT,
            channel="mail",
            received_on=tomorrow.isoformat(),
        ),
    )
    assert _errors(future) == {"received_on": ["De datum kan niet in de toekomst liggen."]}
    assert "De datum kan niet in de toekomst liggen." in future.content.decode()
    assert not Signal.objects.exists()


def test_a_signal_starts_from_a_negative_advice(client, world):
    advice = s.negative_advice(world)
    _login(client, world.client_manager)
    page = client.get(s.CREATE_URL, {"advice": advice.pk})
    assert page.context["party"].organisation == world.provider_a
    assert page.context["form"].initial == {
        "locations": [world.location_a.pk],
        "source": Source.LOCAL_GOVERNMENT,
    }
    client.post(
        s.CREATE_URL,
        s.form_data(
            advice=advice.pk,
            organisation=world.provider_b.pk,  # the advice names the provider: ignored
            source=Source.LOCAL_GOVERNMENT,
            channel="mail",
            received_on=timezone.localdate().isoformat(),
            locations=[world.location_a.pk],
        ),
    )
    signal = Signal.objects.get()
    assert (signal.advice, signal.about_organisation) == (advice, world.provider_a)


def test_a_positive_advice_starts_no_signal(client, world):
    advice = s.negative_advice(world, verdict="positive", score=70)
    _login(client, world.client_manager)
    assert client.get(s.CREATE_URL, {"advice": advice.pk}).status_code == 404


def test_desk_staff_without_a_desk_get_403(client, db):
    _login(client, UserFactory(username="loket-zonder-loket", role=roles.DESK_STAFF))
    assert client.get(s.CREATE_URL).status_code == 403
