"""Minutes of a consultation (D3): uploaded as evidence with the consultation, or added later;
a refused file stores nothing, not even the consultation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from obligations.models import Consultation, ConsultationKind, Evidence
from obligations.services.consultations import add_minutes, record_consultation
from supervision import roles
from tests.factories import UserFactory, municipality
from tests.obligations.desk_records import make_world, pdf_file


@pytest.fixture
def world(db):
    return make_world()


def _record(world, **overrides):
    values = {
        "user": world.staff,
        "desk": world.gent,
        "date": timezone.localdate(),
        "kind": ConsultationKind.COOPERATION,
        "invitees": [world.kind_en_co, world.zonnetje],
    }
    return record_consultation(**{**values, **overrides})


def test_minutes_are_evidence_for_d3_of_the_consultations_year(world):
    consultation = _record(world, minutes=pdf_file())
    evidence = Evidence.objects.get()
    assert evidence.consultation == consultation
    assert evidence.desk == world.gent
    assert evidence.obligation.code == "D3"
    assert evidence.year == consultation.date.year
    assert evidence.uploaded_by == world.staff
    assert evidence.description.startswith("Verslag van het overleg van")


def test_a_refused_file_stores_neither_minutes_nor_consultation(world):
    bad = SimpleUploadedFile("verslag.pdf", b"MZ\x90\x00 an executable", "application/pdf")
    with pytest.raises(ValidationError):
        _record(world, minutes=bad)
    assert not Consultation.objects.exists() and not Evidence.objects.exists()


def test_minutes_can_be_added_later(world):
    consultation = _record(world)
    evidence = add_minutes(
        consultation.pk, user=world.staff, uploaded_file=pdf_file(), description="Verslag"
    )
    assert evidence.consultation == consultation and evidence.description == "Verslag"


def test_only_the_desks_staff_add_minutes(world):
    consultation = _record(world)
    with pytest.raises(PermissionDenied):
        add_minutes(consultation.pk, user=world.brugge_staff, uploaded_file=pdf_file())
    assert not Evidence.objects.exists()


def test_the_form_uploads_the_minutes_with_the_consultation(client, world):
    client.force_login(world.staff)
    today = timezone.localdate()
    response = client.post(
        reverse("obligations:consultation-create"),
        {
            "date": today.isoformat(),
            "computed_for": f"{world.gent.pk}:{today.isoformat()}",
            "kind": "cooperation",
            "invitees": [world.kind_en_co.pk, world.zonnetje.pk],
            "minutes": pdf_file(),
        },
    )
    assert response.status_code == 302
    assert Evidence.objects.get().consultation == Consultation.objects.get()


def test_the_form_shows_a_refused_file_and_stores_nothing(client, world):
    client.force_login(world.staff)
    today = timezone.localdate()
    response = client.post(
        reverse("obligations:consultation-create"),
        {
            "date": today.isoformat(),
            "computed_for": f"{world.gent.pk}:{today.isoformat()}",
            "kind": "cooperation",
            "invitees": [world.kind_en_co.pk],
            "minutes": SimpleUploadedFile("verslag.pdf", b"MZ\x90\x00", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Consultation.objects.exists()


def test_the_detail_page_adds_minutes_and_links_them(client, world):
    consultation = _record(world)
    url = reverse("obligations:consultation-detail", args=[consultation.pk])
    client.force_login(world.staff)
    assert client.get(url).context["minutes_form"] is not None
    response = client.post(
        reverse("obligations:consultation-minutes", args=[consultation.pk]),
        {"minutes": pdf_file(), "minutes_description": "Verslag maart"},
    )
    assert response.status_code == 302 and response.url == url
    evidence = Evidence.objects.get()
    page = client.get(url).content.decode()
    assert "Verslag maart" in page
    assert reverse("obligations:evidence-detail", args=[evidence.pk]) in page


def test_a_local_government_sees_that_minutes_exist_but_not_the_file(client, world):
    consultation = _record(world, minutes=pdf_file())
    official = UserFactory(
        username="gent", role=roles.LOCAL_GOVERNMENT, municipalities=[municipality("44021")]
    )
    client.force_login(official)
    response = client.get(reverse("obligations:consultation-detail", args=[consultation.pk]))
    assert response.context["minutes"] == [] and response.context["minutes_count"] == 1
    assert "minutes_form" not in response.context
    upload = client.post(
        reverse("obligations:consultation-minutes", args=[consultation.pk]),
        {"minutes": pdf_file()},
    )
    assert upload.status_code == 403
    assert Evidence.objects.count() == 1


def test_another_desks_staff_cannot_add_minutes_on_the_page(client, world):
    consultation = _record(world)
    client.force_login(world.brugge_staff)
    response = client.post(
        reverse("obligations:consultation-minutes", args=[consultation.pk]),
        {"minutes": pdf_file()},
    )
    assert response.status_code == 404
    assert not Evidence.objects.exists()
