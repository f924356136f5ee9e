"""Rubrics are versioned reference data: loaded by a migration from the fixture file, idempotent,
each with the years it exists (priority groups up to 2023)."""

import pytest
from django.apps import apps

from obligations.models import Rubric
from obligations.rubrics import FIXTURE, RUBRIC_CODES, load_rubrics

pytestmark = pytest.mark.django_db


def test_the_migration_loaded_the_rubrics_in_order():
    rubrics = list(Rubric.objects.all())
    assert [r.code for r in rubrics] == list(RUBRIC_CODES)
    assert [r.name for r in rubrics] == [
        "Totaal",
        "Dringende opvang",
        "Verruimde openingsmomenten",
        "Voorrangsgroepen",
        "Kwetsbare gezinnen",
        "Specifieke zorgbehoefte",
    ]
    assert {r.first_year for r in rubrics} == {2019}


@pytest.mark.parametrize(
    ("year", "exists"), [(2018, False), (2019, True), (2023, True), (2024, False), (2030, False)]
)
def test_priority_groups_exist_up_to_2023(year, exists):
    assert Rubric.objects.get(code="priority_group").exists_in(year) is exists


def test_loading_again_changes_nothing():
    history = Rubric.history.count()
    load_rubrics(apps)
    assert Rubric.objects.count() == 6
    assert Rubric.history.count() == history


def test_a_changed_fixture_updates_the_rubric_with_a_history_row(tmp_path):
    path = tmp_path / "rubrics.csv"
    text = FIXTURE.read_text(encoding="utf-8")
    path.write_text(text.replace("Kwetsbare gezinnen,5,2019,", "Kwetsbare gezinnen,5,2019,2030"))
    load_rubrics(apps, path)
    rubric = Rubric.objects.get(code="vulnerable_family")
    assert rubric.last_year == 2030
    latest = rubric.history.first()
    assert (latest.history_type, latest.last_year) == ("~", 2030)
    assert latest.history_change_reason.startswith("Referentiegegevens")
