"""The signal list and a signal's page: scoped (desk A does not see desk B's signals, and gets 404
on their pages), filtered, searched and sorted, in a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Signal, Source
from tests.cases import signal_support as s
from tests.obligations import evidence_support as files

LIST_URL = reverse("cases:signal-list")


@pytest.fixture
def world(db):
    return s.make_world()


def _detail(signal):
    return reverse("cases:signal-detail", args=[signal.pk])


def _listed(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return list(response.context["object_list"])


@pytest.fixture
def signals(world):
    """Desk A reports provider A; desk B reports provider B; a parent complains about desk B."""
    by_a = s.record(world.staff_a, about_organisation=world.provider_a)
    by_b = s.record(world.staff_b, about_organisation=world.provider_b)
    about_b = s.record(world.client_manager, about_desk=world.desk_b)
    return by_a, by_b, about_b


def test_desk_staff_see_only_their_desks_signals(client, world, signals):
    by_a, by_b, about_b = signals
    client.force_login(world.staff_a)
    assert _listed(client) == [by_a]
    assert client.get(_detail(by_a)).status_code == 200
    assert client.get(_detail(by_b)).status_code == 404
    assert client.get(_detail(about_b)).status_code == 404
    client.force_login(world.staff_b)
    assert set(_listed(client)) == {by_b, about_b}
    assert client.get(_detail(by_a)).status_code == 404


def test_local_government_sees_signals_in_its_municipalities(client, world, signals):
    by_a, by_b, about_b = signals
    in_gent = s.record(
        world.client_manager, about_organisation=world.provider_a, locations=[world.location_a]
    )
    about_desk_a = s.record(world.client_manager, about_desk=world.desk_a)
    client.force_login(world.local_government)
    assert set(_listed(client)) == {in_gent, about_desk_a}
    assert client.get(_detail(by_a)).status_code == 404


def test_client_managers_see_every_signal(client, world, signals):
    client.force_login(world.client_manager)
    assert set(_listed(client)) == set(signals)


def test_filters_source_channel_year_case_and_obligation(client, world, signals):
    by_a, by_b, about_b = signals
    obligation = s.provider_obligation()
    last_year = timezone.localdate() - datetime.timedelta(days=366)
    old = s.record(
        world.client_manager,
        about_organisation=world.provider_b,
        source=Source.CARE_INSPECTORATE,
        channel="letter",
        received_on=last_year,
        obligations=[obligation],
    )
    case = services.create_case_from_signal(about_b.pk, actor=world.client_manager)
    client.force_login(world.client_manager)

    assert set(_listed(client, source="desk")) == {by_a, by_b}
    assert _listed(client, channel="letter") == [old]
    assert _listed(client, year=last_year.year) == [old]
    assert _listed(client, case="with") == [about_b]
    assert set(_listed(client, case="without")) == {by_a, by_b, old}
    assert _listed(client, obligation=obligation.pk) == [old]
    assert case.number in client.get(LIST_URL).content.decode()


def test_search_on_party_name_and_description(client, world, signals):
    by_a, by_b, about_b = signals
    Signal.objects.filter(pk=by_b.pk).update(description="Geen antwoord op drie uitnodigingen")
    client.force_login(world.client_manager)
    assert _listed(client, q="zonnebloem") == [by_a]
    assert _listed(client, q="Loket Antw") == [about_b]
    assert _listed(client, q="uitnodigingen") == [by_b]


def test_sorting_by_party(client, world, signals):
    by_a, by_b, about_b = signals
    client.force_login(world.client_manager)
    # Klavertje bv, Loket Antwerpen, Zonnebloem vzw
    assert _listed(client, o="party") == [by_b, about_b, by_a]
    assert _listed(client, o="-party") == [by_a, about_b, by_b]


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries), len(response.context["object_list"])


def test_the_list_takes_as_many_queries_for_fifty_signals_as_for_one(client, world):
    obligation = s.provider_obligation()
    s.record(world.staff_a, about_organisation=world.provider_a, obligations=[obligation])
    client.force_login(world.staff_a)
    one, shown = _count_queries(client)
    assert shown == 1
    for number in range(49):
        signal = s.record(
            world.staff_a,
            about_organisation=world.provider_a,
            locations=[world.location_a],
            obligations=[obligation],
            attachments=[(files.uploaded("a.pdf", files.pdf()), "")] if number % 10 == 0 else (),
        )
        if number % 5 == 0:
            services.create_case_from_signal(signal.pk, actor=world.client_manager)
    fifty, shown = _count_queries(client)
    assert shown == 50
    assert fifty == one
