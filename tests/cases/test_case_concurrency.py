"""Two users acting on the same case at once: one succeeds, the other gets a clear message."""

import threading

import pytest
from django.db import connection, connections, transaction
from django_fsm import ConcurrentTransition

from cases import services
from cases.models import Case
from cases.services import CaseChanged
from cases.workflow import CaseState, Outcome

from .support import case_handler, make_case

S = CaseState


def test_a_step_on_a_case_changed_meanwhile_gives_case_changed(db):
    handler = case_handler()
    case = make_case(S.RECEIVED, assignee=handler)
    services.start_investigation(case.pk, actor=handler, expected_state=S.RECEIVED)
    with pytest.raises(CaseChanged, match="Iemand anders heeft dit dossier intussen gewijzigd"):
        services.close(
            case.pk,
            actor=handler,
            outcome=Outcome.UNFOUNDED,
            reason="Ongegrond",
            expected_state=S.RECEIVED,
        )
    assert Case.objects.get(pk=case.pk).state == S.INVESTIGATION
    assert case.history.count() == 2


def test_a_stale_copy_cannot_overwrite_a_step(db):
    handler = case_handler()
    case = make_case(S.RECEIVED, assignee=handler)
    stale = Case.objects.get(pk=case.pk)
    services.start_investigation(case.pk, actor=handler)
    stale.outcome = Outcome.WITHDRAWN
    stale.close()
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert Case.objects.get(pk=case.pk).state == S.INVESTIGATION
    assert case.history.count() == 2


def test_two_users_closing_at_once_one_succeeds(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: run with DATABASE_URL=postgres://...")
    first, second = case_handler("eerste"), case_handler("tweede")
    case = make_case(S.TALK)
    results = []
    barrier = threading.Barrier(2)

    def act(user, outcome):
        try:
            barrier.wait()
            services.close(case.pk, actor=user, outcome=outcome, reason="x", expected_state=S.TALK)
            results.append("ok")
        except CaseChanged:
            results.append("changed")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(first, Outcome.WITHDRAWN)),
        threading.Thread(target=act, args=(second, Outcome.UNFOUNDED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["changed", "ok"]
    assert case.history.count() == 2
