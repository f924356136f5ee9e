"""Consultation pages: the two-step form with the invitees preselected, the detail with the
providers not invited, the list, and who may see and record what."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from obligations.models import Consultation, ConsultationKind
from obligations.services.consultations import record_consultation
from supervision import roles
from tests.factories import DeskFactory, UserFactory, municipality
from tests.obligations.desk_records import make_world


@pytest.fixture
def world(db):
    return make_world()


def _consultation(world, **overrides):
    values = {
        "user": world.staff,
        "desk": world.gent,
        "date": timezone.localdate(),
        "kind": ConsultationKind.COOPERATION,
        "invitees": [world.kind_en_co],
        "attendees": [world.kind_en_co],
    }
    return record_consultation(**{**values, **overrides})


def test_step_one_asks_for_the_date(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("obligations:consultation-create"))
    assert response.status_code == 200
    assert response.context["step"] == 1
    assert 'name="date"' in response.content.decode()


def test_step_two_preselects_every_provider_in_the_area_on_that_date(client, world):
    client.force_login(world.staff)
    today = timezone.localdate().isoformat()
    response = client.get(reverse("obligations:consultation-create"), {"date": today})
    assert response.context["step"] == 2
    form = response.context["form"]
    assert set(form.fields["invitees"].queryset) == {world.kind_en_co, world.zonnetje}
    assert set(form.initial["invitees"]) == {world.kind_en_co.pk, world.zonnetje.pk}
    page = response.content.decode()
    assert "Kind &amp; Co" in page and "Het Zonnetje" in page
    assert "Gestopte Opvang" not in page and "Brugse Opvang" not in page


def test_a_future_date_is_refused_in_step_one(client, world):
    client.force_login(world.staff)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.get(reverse("obligations:consultation-create"), {"date": tomorrow})
    assert response.context["step"] == 1
    assert response.context["form"].errors["date"]


def _post(client, world, date, computed_for_date=None, **extra):
    computed_for_date = computed_for_date or date
    data = {
        "desk": world.gent.pk,
        "date": date.isoformat(),
        "computed_for": f"{world.gent.pk}:{computed_for_date.isoformat()}",
        "kind": ConsultationKind.COOPERATION,
        "subject": "Jaarlijks overleg",
        "invitees": [world.kind_en_co.pk, world.zonnetje.pk],
        "attendees": [world.zonnetje.pk],
        **extra,
    }
    return client.post(reverse("obligations:consultation-create"), data)


def test_posting_records_the_consultation_and_shows_it(client, world):
    client.force_login(world.staff)
    response = _post(client, world, timezone.localdate())
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("obligations:consultation-detail", args=[consultation.pk])
    assert consultation.subject == "Jaarlijks overleg"
    assert set(consultation.invitees.all()) == {world.kind_en_co, world.zonnetje}


def test_a_changed_date_recomputes_the_invitees_and_stores_nothing(client, world):
    client.force_login(world.staff)
    today = timezone.localdate()
    response = _post(client, world, today, computed_for_date=today - datetime.timedelta(days=3))
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    form = response.context["form"]
    assert form.initial["computed_for"] == f"{world.gent.pk}:{today.isoformat()}"
    assert form.initial["subject"] == "Jaarlijks overleg"


def test_attendees_must_have_been_invited(client, world):
    client.force_login(world.staff)
    response = _post(
        client,
        world,
        timezone.localdate(),
        invitees=[world.kind_en_co.pk],
        attendees=[world.zonnetje.pk],
    )
    assert response.status_code == 200
    assert response.context["form"].errors["attendees"]
    assert not Consultation.objects.exists()


def test_another_desks_staff_cannot_post_for_this_desk(client, world):
    client.force_login(world.brugge_staff)
    response = _post(client, world, timezone.localdate())
    assert not Consultation.objects.exists()
    # Their only desk is fixed: the form comes back for it, with its own invitees.
    assert response.context["form"].initial["desk"] == world.brugge.pk
    assert set(response.context["form"].initial["invitees"]) == {world.in_brugge.pk}


def test_staff_of_several_desks_choose_among_their_own_only(client, world):
    world.brugge_staff.desks.add(DeskFactory(name="Loket Oostende", municipalities=["35013"]))
    client.force_login(world.brugge_staff)
    response = _post(client, world, timezone.localdate())
    assert not Consultation.objects.exists()
    assert response.context["step"] == 1
    assert "desk" in response.context["form"].errors


def test_a_user_without_the_permission_cannot_open_the_form(client, world, client_manager):
    client.force_login(client_manager)
    assert client.get(reverse("obligations:consultation-create")).status_code == 403


def test_detail_shows_the_providers_in_the_area_not_invited(client, world):
    consultation = _consultation(world)
    client.force_login(world.staff)
    response = client.get(reverse("obligations:consultation-detail", args=[consultation.pk]))
    assert response.status_code == 200
    assert response.context["not_invited"] == [world.zonnetje]
    assert response.context["history"][0]["user"] == world.staff


def test_scoping_other_desks_staff_and_municipalities_get_404(client, world):
    consultation = _consultation(world)
    url = reverse("obligations:consultation-detail", args=[consultation.pk])
    client.force_login(world.brugge_staff)
    assert client.get(url).status_code == 404
    brugge_official = UserFactory(
        username="brugge", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("31005")]
    )
    client.force_login(brugge_official)
    assert client.get(url).status_code == 404
    gent_official = UserFactory(
        username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    client.force_login(gent_official)
    assert client.get(url).status_code == 200


def test_list_holds_only_the_users_scope_and_filters(client, world):
    mine = _consultation(world, kind=ConsultationKind.LOK)
    _consultation(
        world, date=datetime.date(timezone.localdate().year - 1, 6, 1), invitees=[], attendees=[]
    )
    record_consultation(
        user=world.brugge_staff,
        desk=world.brugge,
        date=timezone.localdate(),
        kind=ConsultationKind.COOPERATION,
    )
    client.force_login(world.staff)
    url = reverse("obligations:consultation-list")
    assert len(client.get(url).context["object_list"]) == 2
    this_year = timezone.localdate().year
    assert list(client.get(url, {"year": this_year}).context["object_list"]) == [mine]
    assert list(client.get(url, {"kind": "lok"}).context["object_list"]) == [mine]
    assert client.get(url, {"desk": world.brugge.pk}).context["filter"].errors


def test_list_queries_do_not_grow_with_rows(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.staff)
    url = reverse("obligations:consultation-list")
    _consultation(world)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for days in range(1, 50):
        _consultation(world, date=timezone.localdate() - datetime.timedelta(days=days))
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert len(response.context["object_list"]) == 50
    assert len(fifty) == len(one)


def test_a_link_naming_the_desk_opens_step_one_without_errors(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("obligations:consultation-create"), {"desk": world.gent.pk})
    assert response.context["step"] == 1
    assert not response.context["form"].is_bound
