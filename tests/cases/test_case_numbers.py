"""Case numbers: readable, unique, sequential per year, also under concurrent creation."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from cases import services
from cases.models import Case, CaseNumber, Signal, Source
from supervision import roles
from tests.factories import DeskFactory, UserFactory


def _signal(actor, desk):
    return services.record_signal(
        actor=actor,
        source=Source.PARENT,
        channel="mail",
        description="Geen antwoord op aanvraag",
        about_desk=desk,
    )


def test_numbers_are_sequential_per_year(client_manager):
    desk = DeskFactory()
    year = datetime.date.today().year
    numbers = [
        services.create_case_from_signal(
            _signal(client_manager, desk).pk, actor=client_manager
        ).number
        for _ in range(3)
    ]
    assert numbers == [f"SAM-{year}-0000{n}" for n in (1, 2, 3)]
    CaseNumber.objects.create(year=year - 1, last=41)
    with transaction.atomic():
        assert services.next_number(year - 1) == f"SAM-{year - 1}-00042"
    with transaction.atomic():
        assert services.next_number(year) == f"SAM-{year}-00004"


def test_a_signal_becomes_one_case_only(client_manager):
    signal = _signal(client_manager, DeskFactory())
    case = services.create_case_from_signal(signal.pk, actor=client_manager)
    with pytest.raises(Exception, match="hoort al bij een dossier"):
        services.create_case_from_signal(signal.pk, actor=client_manager)
    assert Case.objects.count() == 1
    assert Signal.objects.get(pk=signal.pk).case == case


def test_concurrent_creation_gives_distinct_numbers(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: run with DATABASE_URL=postgres://...")
    actor = UserFactory(username="km", role=roles.CLIENT_MANAGER)
    desk = DeskFactory()
    signals = [_signal(actor, desk).pk for _ in range(8)]
    numbers, errors = [], []
    barrier = threading.Barrier(len(signals))

    def create(signal_id):
        try:
            barrier.wait()
            numbers.append(services.create_case_from_signal(signal_id, actor=actor).number)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(pk,)) for pk in signals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = datetime.date.today().year
    assert sorted(numbers) == [f"SAM-{year}-{n:05d}" for n in range(1, 9)]
