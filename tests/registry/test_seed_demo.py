"""The demo registry: national figures, determinism, and the demo users."""

import datetime
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone
from stdnum.be import vat

from registry import demo
from registry.models import CareType, Desk, Location, Municipality, Organisation, ServiceArea
from supervision import roles


def current_areas():
    return ServiceArea.objects.valid_on(timezone.localdate())


def coverage():
    """(covered municipalities, municipalities in an intermunicipal desk), read from the database."""
    per_desk = Counter(current_areas().values_list("desk", flat=True))
    covered = current_areas().values("municipality").distinct().count()
    intermunicipal = sum(n for n in per_desk.values() if n > 1)
    return covered, intermunicipal


def fingerprint():
    desks = sorted(
        (d.code, d.name, d.operator.enterprise_number, d.status, d.central_registration)
        for d in Desk.objects.select_related("operator")
    )
    areas = sorted(
        (a.desk.code, a.municipality.nis_code, a.valid_from, a.valid_to)
        for a in ServiceArea.objects.select_related("desk", "municipality")
    )
    locations = sorted(
        (
            loc.file_number,
            loc.name,
            loc.organisation.enterprise_number,
            loc.municipality.nis_code,
            loc.care_type,
            loc.places,
            loc.subsidy_level,
            loc.licence_status,
            loc.offer_confirmed_on,
        )
        for loc in Location.objects.select_related("organisation", "municipality")
    )
    return desks, areas, locations


def test_full_demo_has_the_national_figures(db):
    summary = demo.build_demo()

    assert 220 <= Desk.objects.count() <= 240
    covered, intermunicipal = coverage()
    assert 280 <= covered <= 290
    assert 0.2 <= intermunicipal / covered <= 0.3
    assert (covered, intermunicipal) == (
        summary.covered_municipalities,
        summary.intermunicipal_municipalities,
    )
    per_desk = Counter(current_areas().values_list("desk", flat=True))
    assert {n for n in per_desk.values() if n > 1} <= {2, 3, 4}
    assert 5_500 <= Location.objects.count() <= 5_900
    assert 85_000 <= sum(Location.objects.values_list("places", flat=True)) <= 100_000

    # Locations spread by size: the big cities have the most.
    per_municipality = Counter(Location.objects.values_list("municipality__name", flat=True))
    assert per_municipality.most_common(2)[0][0] == "Antwerpen"
    assert per_municipality["Gent"] > 150
    assert len(per_municipality) > 290


def test_demo_rows_are_valid_and_have_history(db):
    demo.build_demo(scale=0.2)
    today = timezone.localdate()

    for desk in Desk.objects.select_related("operator"):
        desk.full_clean()
        assert desk.code.startswith("LLKO-")
    for organisation in Organisation.objects.all():
        assert vat.is_valid(organisation.enterprise_number), organisation.enterprise_number
    care = Counter()
    for location in Location.objects.all():
        location.full_clean()
        care[location.care_type] += 1
        if location.care_type == CareType.FAMILY:
            assert location.places <= 8
        else:
            assert 9 <= location.places <= 100
        assert location.income_related_tariff == (location.subsidy_level >= 2)
    assert set(care) == set(CareType.values)
    for model in (Organisation, Desk, ServiceArea, Location):
        assert model.history.count() == model.objects.count() > 0
        assert set(model.history.values_list("history_change_reason", flat=True)) == {
            demo.CHANGE_REASON
        }

    statuses = Counter(Desk.objects.values_list("status", flat=True))
    assert statuses.most_common(1)[0][0] == "subsidised"
    assert 0 < Desk.objects.filter(central_registration=True).count() < Desk.objects.count()
    licences = Counter(Location.objects.values_list("licence_status", flat=True))
    assert licences.most_common(1)[0][0] == "active"
    year_ago = today - datetime.timedelta(days=365)
    assert Location.objects.filter(offer_confirmed_on__lt=year_ago).exists()
    assert Location.objects.filter(offer_confirmed_on__gte=year_ago).count() > (
        Location.objects.count() / 2
    )
    # Some desks are run by an organisation that also runs locations (obligation D7).
    assert Desk.objects.filter(operator__locations__isnull=False).distinct().count() >= 5
    # The service areas before the 2025 mergers are there too, on the municipalities of then.
    before = ServiceArea.objects.valid_on(datetime.date(2023, 5, 31))
    assert before.filter(municipality__valid_to=datetime.date(2024, 12, 31)).count() > 200
    assert not before.filter(municipality__valid_to__isnull=True).exists()


def test_the_same_seed_builds_the_same_registry(db):
    demo.build_demo(scale=0.05)
    first = fingerprint()
    demo.wipe_registry()
    assert demo.registry_is_empty()
    demo.build_demo(scale=0.05)
    assert fingerprint() == first

    demo.wipe_registry()
    demo.build_demo(scale=0.05, seed=demo.SEED + 1)
    assert fingerprint() != first


def test_every_named_municipality_exists(db):
    names = set(Municipality.objects.valid_on(timezone.localdate()).values_list("name", flat=True))
    assert set(demo.POPULATION) <= names
    arrondissements = set(Municipality.objects.values_list("arrondissement_nis", flat=True))
    assert set(demo.REGIONS) <= arrondissements


def test_seed_demo_refuses_without_debug(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", scale=0.05)
    assert demo.registry_is_empty()


def test_seed_demo_leaves_existing_data_alone_unless_reset(db, capsys):
    call_command("seed_demo", scale=0.05, force=True, no_users=True)
    first = fingerprint()
    call_command("seed_demo", scale=0.05, seed=1, force=True, no_users=True)
    assert "already holds data" in capsys.readouterr().out
    assert fingerprint() == first

    call_command("seed_demo", scale=0.05, seed=1, force=True, no_users=True, reset=True)
    assert fingerprint() != first


def test_seed_demo_creates_one_user_per_role(db, client, capsys):
    call_command("seed_demo", scale=0.05, force=True)
    out = capsys.readouterr().out
    users = {spec.username: user for spec, user, _scope in demo.create_demo_users()}

    assert {spec.role for spec in demo.DEMO_USERS} == set(roles.ROLES)
    for spec in demo.DEMO_USERS:
        assert f"{spec.username:<18}{spec.password}" in out
        user = users[spec.username]
        assert roles.user_roles(user) == [spec.role]
        assert client.login(username=spec.username, password=spec.password)
    assert users["beheerder"].is_staff and not users["klantenbeheerder"].is_staff
    assert [d.name for d in users["loket"].desks.all()] == ["Lokaal Loket Kinderopvang Gent"]
    assert [m.name for m in users["lokaalbestuur"].municipalities.all()] == ["Gent"]
    # Running it again resets the same users rather than adding new ones.
    call_command("seed_demo", force=True)
    assert users["loket"].desks.count() == 1
    assert Desk.objects.annotate(n=Count("staff")).filter(n__gt=0).count() == 1
