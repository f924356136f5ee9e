"""Uploading needs obligations.add_evidence and a desk within the user's scope: desk staff upload
only for their own desks. Every refusal stores nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from obligations.models import Evidence
from obligations.services.evidence import upload_evidence
from supervision import roles
from tests.factories import LocationFactory, UserFactory, municipality
from tests.obligations import evidence_support as s


@pytest.fixture(autouse=True)
def dutch():
    """Messages in Dutch, the product's language, whatever an earlier test activated."""
    with translation.override("nl-be"):
        yield


@pytest.fixture
def world(db):
    return s.make_world()


def _nothing_stored(files_before):
    assert s.media_files() == files_before
    assert not Evidence.objects.exists()


def test_desk_staff_may_not_upload_for_another_desk(world):
    files_before = s.media_files()
    with pytest.raises(PermissionDenied):
        s.upload(world, user=world.staff_a, desk=world.desk_b)
    _nothing_stored(files_before)


def test_a_user_without_the_permission_may_not_upload(world, management_user):
    with pytest.raises(PermissionDenied):
        s.upload(world, user=management_user)
    assert not Evidence.objects.exists()


def test_a_local_government_may_not_upload(world):
    with pytest.raises(PermissionDenied):
        s.upload(world, user=world.local_government)
    assert not Evidence.objects.exists()


def test_desk_staff_may_not_name_a_location_outside_their_area(world):
    elsewhere = LocationFactory(municipality=municipality("11002"))
    with pytest.raises(PermissionDenied):
        s.upload(world, location=elsewhere)
    assert not Evidence.objects.exists()


def test_desk_staff_must_choose_a_desk(world):
    with pytest.raises(ValidationError) as refusal:
        upload_evidence(
            user=world.staff_a,
            uploaded_file=s.uploaded("verslag.pdf", s.pdf()),
            description="Zonder loket",
            location=world.location_a,
            obligation=world.obligation,
            year=s.THIS_YEAR,
        )
    assert "loket" in refusal.value.messages[0]


def test_an_obligation_needs_a_year(world):
    with pytest.raises(ValidationError) as refusal:
        s.upload(world, year=None)
    assert "jaar" in refusal.value.messages[0]


def test_evidence_needs_an_obligation(world):
    with pytest.raises(ValidationError) as refusal:
        s.upload(world, obligation=None)
    assert "verplichting" in refusal.value.messages[0]


@pytest.mark.parametrize("year", [1999, s.THIS_YEAR + 2])
def test_the_year_must_be_plausible(world, year):
    with pytest.raises(ValidationError) as refusal:
        s.upload(world, year=year)
    assert "jaar" in refusal.value.messages[0].lower()


def test_the_form_offers_only_the_users_own_desks(client, world):
    client.force_login(world.staff_a)
    form = client.get(reverse("obligations:evidence-create")).context["form"]
    assert list(form.fields["desk"].queryset) == [world.desk_a]
    assert form.initial["desk"] == world.desk_a.pk  # the only one: chosen already


def test_the_form_offers_every_desk_to_a_client_manager(client, world, client_manager):
    client.force_login(client_manager)
    form = client.get(reverse("obligations:evidence-create")).context["form"]
    assert set(form.fields["desk"].queryset) >= {world.desk_a, world.desk_b}


def test_posting_another_desk_is_refused_by_the_form(client, world):
    client.force_login(world.staff_a)
    files_before = s.media_files()
    response = client.post(
        reverse("obligations:evidence-create"),
        {
            "desk": world.desk_b.pk,
            "year": s.THIS_YEAR,
            "obligation": world.obligation.pk,
            "description": "Voor een ander loket",
            "file": s.uploaded("verslag.pdf", s.pdf()),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["desk"]
    _nothing_stored(files_before)


def test_a_location_outside_the_scope_is_refused_by_the_form(client, world):
    elsewhere = LocationFactory(municipality=municipality("11002"))
    client.force_login(world.staff_a)
    response = client.post(
        reverse("obligations:evidence-create"),
        {
            "desk": world.desk_a.pk,
            "location": elsewhere.file_number,
            "year": s.THIS_YEAR,
            "obligation": world.obligation.pk,
            "description": "Andere locatie",
            "file": s.uploaded("verslag.pdf", s.pdf()),
        },
    )
    assert response.status_code == 200
    assert "Geen opvanglocatie" in response.text
    assert not Evidence.objects.exists()


def test_the_form_offers_the_obligations_valid_that_year(client, world):
    old = s.obligation("T-OLD", valid_to=s.datetime.date(2021, 12, 31))
    client.force_login(world.staff_a)
    url = reverse("obligations:evidence-create")

    this_year = client.get(url).context["form"].fields["obligation"].queryset
    assert world.obligation in this_year and old not in this_year

    in_2021 = client.get(f"{url}?year=2021").context["form"].fields["obligation"].queryset
    assert old in in_2021


def test_an_obligation_not_valid_that_year_is_refused_by_the_form(client, world):
    old = s.obligation("T-OLD", valid_to=s.datetime.date(2021, 12, 31))
    client.force_login(world.staff_a)
    response = client.post(
        reverse("obligations:evidence-create"),
        {
            "desk": world.desk_a.pk,
            "year": s.THIS_YEAR,
            "obligation": old.pk,
            "description": "Oude verplichting",
            "file": s.uploaded("verslag.pdf", s.pdf()),
        },
    )
    assert response.status_code == 200
    assert "geldt niet in het gekozen jaar" in response.text
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("role", [roles.LOCAL_GOVERNMENT, roles.MANAGEMENT, roles.ENFORCEMENT_LEAD])
def test_the_upload_page_is_forbidden_without_the_permission(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("obligations:evidence-create")).status_code == 403
