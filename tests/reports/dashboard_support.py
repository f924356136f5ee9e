"""A small, hand-counted world for the dashboard tests: two desks (Gent, Antwerpen), three
providers (one in Leuven, one in Gent and Antwerpen, one naming no location), signals of 2021,
2022 and 2023, cases of 2021 and 2022 with their history, and enforcement decisions.

Rows are written directly (the figures read rows; the services are tested elsewhere); the case
history rows carry the dates of the steps, as the demo writes them.

What the 2022 figures must be (``NOW``: 31 December 2022, noon):
- signals: Antwerpen 2, Oost-Vlaanderen 2, Vlaams-Brabant 1, no province known 1; desk 3,
  provider 3; parent 3, desk 2, local government 1; D1 2, D2 1, P1 2, P2 1, none named 1;
  per year 2021: 1, 2022: 6, 2023: 1;
- cases opened in 2022: received 1 (10 days), investigation 1 (30 days in it, 60 since opened),
  talk 1 (102 days in it, 121 since opened, 60 days overdue), closed 3: mediation 2 (Oost-
  Vlaanderen, Vlaams-Brabant), unfounded 1;
- measures approved: a fine in 2021 and one in 2022 (annulled after an objection), both on a
  licence track in Leuven; a subsidy suspension of the Gent desk in 2022.
"""

import datetime
import itertools
from types import SimpleNamespace

from django.utils import timezone

from cases.models import Case, Signal
from obligations.models import Obligation
from sanctions.models import Decision, EnforcementTrack
from supervision import roles
from tests.factories import (
    DeskFactory,
    LocationFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
)

GENT, ANTWERPEN, LEUVEN = "44021", "11002", "24062"
NOW = timezone.make_aware(datetime.datetime(2022, 12, 31, 12, 0))
_numbers = itertools.count(1)


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def obligation(code):
    return Obligation.objects.filter(code=code).order_by("-valid_from").first()


def signal(received_on, *, desk=None, provider=None, locations=(), obligations=(), **values):
    made = Signal.objects.create(
        received_on=received_on,
        source=values.pop("source", "parent"),
        channel="mail",
        reported_by=values.pop("reported_by"),
        about_desk=desk,
        about_organisation=provider,
        description="Melding",
        **values,
    )
    made.locations.set(locations)
    made.obligations.set([obligation(code) for code in obligations])
    return made


def case(year, state, steps=(), *, desk=None, provider=None, locations=(), **values):
    """A case of ``year`` in ``state``; ``steps``: its history as [(moment, state)] (none: no
    history rows at all)."""
    made = Case.objects.create(
        number=f"SAM-{year}-{next(_numbers):05d}",
        year=year,
        state=state,
        about_desk=desk,
        about_organisation=provider,
        **values,
    )
    made.locations.set(locations)
    Case.history.filter(id=made.pk).delete()
    snapshots = []
    for when, step_state in steps:
        copy = Case(
            number=made.number,
            year=year,
            state=step_state,
            about_desk=desk,
            about_organisation=provider,
            opened_at=made.opened_at,
        )
        copy.pk = made.pk
        copy._history_date = when
        snapshots.append(copy)
    if snapshots:
        Case.history.bulk_history_create(snapshots)
    return made


def decision(track, kind, state, reviewed_at=None, **values):
    return Decision.objects.create(
        number=f"BES-{next(_numbers)}",
        track=track,
        kind=kind,
        state=state,
        grounds="Motivering",
        proposed_by=track.opened_by,
        reviewed_at=reviewed_at,
        **values,
    )


def make_world():
    """The world of the module docstring; returns its parts."""
    recorder = UserFactory(username="registratie", role=roles.CLIENT_MANAGER)
    desk_gent = DeskFactory(name="Loket Gent", municipalities=[GENT])
    desk_antwerpen = DeskFactory(name="Loket Antwerpen", municipalities=[ANTWERPEN])
    leuven_provider = OrganisationFactory(name="Leuvense Opvang")
    two_cities = OrganisationFactory(name="Twee Steden vzw")
    nowhere = OrganisationFactory(name="Zonder Locatie bv")
    leuven = LocationFactory(organisation=leuven_provider, municipality=municipality(LEUVEN))
    in_gent = LocationFactory(organisation=two_cities, municipality=municipality(GENT))
    in_antwerpen = LocationFactory(organisation=two_cities, municipality=municipality(ANTWERPEN))

    def s(day, **values):
        return signal(day, reported_by=recorder, **values)

    s(datetime.date(2022, 3, 1), desk=desk_gent, obligations=["D1"])
    s(
        datetime.date(2022, 5, 1),
        desk=desk_gent,
        source="local_government",
        obligations=["D1", "D2"],
    )
    s(datetime.date(2022, 6, 1), desk=desk_antwerpen)
    s(
        datetime.date(2022, 7, 1),
        provider=leuven_provider,
        locations=[leuven],
        source="desk",
        reporting_desk=desk_gent,
        obligations=["P1"],
    )
    # A tie between Antwerpen and Oost-Vlaanderen: the first in report order, Antwerpen.
    s(
        datetime.date(2022, 8, 1),
        provider=two_cities,
        locations=[in_gent, in_antwerpen],
        source="desk",
        reporting_desk=desk_antwerpen,
        obligations=["P1"],
    )
    s(datetime.date(2022, 12, 31), provider=nowhere, obligations=["P2"])
    s(datetime.date(2021, 12, 31), desk=desk_gent, obligations=["D1"])
    s(datetime.date(2023, 1, 1), provider=leuven_provider, locations=[leuven])

    closed = {"state": "closed", "opened_at": at(2022, 2, 1)}
    case(2022, outcome="resolved_mediation", desk=desk_gent, **closed)
    case(2022, outcome="unfounded", desk=desk_gent, **closed)
    case(2022, outcome="resolved_mediation", provider=leuven_provider, locations=[leuven], **closed)
    case(
        2021,
        outcome="resolved_mediation",
        desk=desk_gent,
        **{**closed, "opened_at": at(2021, 5, 1)},
    )
    in_talk = case(
        2022,
        "talk",
        [
            (at(2022, 9, 1), "received"),
            (at(2022, 9, 10), "investigation"),
            (at(2022, 9, 20), "talk"),
            (at(2022, 10, 1), "talk"),  # assigned: no change of state
        ],
        provider=two_cities,
        locations=[in_gent, in_antwerpen],
        opened_at=at(2022, 9, 1),
        deadline=datetime.date(2022, 11, 1),
    )
    case(
        2022,
        "investigation",
        [(at(2022, 11, 1), "received"), (at(2022, 12, 1), "investigation")],
        desk=desk_antwerpen,
        opened_at=at(2022, 11, 1),
        deadline=datetime.date(2023, 1, 15),
    )
    case(2022, "received", provider=nowhere, opened_at=at(2022, 12, 21))

    handler = UserFactory(username="handhaver", role=roles.ENFORCEMENT_LEAD)
    licence = EnforcementTrack.objects.create(
        number="HH-1",
        case=in_talk,
        kind="licence",
        facts="Feiten",
        notice_deadline=datetime.date(2021, 2, 1),
        opened_by=handler,
    )
    licence.locations.set([leuven])
    subsidy = EnforcementTrack.objects.create(
        number="HH-2",
        case=in_talk,
        kind="subsidy",
        desk=desk_gent,
        facts="Feiten",
        notice_deadline=datetime.date(2022, 3, 1),
        opened_by=handler,
    )
    decision(licence, "fine", "approved", at(2021, 3, 1), amount=500)
    decision(licence, "fine", "approved", at(2022, 2, 2), amount=750, effect_status="annulled")
    decision(licence, "no_measure", "approved", at(2022, 4, 1))
    decision(licence, "licence_revocation", "proposed")
    decision(licence, "licence_suspension", "rejected", at(2022, 5, 1))
    decision(subsidy, "subsidy_suspension", "approved", at(2022, 6, 1))
    return SimpleNamespace(
        desk_gent=desk_gent,
        desk_antwerpen=desk_antwerpen,
        leuven_provider=leuven_provider,
        two_cities=two_cities,
        nowhere=nowhere,
    )
