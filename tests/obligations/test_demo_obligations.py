"""The demo obligations records: deterministic, a mix of statuses, real files, removed by reset."""

import hashlib
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases import demo as cases_demo
from obligations import demo as obligations_demo
from obligations.models import (
    AnnualReport,
    Compliance,
    ComplianceStatus,
    Consultation,
    DeskDocument,
    Evidence,
    ReportFigure,
)
from registry import demo
from sanctions import demo as sanctions_demo

SCALE = 0.05


def counts():
    return {
        "consultations": Consultation.objects.count(),
        "invitees": Consultation.invitees.through.objects.count(),
        "documents": DeskDocument.objects.count(),
        "evidence": Evidence.objects.count(),
        "reports": AnnualReport.objects.count(),
        "figures": ReportFigure.objects.count(),
        "statuses": Counter(Compliance.objects.values_list("status", flat=True)),
    }


@pytest.fixture
def demo_world(db):
    demo.build_demo(scale=SCALE)
    demo.create_demo_users()
    summary = obligations_demo.build_obligations(scale=SCALE)
    return summary


def test_the_same_seed_builds_the_same_records(demo_world):
    first = counts()
    assert first["consultations"] and first["evidence"] and first["reports"]
    obligations_demo.wipe_obligations()
    obligations_demo.build_obligations(scale=SCALE)
    assert counts() == first


def test_compliance_shows_a_mix_of_statuses(demo_world):
    statuses = set(Compliance.objects.values_list("status", flat=True))
    assert {ComplianceStatus.MET, ComplianceStatus.NOT_MET, ComplianceStatus.PENDING} <= statuses
    assert Compliance.objects.filter(derived=False).exists()  # the client manager's assessments
    gent = set(
        Compliance.objects.filter(desk__code=demo.DESK_CODE).values_list("status", flat=True)
    )
    assert len(gent) >= 3
    # D1 not met names the forgotten provider.
    d1 = Compliance.objects.get(
        desk__code=demo.DESK_CODE, obligation__code="D1", year=timezone.localdate().year
    )
    assert d1.status == ComplianceStatus.NOT_MET
    assert any(row["missing"] for row in d1.details["consultations"])


def test_reports_keep_the_figure_rules(demo_world):
    for figure in ReportFigure.objects.select_related("report", "rubric"):
        assert figure.unanswered <= figure.unique
        assert figure.rubric.exists_in(figure.report.year)
    totals = {f.report_id: f for f in ReportFigure.objects.filter(rubric__code="total")}
    for figure in ReportFigure.objects.exclude(rubric__code="total"):
        total = totals[figure.report_id]
        assert figure.unique <= total.unique and figure.unanswered <= total.unanswered


def test_every_evidence_row_has_its_file_with_the_right_checksum(demo_world):
    assert Evidence.objects.exists()
    for evidence in Evidence.objects.all():
        with evidence.file.open("rb") as handle:
            content = handle.read()
        assert hashlib.sha256(content).hexdigest() == evidence.sha256
        assert len(content) == evidence.size
        assert evidence.history.count() == 1


def test_reset_removes_the_obligations_records_and_their_files(db, capsys):
    call_command("seed_demo", scale=SCALE, force=True, no_users=True)
    before = counts()
    storage = Evidence._meta.get_field("file").storage
    names = list(Evidence.objects.values_list("file", flat=True))
    assert names and all(storage.exists(name) for name in names)

    sanctions_demo.wipe_tracks()
    cases_demo.wipe_cases()
    obligations_demo.wipe_obligations()
    demo.wipe_registry()

    assert obligations_demo.obligations_are_empty()
    assert not Consultation.history.exists() and not Evidence.history.exists()
    assert not any(storage.exists(name) for name in names)

    # seed_demo --reset empties both (in the order the protected keys allow) and rebuilds them.
    call_command("seed_demo", scale=SCALE, force=True, no_users=True)
    call_command("seed_demo", scale=SCALE, force=True, no_users=True, reset=True)
    assert counts() == before
    assert "Registry and obligations emptied" in capsys.readouterr().out
