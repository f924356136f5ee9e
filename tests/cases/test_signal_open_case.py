"""From a signal's page, a client manager opens a case (the next number, state received) or joins
the signal to an open case about the same party; refusals come back as messages, and users
without the permission get 403."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from cases.models import Case, Signal
from tests.cases import signal_support as s
from tests.cases.support import make_case


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl-be"):
        yield


@pytest.fixture
def world(db):
    return s.make_world()


def _url(name, signal):
    return reverse(f"cases:{name}", args=[signal.pk])


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_client_manager_opens_a_case_from_the_signals_page(client, world):
    signal = s.record(world.staff_a, about_organisation=world.provider_a)
    client.force_login(world.client_manager)
    page = client.get(_url("signal-detail", signal))
    assert page.context["can_open_case"]
    assert _url("signal-open-case", signal) in page.content.decode()

    response = client.post(_url("signal-open-case", signal))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case-detail", args=[case.number])
    assert _messages(response) == [f"Dossier {case.number} is geopend."]
    signal.refresh_from_db()
    assert (signal.case, case.state, case.about_organisation) == (
        case,
        "received",
        world.provider_a,
    )
    assert case.desk_reported_provider


def test_a_signal_in_a_case_links_to_it_and_cannot_open_another(client, world):
    signal = s.record(world.client_manager, about_desk=world.desk_a)
    client.force_login(world.client_manager)
    client.post(_url("signal-open-case", signal))
    case = Case.objects.get()
    page = client.get(_url("signal-detail", signal))
    assert not page.context["can_open_case"]
    assert reverse("cases:case-detail", args=[case.number]) in page.content.decode()

    again = client.post(_url("signal-open-case", signal))
    assert again["Location"] == _url("signal-detail", signal)
    assert _messages(again) == ["Deze melding hoort al bij een dossier."]
    assert Case.objects.count() == 1


def test_desk_staff_and_local_governments_cannot_open_cases(client, world):
    signal = s.record(world.staff_a, about_organisation=world.provider_a)
    client.force_login(world.staff_a)
    assert not client.get(_url("signal-detail", signal)).context["can_open_case"]
    assert client.post(_url("signal-open-case", signal)).status_code == 403
    client.force_login(world.local_government)
    assert client.post(_url("signal-open-case", signal)).status_code == 403
    assert not Case.objects.exists()


def test_opening_a_case_is_post_only(client, world):
    signal = s.record(world.client_manager, about_desk=world.desk_a)
    client.force_login(world.client_manager)
    assert client.get(_url("signal-open-case", signal)).status_code == 405
    assert not Case.objects.exists()


def test_a_signal_joins_an_open_case_about_the_same_party(client, world):
    open_case = make_case("investigation", about_organisation=world.provider_a)
    make_case("closed", about_organisation=world.provider_a, outcome="unfounded")
    make_case("received", about_organisation=world.provider_b)
    signal = s.record(
        world.client_manager, about_organisation=world.provider_a, locations=[world.location_a]
    )
    client.force_login(world.client_manager)
    form = client.get(_url("signal-detail", signal)).context["join_form"]
    assert list(form.fields["case"].queryset) == [open_case]

    response = client.post(_url("signal-join-case", signal), {"case": open_case.pk})
    assert response["Location"] == _url("signal-detail", signal)
    assert _messages(response) == [f"De melding is toegevoegd aan dossier {open_case.number}."]
    signal.refresh_from_db()
    assert signal.case == open_case
    assert list(open_case.locations.all()) == [world.location_a]


def test_no_join_form_without_an_open_case_about_the_party(client, world):
    make_case("received", about_organisation=world.provider_b)
    signal = s.record(world.client_manager, about_organisation=world.provider_a)
    client.force_login(world.client_manager)
    assert "join_form" not in client.get(_url("signal-detail", signal)).context


def test_joining_a_case_about_another_party_or_a_closed_case_is_refused(client, world):
    other_party = make_case("received", about_organisation=world.provider_b)
    closed = make_case("closed", about_organisation=world.provider_a, outcome="unfounded")
    signal = s.record(world.client_manager, about_organisation=world.provider_a)
    client.force_login(world.client_manager)
    for case in (other_party, closed):
        response = client.post(_url("signal-join-case", signal), {"case": case.pk}, follow=True)
        assert "Kies een open dossier over dezelfde partij." in response.content.decode()
    assert Signal.objects.get().case is None


def test_a_signal_already_in_a_case_joins_no_other(client, world):
    first = make_case("received", about_organisation=world.provider_a)
    second = make_case("received", about_organisation=world.provider_a)
    signal = s.record(world.client_manager, about_organisation=world.provider_a)
    Signal.objects.filter(pk=signal.pk).update(case=first)
    client.force_login(world.client_manager)
    response = client.post(_url("signal-join-case", signal), {"case": second.pk})
    assert _messages(response) == ["Deze melding hoort al bij een dossier."]
    assert Signal.objects.get().case == first


def test_desk_staff_cannot_join_signals_to_cases(client, world):
    case = make_case("received", about_organisation=world.provider_a)
    signal = s.record(world.staff_a, about_organisation=world.provider_a)
    client.force_login(world.staff_a)
    assert "join_form" not in client.get(_url("signal-detail", signal)).context
    assert client.post(_url("signal-join-case", signal), {"case": case.pk}).status_code == 403
    assert Signal.objects.get().case is None


def test_a_case_opened_from_an_advice_signal_is_linked_to_the_advice(client, world):
    advice = s.negative_advice(world)
    signal = s.record(
        world.client_manager,
        about_organisation=world.provider_a,
        locations=[world.location_a],
        advice=advice,
        source=None,
    )
    assert signal.source == "local_government"
    client.force_login(world.client_manager)
    client.post(_url("signal-open-case", signal))
    assert list(advice.cases.all()) == [Case.objects.get()]
