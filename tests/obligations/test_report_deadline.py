"""The annual report of year Y is due on ``settings.ANNUAL_REPORT_DEADLINE`` of Y+1; after that it
is overdue until it is submitted."""

import datetime

import pytest

from obligations.services.reports import is_overdue, last_overdue_year, report_deadline

from .reporting import make_report

D = datetime.date


def test_default_deadline_is_31_march_of_the_next_year():
    assert report_deadline(2023) == D(2024, 3, 31)


def test_the_deadline_is_configurable(settings):
    settings.ANNUAL_REPORT_DEADLINE = "06-30"
    assert report_deadline(2023) == D(2024, 6, 30)


def test_29_february_falls_back_to_the_28th_in_a_common_year(settings):
    settings.ANNUAL_REPORT_DEADLINE = "02-29"
    assert report_deadline(2023) == D(2024, 2, 29)
    assert report_deadline(2024) == D(2025, 2, 28)


def test_no_report_is_overdue_only_after_the_deadline():
    assert not is_overdue(None, 2023, D(2024, 3, 31))
    assert is_overdue(None, 2023, D(2024, 4, 1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "overdue"),
    [
        ("open", True),
        ("returned", True),
        ("submitted", False),
        ("validated", False),
        ("shared", False),
        ("published", False),
    ],
)
def test_a_report_is_overdue_until_it_is_submitted(state, overdue):
    report = make_report(year=2023, state=state)
    assert is_overdue(report, 2023, D(2024, 4, 1)) is overdue
    assert is_overdue(report, 2023, D(2024, 3, 1)) is False


def test_last_overdue_year():
    assert last_overdue_year(D(2025, 3, 31)) == 2023
    assert last_overdue_year(D(2025, 4, 1)) == 2024
