"""The advice pages: the list with its filters, recording advice in two steps, the advice's page
with the way to a signal, and the advice on the provider's and the location's pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Advice
from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality

from .advice_support import ANTWERP, GHENT, give, negative, official, positive, provider_in
from .support import make_case

LIST = reverse("cases:advice-list")
CREATE = reverse("cases:advice-create")


@pytest.fixture
def gent(db):
    return official("gent")


def listed(client, query=""):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    return list(response.context["object_list"])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- The list --------------------------------------------------------------------------------


def test_the_list_filters(client, client_manager, gent):
    first = provider_in(GHENT)
    second = provider_in(GHENT, organisation__name="Kinderopvang De Vlinder")
    plain = give(gent, positive(first, score=40))
    high = give(gent, positive(second, score=90, cooperation_shortfall=True))
    last_year = timezone.localdate().replace(month=1, day=1) - datetime.timedelta(days=1)
    refusal = give(gent, negative(first, given_on=last_year))
    antwerp_location = provider_in(ANTWERP)
    in_antwerp = give(official("antwerpen", ANTWERP), negative(antwerp_location))
    client.force_login(client_manager)

    assert set(listed(client, "verdict=negative")) == {refusal, in_antwerp}
    assert set(listed(client, "context=expansion_round")) == {plain, high}
    assert set(listed(client, "cooperation_shortfall=true")) == {high, refusal, in_antwerp}
    assert listed(client, f"year={last_year.year}") == [refusal]
    assert listed(client, f"municipality={municipality(ANTWERP).pk}") == [in_antwerp]
    assert listed(client, "q=vlinder") == [high]
    assert set(listed(client, f"organisation={first.organisation_id}")) == {plain, refusal}
    assert listed(client, f"location={second.pk}") == [high]
    assert listed(client, "context=expansion_round&o=-score") == [high, plain]
    assert listed(client, "context=expansion_round&o=score") == [plain, high]


def test_the_municipality_filter_offers_the_local_governments_own(client, gent):
    give(gent, positive(provider_in(GHENT)))
    give(official("antwerpen", ANTWERP), negative(provider_in(ANTWERP)))
    client.force_login(gent)
    response = client.get(LIST)
    choices = response.context["filter"].form.fields["municipality"].queryset
    assert list(choices) == [municipality(GHENT)]
    assert response.context["can_record"]


@pytest.mark.parametrize("viewer", ["local_government", "client_manager"])
def test_list_queries_do_not_grow_with_rows(client, gent, viewer):
    user = gent if viewer == "local_government" else UserFactory(role=roles.CLIENT_MANAGER)
    client.force_login(user)
    give(gent, positive(provider_in(GHENT)))
    one = count_queries(client, LIST)
    for _ in range(49):
        give(gent, negative(provider_in(GHENT)))
    fifty = count_queries(client, LIST)
    assert fifty == one, f"{one} queries for 1 row, {fifty} for 50"


# --- Recording -------------------------------------------------------------------------------


def test_step_one_offers_the_providers_in_the_own_municipalities(client, gent):
    inside = provider_in(GHENT)
    provider_in(ANTWERP)
    client.force_login(gent)
    response = client.get(CREATE)
    assert response.context["step"] == 1
    assert list(response.context["form"].fields["organisation"].queryset) == [inside.organisation]


def test_step_two_offers_the_providers_locations_in_the_municipality(client, gent):
    location = provider_in(GHENT)
    provider_in(ANTWERP, organisation=location.organisation)
    provider_in(GHENT)  # another provider
    case = make_case(about_organisation=location.organisation)
    case.locations.add(location)
    make_case(about_organisation=location.organisation)  # not in Ghent: unseen
    client.force_login(gent)
    response = client.get(f"{CREATE}?organisation={location.organisation_id}")
    assert response.context["step"] == 2
    form = response.context["form"]
    assert list(form.fields["location"].queryset) == [location]
    assert list(form.fields["cases"].queryset) == [case]


def _post(location, /, **values):
    return {
        "municipality": location.municipality_id,
        "organisation": location.organisation_id,
        "location": location.pk,
        "context": "expansion_round",
        "round_name": "Ronde 2026",
        "round_year": "2026",
        "verdict": "positive",
        "score": "65",
        "grounds": "Goed aanbod.",
        "given_on": timezone.localdate().isoformat(),
        **values,
    }


def test_posting_the_form_records_the_advice(client, gent):
    location = provider_in(GHENT)
    client.force_login(gent)
    response = client.post(CREATE, _post(location, cooperation_shortfall="on"))
    advice = Advice.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:advice-detail", args=[advice.pk])
    assert (advice.location, advice.score, advice.cooperation_shortfall) == (location, 65, True)
    assert advice.recorded_by == gent


def test_a_refusal_of_the_service_shows_next_to_its_field(client, gent):
    location = provider_in(GHENT)
    client.force_login(gent)
    response = client.post(CREATE, _post(location, score=""))
    assert response.status_code == 200
    assert response.context["form"].errors["score"]
    response = client.post(CREATE, _post(location, round_name=""))
    assert response.context["form"].errors["round_name"]
    assert not Advice.objects.exists()


def test_a_location_in_another_municipality_is_refused(client, gent):
    location = provider_in(GHENT)
    antwerp = provider_in(ANTWERP, organisation=location.organisation)
    client.force_login(gent)
    response = client.post(CREATE, _post(location, location=antwerp.pk))
    assert response.context["form"].errors["location"]
    assert not Advice.objects.exists()


def test_a_provider_without_a_location_in_the_chosen_municipality_goes_back_to_step_one(client, db):
    two = UserFactory(
        username="twee",
        role=roles.LOCAL_GOVERNMENT,
        municipalities=[municipality(GHENT), municipality(ANTWERP)],
    )
    location = provider_in(GHENT)
    client.force_login(two)
    response = client.post(
        CREATE, _post(location, municipality=municipality(ANTWERP).pk, location="")
    )
    assert response.context["step"] == 1
    assert response.context["form"].errors["organisation"]
    assert not Advice.objects.exists()


# --- The advice's page ---------------------------------------------------------------------------


def test_the_page_links_the_cases_and_shows_the_history(client, gent):
    location = provider_in(GHENT)
    case = make_case(about_organisation=location.organisation)
    case.locations.add(location)
    advice = give(gent, negative(location, cases=[case]))
    client.force_login(gent)
    response = client.get(reverse("cases:advice-detail", args=[advice.pk]))
    assert response.context["linked_cases"] == [case]
    assert reverse("cases:case-detail", args=[case.number]) in response.content.decode()
    assert [entry["user"] for entry in response.context["history"]] == [gent]


def _start_signal_link(advice):
    return f"{reverse('cases:signal-create')}?advice={advice.pk}"


def test_client_managers_start_a_signal_from_a_negative_advice(client, client_manager, gent):
    location = provider_in(GHENT)
    refusal = give(gent, negative(location))
    approval = give(gent, positive(location))
    client.force_login(client_manager)
    page = client.get(reverse("cases:advice-detail", args=[refusal.pk])).content.decode()
    assert _start_signal_link(refusal) in page
    page = client.get(reverse("cases:advice-detail", args=[approval.pk])).content.decode()
    assert _start_signal_link(approval) not in page


@pytest.mark.parametrize("who", ["local_government", "enforcement_lead"])
def test_others_do_not_start_a_signal_from_advice(client, gent, who):
    refusal = give(gent, negative(provider_in(GHENT)))
    # The local government reports signals itself, without seeing everything; an enforcement lead
    # sees everything but does not record signals.
    user = gent if who == "local_government" else UserFactory(role=roles.ENFORCEMENT_LEAD)
    client.force_login(user)
    page = client.get(reverse("cases:advice-detail", args=[refusal.pk])).content.decode()
    assert _start_signal_link(refusal) not in page


# --- The provider's and the location's pages -------------------------------------------------


def test_the_provider_page_lists_its_advice_and_links_a_signal(client, client_manager, gent):
    location = provider_in(GHENT)
    advice = give(gent, negative(location))
    client.force_login(client_manager)
    response = client.get(location.organisation.get_absolute_url())
    assert response.context["party_advice"] == [advice]
    page = response.content.decode()
    assert reverse("cases:advice-detail", args=[advice.pk]) in page
    assert f"{reverse('cases:signal-create')}?organisation={location.organisation_id}" in page


def test_the_location_page_lists_the_advice_on_that_location(client, client_manager, gent):
    location = provider_in(GHENT)
    sibling = provider_in(GHENT, organisation=location.organisation)
    on_location = give(gent, positive(location))
    give(gent, positive(sibling))
    give(gent, negative(location))  # on the provider as a whole
    client.force_login(client_manager)
    response = client.get(location.get_absolute_url())
    assert response.context["party_advice"] == [on_location]
    page = response.content.decode()
    assert f"{reverse('cases:signal-create')}?location={location.pk}" in page


def test_the_desk_page_links_a_signal(client, client_manager):
    desk = DeskFactory(municipalities=[GHENT])
    client.force_login(client_manager)
    page = client.get(desk.get_absolute_url()).content.decode()
    assert f"{reverse('cases:signal-create')}?desk={desk.pk}" in page


def test_who_sees_the_advice_section_and_the_signal_link(client, gent):
    location = provider_in(GHENT)
    give(gent, negative(location))
    desk = DeskFactory(municipalities=[GHENT])
    staff = UserFactory(username="loket", role=roles.DESK_STAFF, desks=[desk])
    management = UserFactory(username="management", role=roles.MANAGEMENT)
    signal_link = f"{reverse('cases:signal-create')}?organisation={location.organisation_id}"
    url = location.organisation.get_absolute_url()

    client.force_login(staff)  # reports signals, sees no advice
    response = client.get(url)
    assert "party_advice" not in response.context
    assert signal_link in response.content.decode()

    client.force_login(management)  # sees the advice, records no signals
    response = client.get(url)
    assert len(response.context["party_advice"]) == 1
    assert signal_link not in response.content.decode()

    client.force_login(gent)  # sees its advice, reports signals and records advice
    page = client.get(url).content.decode()
    assert signal_link in page
    assert f"{CREATE}?organisation={location.organisation_id}" in page


def test_the_provider_page_shows_the_newest_ten_and_links_the_rest(client, client_manager, gent):
    location = provider_in(GHENT)
    client.force_login(client_manager)
    url = location.organisation.get_absolute_url()
    give(gent, negative(location))
    one = count_queries(client, url)
    for _ in range(11):
        give(gent, negative(location))
    response = client.get(url)
    assert len(response.context["party_advice"]) == 10
    assert f"{LIST}?organisation={location.organisation_id}" in response.content.decode()
    assert count_queries(client, url) == one


def test_the_location_page_link_opens_step_two_with_the_location_chosen(client, gent):
    location = provider_in(GHENT)
    provider_in(GHENT, organisation=location.organisation)
    client.force_login(gent)
    page = client.get(location.get_absolute_url()).content.decode()
    query = (
        f"municipality={location.municipality_id}&amp;organisation={location.organisation_id}"
        f"&amp;location={location.pk}"
    )
    assert f"{CREATE}?{query}" in page
    response = client.get(f"{CREATE}?{query.replace('&amp;', '&')}")
    assert response.context["step"] == 2
    assert response.context["form"]["location"].value() == str(location.pk)
