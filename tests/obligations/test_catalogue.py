"""The obligation catalogue: twelve duties loaded by a data migration, as data with validity."""

import datetime
import importlib

import pytest
from django.apps import apps

from obligations.models import Obligation

catalogue_migration = importlib.import_module("obligations.migrations.0003_catalogue")

EXPECTED = {
    # code: (party, period, applicability, derivation)
    "D1": ("desk", "per_consultation", "every_desk", "invitations"),
    "D2": ("desk", "standing", "every_desk", "procedure"),
    "D3": ("desk", "yearly", "every_desk", "yearly_consultation"),
    "D4": ("desk", "standing", "every_desk", "agreements_sent"),
    "D5": ("desk", "yearly", "every_desk", "report_shared"),
    "D6": ("desk", "continuous", "every_desk", "assessment"),
    "D7": ("desk", "continuous", "desk_operator_runs_locations", "assessment"),
    "P1": ("provider", "continuous", "location_with_desk", "assessment"),
    "P2": ("provider", "standing", "location_with_desk", "offer_info"),
    "P3": ("provider", "continuous", "location_with_desk", "assessment"),
    "P4": ("provider", "continuous", "location_with_desk", "assessment"),
    "P5": ("provider", "standing", "plus_subsidy_with_desk", "assessment"),
}


@pytest.mark.django_db
def test_the_migration_loads_the_twelve_binding_duties():
    rows = {o.code: o for o in Obligation.objects.all()}
    assert set(rows) == set(EXPECTED)
    for code, (party, period, applicability, derivation) in EXPECTED.items():
        o = rows[code]
        assert (o.party_type, o.period_kind, o.applicability, o.derivation) == (
            party,
            period,
            applicability,
            derivation,
        ), code
        assert o.kind == "binding"
        assert o.valid_to is None
        assert o.title and o.text and "\n" not in o.text


@pytest.mark.django_db
def test_texts_are_quoted_from_the_cooperation_note():
    rows = {o.code: o for o in Obligation.objects.all()}
    assert rows["D1"].text == (
        "Het lokaal loket nodigt steeds alle organisatoren kinderopvang uit op alle "
        "overlegmomenten of geeft hen minstens de kans om zich te laten vertegenwoordigen"
    )
    assert rows["P2"].text.endswith(
        "minimaal moet dit gaan over openingsuren, bijdrage volgens inkomenstarief of niet en "
        "contactgegevens."
    )
    assert rows["D3"].text.startswith("Het lokaal loket moet minstens 1 keer per jaar")
    for code in EXPECTED:
        assert rows[code].source.startswith(
            "Nota Samenwerking LLKO & organisatoren kinderopvang, 14.01.2025, §3.2."
        )


@pytest.mark.django_db
def test_legal_basis_per_duty():
    rows = {o.code: o for o in Obligation.objects.all()}
    for code in ("D1", "D2", "D3", "D4", "D6", "D7"):
        assert rows[code].legal_basis.startswith("Decreet van 20 april 2012")
        assert rows[code].legal_basis.endswith("art. 13, 3°")
    assert "Besluit van de Vlaamse Regering van 14 december 2018, art. 3" in rows["D5"].legal_basis
    for code in ("P1", "P2", "P3", "P4"):
        assert "22 november 2013" in rows[code].legal_basis
        assert rows[code].legal_basis.endswith("art. 61-62")
    assert rows["P5"].legal_basis.endswith("art. 39")
    assert "subsidies" in rows["P5"].legal_basis
    assert rows["D1"].valid_from == datetime.date(2012, 4, 20)
    assert rows["P1"].valid_from == datetime.date(2013, 11, 22)


@pytest.mark.django_db
def test_each_loaded_obligation_has_a_created_history_row():
    for o in Obligation.objects.all():
        (record,) = o.history.all()
        assert record.history_type == "+"
        assert record.history_change_reason == catalogue_migration.CHANGE_REASON


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_keeps_an_administrators_edit():
    d6 = Obligation.objects.get(code="D6")
    d6.title = "Gelijke behandeling"
    d6.save()
    before = Obligation.objects.count(), Obligation.history.count()
    catalogue_migration.load(apps, None)
    assert (Obligation.objects.count(), Obligation.history.count()) == before
    assert Obligation.objects.get(code="D6").title == "Gelijke behandeling"


@pytest.mark.django_db
def test_a_new_version_of_an_obligation_takes_over_from_its_start():
    """Rules change (the priority rules changed on 1 April 2024): a duty gets a new version with
    validity dates instead of an edit of the old one."""
    from obligations.services.compliance import obligations_for

    old = Obligation.objects.get(code="D3")
    old.valid_to = datetime.date(2024, 3, 31)
    old.save()
    new = Obligation.objects.create(
        **{
            f.name: getattr(old, f.name)
            for f in Obligation._meta.concrete_fields
            if f.name not in ("id", "valid_from", "valid_to")
        },
        valid_from=datetime.date(2024, 4, 1),
    )
    assert obligations_for(2023)["D3"] == old
    assert obligations_for(2024)["D3"] == new
    assert obligations_for(2025)["D3"] == new
