"""A signal's files: checked like evidence before anything is written, stored under a random name in
the transaction of the signal, gone again when it fails; a refused file stores neither the signal
nor any file. Added later by the reporter only; downloaded only within the user's scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import translation

from cases import services
from cases.models import Signal, SignalAttachment
from supervision import roles
from tests.cases import signal_support as s
from tests.factories import UserFactory
from tests.obligations import evidence_support as files


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl-be"):
        yield


@pytest.fixture
def world(db):
    return s.make_world()


def _report(client, world, **uploads):
    """Desk A's staff report provider A through the page, with the given files."""
    client.force_login(world.staff_a)
    return client.post(
        s.CREATE_URL,
        s.form_data(organisation=world.provider_a.pk, locations=[world.location_a.pk], **uploads),
    )


def _signal_with_file(world, name="mail ouder.pdf"):
    return s.record(
        world.staff_a,
        about_organisation=world.provider_a,
        attachments=[(files.uploaded(name, files.pdf()), "E-mail van de ouder")],
    )


def test_an_accepted_file_is_stored_under_a_random_name(client, world):
    before = files.media_files()
    response = _report(
        client,
        world,
        file_1=files.uploaded("klacht ouder.pdf", files.pdf()),
        file_description_1="Klacht van een ouder",
    )
    attachment = SignalAttachment.objects.get()
    assert response.status_code == 302
    assert attachment.signal == Signal.objects.get()
    assert (attachment.original_name, attachment.description) == (
        "klacht ouder.pdf",
        "Klacht van een ouder",
    )
    assert (attachment.content_type, attachment.size) == ("application/pdf", len(files.pdf()))
    assert attachment.file.name.startswith("signals/")
    assert "klacht" not in attachment.file.name
    assert len(files.media_files() - before) == 1
    assert attachment.file.read() == files.pdf()


def test_several_files_are_stored_with_the_signal(client, world):
    _report(
        client,
        world,
        file_1=files.uploaded("a.pdf", files.pdf()),
        file_3=files.uploaded("foto.png", files.png()),
        file_description_3="Foto van de inkom",
    )
    assert sorted(SignalAttachment.objects.values_list("original_name", flat=True)) == [
        "a.pdf",
        "foto.png",
    ]


def test_an_executable_renamed_pdf_stores_no_signal_and_no_file(client, world):
    before = files.media_files()
    response = _report(
        client,
        world,
        file_1=files.uploaded("goed.pdf", files.pdf()),
        file_2=files.uploaded("factuur.pdf", files.windows_executable()),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "factuur.pdf" in errors["file_2"][0]
    assert "uitvoerbaar programma" in errors["file_2"][0]
    assert not Signal.objects.exists()
    assert not SignalAttachment.objects.exists()
    assert files.media_files() == before


def test_an_empty_file_stores_no_signal_and_no_file(client, world):
    before = files.media_files()
    response = _report(client, world, file_1=files.uploaded("leeg.pdf", b""))
    assert "file_1" in response.context["form"].errors
    assert not Signal.objects.exists()
    assert files.media_files() == before


def test_the_service_names_the_refused_file_and_stores_nothing(world):
    before = files.media_files()
    with pytest.raises(services.AttachmentRefused) as refused:
        s.record(
            world.client_manager,
            about_organisation=world.provider_a,
            attachments=[
                (files.uploaded("ok.pdf", files.pdf()), ""),
                (files.uploaded("leeg.txt", b""), "leeg"),
            ],
        )
    assert refused.value.number == 2
    assert "leeg.txt" in refused.value.messages[0]
    assert not Signal.objects.exists()
    assert files.media_files() == before


def test_at_most_five_files_at_once(world):
    six = [(files.uploaded(f"{n}.pdf", files.pdf()), "") for n in range(6)]
    with pytest.raises(ValidationError):
        s.record(world.client_manager, about_organisation=world.provider_a, attachments=six)
    assert not Signal.objects.exists()


class Boom(Exception):
    pass


def test_a_failure_after_writing_the_files_deletes_them(world):
    def fail_on_the_second(sender, instance, created, **kwargs):
        if SignalAttachment.objects.count() == 2:
            raise Boom

    before = files.media_files()
    post_save.connect(fail_on_the_second, sender=SignalAttachment, dispatch_uid="attachment-boom")
    try:
        with pytest.raises(Boom):
            s.record(
                world.client_manager,
                about_organisation=world.provider_a,
                attachments=[
                    (files.uploaded("a.pdf", files.pdf()), ""),
                    (files.uploaded("b.pdf", files.pdf()), ""),
                ],
            )
    finally:
        post_save.disconnect(sender=SignalAttachment, dispatch_uid="attachment-boom")
    assert files.media_files() == before
    assert not Signal.objects.exists()
    assert not SignalAttachment.objects.exists()


# Adding a file later


def test_the_reporter_adds_a_file_later_on_the_signals_page(client, world):
    signal = _signal_with_file(world)
    client.force_login(world.staff_a)
    response = client.post(
        reverse("cases:signal-attachment-add", args=[signal.pk]),
        {"file": files.uploaded("antwoord.txt", files.txt()), "description": "Antwoord"},
    )
    assert response.status_code == 302
    assert signal.attachments.count() == 2


def test_a_refused_later_file_is_shown_as_a_message_and_not_stored(client, world):
    signal = _signal_with_file(world)
    before = files.media_files()
    client.force_login(world.staff_a)
    response = client.post(
        reverse("cases:signal-attachment-add", args=[signal.pk]),
        {"file": files.uploaded("x.pdf", files.linux_executable())},
        follow=True,
    )
    assert "uitvoerbaar programma" in response.content.decode()
    assert signal.attachments.count() == 1
    assert files.media_files() == before


def test_only_the_reporter_or_a_client_manager_adds_files(world):
    signal = _signal_with_file(world)
    colleague = UserFactory(username="loket-a2", role=roles.DESK_STAFF, desks=[world.desk_a])
    assert Signal.objects.for_user(colleague).filter(pk=signal.pk).exists()
    with pytest.raises(PermissionDenied):
        services.add_attachment(
            signal.pk, actor=colleague, uploaded_file=files.uploaded("c.pdf", files.pdf())
        )
    with pytest.raises(PermissionDenied):  # outside the scope
        services.add_attachment(
            signal.pk, actor=world.staff_b, uploaded_file=files.uploaded("c.pdf", files.pdf())
        )
    services.add_attachment(
        signal.pk,
        actor=world.client_manager,
        uploaded_file=files.uploaded("c.pdf", files.pdf()),
        description="Nota",
    )
    assert signal.attachments.count() == 2


def test_another_desk_cannot_add_a_file_on_the_page(client, world):
    signal = _signal_with_file(world)
    client.force_login(world.staff_b)
    response = client.post(
        reverse("cases:signal-attachment-add", args=[signal.pk]),
        {"file": files.uploaded("c.pdf", files.pdf())},
    )
    assert response.status_code == 404
    assert signal.attachments.count() == 1


# Downloading


def _download(client, attachment):
    return client.get(reverse("cases:attachment-download", args=[attachment.pk]))


def test_the_file_is_downloaded_as_an_attachment_with_its_own_name(client, world):
    attachment = _signal_with_file(world).attachments.get()
    client.force_login(world.staff_a)
    response = _download(client, attachment)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "mail ouder.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == files.pdf()


def test_another_desk_gets_404_for_the_download(client, world):
    attachment = _signal_with_file(world).attachments.get()
    client.force_login(world.staff_b)
    assert _download(client, attachment).status_code == 404
    client.force_login(world.client_manager)
    assert _download(client, attachment).status_code == 200
