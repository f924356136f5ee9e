"""Sharing the annual report is obligation D5: after the commit, the desk's compliance of the year
in which the report is reported and shared (the report's year + 1) is derived again."""

import datetime

import pytest

from obligations.models import Compliance
from obligations.services import reports as services
from tests.factories import DeskFactory, LocationFactory, municipality

from .reporting import FULL_2023, desk_staff, make_report

pytestmark = pytest.mark.django_db


def test_sharing_with_every_provider_meets_d5_of_the_next_year(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2025-06-01")
    desk = DeskFactory(municipalities=["44021"])
    provider = LocationFactory(municipality=municipality("44021")).organisation
    figures = {code: counts for code, counts in FULL_2023.items() if code != "priority_group"}
    report = make_report(desk, 2024, "validated", figures=figures)
    staff = desk_staff(desk)

    with django_capture_on_commit_callbacks(execute=True):
        services.share_report(
            report.pk,
            actor=staff,
            shared_on=datetime.date(2025, 5, 15),
            recipients=services.shareable_providers(desk),
        )

    d5 = Compliance.objects.get(obligation__code="D5", desk=desk, year=2025)
    assert d5.status == "met", d5.reason
    assert provider in report.recipients.all()
