"""Fictitious signals, cases, talks and advice on the demo registry, so that the case list, the
case pages and the management figures show a living picture.

Over the last four years (the current one up to today), about 400 cases at ``--scale`` 1: each
made of one or two signals (from a desk, a parent, a provider, a local government, the care
inspectorate or Opgroeien itself) about a desk or a provider and some of its locations, with the
obligations concerned. Older cases are closed with an outcome (most often "resolved through
mediation"); this year's are spread over the open states. Each case has its history as the
services would have written it: one row per step with who, when and why, talks where it passed the
talk state, the check of the desk's efforts when a desk reported a provider, and the emails sent.
A few recent signals have no case yet. Local governments gave advice on providers, some negative
for a shortfall in cooperation with the desk; a few of those started a signal.

The demo client manager ``klantenbeheerder`` handles about half of the cases (and a few overdue
ones, so that "my cases" shows one); two colleagues without a password handle the rest. The
enforcement tracks of cases that went through enforcement are written by ``sanctions.demo``.

Deterministic for a seed, scale and registry. Written in bulk with history rows carrying the dates
of the steps; ``wipe_cases`` removes all of it.
"""

import dataclasses
import datetime
import random
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from obligations.demo import system_user
from obligations.models import Obligation, PartyType
from registry.models import Desk, Location, Municipality
from supervision import roles

from .models import (
    Advice,
    AdviceContext,
    AdviceVerdict,
    Case,
    CaseNumber,
    Channel,
    Notification,
    NotificationStatus,
    Signal,
    Source,
    Talk,
    TalkParty,
)
from .workflow import ENFORCEMENT_OUTCOMES, CaseState, Outcome, TalkOutcome

S = CaseState
HANDLER_USERNAME = "klantenbeheerder"
COLLEAGUES = [
    ("klantenbeheerder.maes", "Sofie", "Maes"),
    ("klantenbeheerder.jacobs", "Tom", "Jacobs"),
]
LOCAL_GOVERNMENT_NIS = "44021"  # Gent, the municipality of the demo user lokaalbestuur
CASES_PER_YEAR = (70, 95, 120, 135)  # three years ago .. this year (a full year's worth)
STATE_DAYS = {S.RECEIVED: 10, S.INVESTIGATION: 30, S.TALK: 30, S.ENFORCEMENT: 90}

SOURCES = [
    (Source.DESK, 40),
    (Source.PARENT, 15),
    (Source.LOCAL_GOVERNMENT, 12),
    (Source.PROVIDER, 13),
    (Source.CARE_INSPECTORATE, 8),
    (Source.OWN_INITIATIVE, 12),
]
CHANNELS = {
    Source.DESK: [Channel.MAIL, Channel.PORTAL],
    Source.PARENT: [Channel.MAIL, Channel.PHONE, Channel.LETTER],
    Source.LOCAL_GOVERNMENT: [Channel.MAIL, Channel.LETTER],
    Source.PROVIDER: [Channel.MAIL, Channel.PHONE],
    Source.CARE_INSPECTORATE: [Channel.MAIL],
    Source.OWN_INITIATIVE: [Channel.VISIT, Channel.MAIL],
}
# Closed cases: the steps they went through and their outcome, with a weight.
CLOSED_PATHS = [
    ((S.INVESTIGATION, S.TALK), Outcome.RESOLVED_MEDIATION, 38),
    ((S.INVESTIGATION,), Outcome.RESOLVED_WITHOUT_TALK, 16),
    ((S.INVESTIGATION,), Outcome.UNFOUNDED, 14),
    ((), Outcome.UNFOUNDED, 4),
    ((S.INVESTIGATION,), Outcome.DESK_EFFORTS_INSUFFICIENT, 8),
    ((S.INVESTIGATION, S.TALK), Outcome.REFERRED_LOCAL_GOVERNMENT, 7),
    ((S.INVESTIGATION,), Outcome.WITHDRAWN, 5),
    # Through enforcement: their tracks are written by sanctions.demo.
    ((S.INVESTIGATION, S.TALK, S.ENFORCEMENT), Outcome.SANCTION_IMPOSED, 3),
    ((S.INVESTIGATION, S.TALK, S.ENFORCEMENT), Outcome.NO_SANCTION_AFTER_ENFORCEMENT, 2),
]
OPEN_PATHS = [
    ((), 12),
    ((S.INVESTIGATION,), 14),
    ((S.INVESTIGATION, S.TALK), 8),
    ((S.INVESTIGATION, S.TALK, S.ENFORCEMENT), 3),
]
DESCRIPTIONS = {
    "desk": [
        "Het loket gaf de opvangvragen van de voorbije maanden niet door aan de organisatoren.",
        "Organisatoren werden niet uitgenodigd op het overleg over de samenwerking.",
        "Het loket heeft geen procedure voor dringende opvangvragen vastgelegd.",
        "Het jaarverslag werd niet gedeeld met de organisatoren in het werkingsgebied.",
    ],
    "provider": [
        "De organisator geeft geen informatie over het aanbod en de vrije plaatsen door aan het loket.",
        "De organisator weigert mee te werken aan de afspraken over voorrangsregels.",
        "Kandidaat-ouders worden doorverwezen zonder registratie via het loket.",
        "De organisator reageert niet op de uitnodigingen van het loket.",
    ],
}
REASONS = {
    S.INVESTIGATION: "Melding ontvankelijk; onderzoek gestart.",
    S.TALK: "Gesprek gepland om de verplichtingen toe te lichten.",
    S.ENFORCEMENT: "Tekortkoming blijft na het gesprek; handhaving opgestart.",
}
CLOSE_REASONS = {
    Outcome.RESOLVED_MEDIATION: "Na het gesprek werkt de partij opnieuw mee; afspraken nageleefd.",
    Outcome.RESOLVED_WITHOUT_TALK: "Na contact rechtgezet zonder gesprek.",
    Outcome.UNFOUNDED: "Na onderzoek blijkt de melding ongegrond.",
    Outcome.DESK_EFFORTS_INSUFFICIENT: "Het loket deed zelf onvoldoende inspanningen; teruggestuurd.",
    Outcome.REFERRED_LOCAL_GOVERNMENT: "Vraag gaat verder dan het minimum; doorverwezen naar het lokaal bestuur.",
    Outcome.WITHDRAWN: "De melder trok de melding in.",
    Outcome.SANCTION_IMPOSED: "Handhavingstraject afgesloten met een opgelegde maatregel.",
    Outcome.NO_SANCTION_AFTER_ENFORCEMENT: "Na de aanmaning rechtgezet; geen maatregel.",
}
ADVICE_GROUNDS = {
    AdviceVerdict.POSITIVE: "Goede samenwerking met het loket en aanbod dat aansluit bij de lokale noden.",
    AdviceVerdict.NEGATIVE: "Tekortkomingen in de samenwerking met het Lokaal Loket Kinderopvang: "
    "geen registratie van vrije plaatsen en geen deelname aan het overleg.",
}


@dataclasses.dataclass
class Summary:
    signals: int = 0
    cases: int = 0
    talks: int = 0
    advice: int = 0
    notifications: int = 0
    states: Counter = dataclasses.field(default_factory=Counter)

    def lines(self):
        states = ", ".join(f"{state} {n}" for state, n in sorted(self.states.items()))
        return [
            f"Signals: {self.signals}; cases: {self.cases} ({states}); talks: {self.talks}",
            f"Advice: {self.advice}; notifications sent: {self.notifications}",
        ]


def cases_are_empty():
    return not (Signal.objects.exists() or Case.objects.exists() or Advice.objects.exists())


def wipe_cases():
    """Delete every signal, case, talk, note, notification and advice, with their history."""
    from .models import CaseNote, SignalAttachment

    storage = SignalAttachment._meta.get_field("file").storage
    names = list(SignalAttachment.objects.values_list("file", flat=True))

    def raw_delete(queryset):
        queryset._raw_delete(queryset.db)

    with transaction.atomic():
        for model in (Notification, Talk, CaseNote, SignalAttachment):
            if hasattr(model, "history"):
                model.history.all().delete()
            raw_delete(model.objects.all())
        for through in (
            Signal.locations.through,
            Signal.obligations.through,
            Case.locations.through,
            Case.desk_evidence.through,
            Advice.cases.through,
        ):
            raw_delete(through.objects.all())
        Signal.history.all().delete()
        raw_delete(Signal.objects.all())
        Advice.history.all().delete()
        raw_delete(Advice.objects.all())
        Case.history.all().delete()
        raw_delete(Case.objects.all())
        raw_delete(CaseNumber.objects.all())
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _handlers():
    """The demo client manager (if present) and two colleagues without a password."""
    User = get_user_model()
    group = Group.objects.get(name=roles.group_name(roles.CLIENT_MANAGER))
    handlers = []
    main = User.objects.filter(username=HANDLER_USERNAME, is_active=True).first()
    if main is not None:
        handlers.append(main)
    for username, first, last in COLLEAGUES:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.be"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        handlers.append(user)
    return handlers


@dataclasses.dataclass
class _Record:
    """A demo case while it is built: its field values now, and a snapshot per step."""

    values: dict
    locations: list
    steps: list = dataclasses.field(default_factory=list)
    case: Case = None

    def step(self, when, user, reason, update=True):
        self.steps.append((dict(self.values), when, user, reason, update))

    def snapshot(self, values, when, user, reason):
        """The case as it was after a step, for its history row."""
        copy = Case(**values)
        copy.pk = self.case.pk
        copy._history_date = when
        copy._history_user = user
        copy._change_reason = reason
        return copy


class _Builder:
    def __init__(self, *, seed, today):
        self.rng = random.Random(f"cases-{seed}")
        self.today = today
        self.recorder = system_user()
        self.handlers = _handlers()
        self.obligations = {
            kind: list(Obligation.objects.filter(party_type=kind).order_by("code"))
            for kind in (PartyType.DESK, PartyType.PROVIDER)
        }
        self.desks = list(Desk.objects.order_by("code"))
        self.locations = {}
        for location in Location.objects.order_by("file_number").only(
            "pk", "organisation_id", "municipality_id"
        ):
            self.locations.setdefault(location.organisation_id, []).append(location)
        self.organisations = sorted(self.locations)
        self.desk_staff = {}
        for desk in Desk.objects.filter(staff__isnull=False).prefetch_related("staff"):
            self.desk_staff[desk.pk] = [user for user in desk.staff.all() if user.email]
        self.counters = Counter()
        self.records, self.signals, self.talks, self.notifications = [], [], [], []
        self.signal_locations, self.signal_obligations = [], []

    def opened_on(self, year):
        last = min(datetime.date(year, 12, 31), self.today)
        first = datetime.date(year, 1, 1)
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    def build_case(self, year, opened_on):
        rng = self.rng
        source = _weighted(rng, SOURCES)
        about_desk = rng.random() < 0.45 and source != Source.DESK
        reporting_desk = rng.choice(self.desks) if source == Source.DESK else None
        about = {"about_desk": None, "about_organisation_id": None}
        locations = []
        if about_desk:
            about["about_desk"] = rng.choice(self.desks)
            obligations = rng.sample(self.obligations[PartyType.DESK], k=rng.choice((1, 1, 2)))
        else:
            organisation_id = rng.choice(self.organisations)
            about["about_organisation_id"] = organisation_id
            own = self.locations[organisation_id]
            locations = rng.sample(own, k=min(len(own), rng.choice((1, 1, 2))))
            obligations = rng.sample(self.obligations[PartyType.PROVIDER], k=rng.choice((1, 1, 2)))
        # The path: closed for older cases and most of this year's older ones, open otherwise.
        age = (self.today - opened_on).days
        if age > 180 or rng.random() < age / 300:
            steps, outcome = _weighted(rng, [((s, o), w) for s, o, w in CLOSED_PATHS])
        else:
            steps, outcome = _weighted(rng, OPEN_PATHS), ""
        desk_reported_provider = source == Source.DESK and not about_desk
        if outcome == Outcome.DESK_EFFORTS_INSUFFICIENT and not desk_reported_provider:
            outcome = Outcome.UNFOUNDED
        if outcome in ENFORCEMENT_OUTCOMES and about_desk:
            # The demo's enforcement history is on licences (sanctions.demo).
            steps, outcome = (S.INVESTIGATION, S.TALK), Outcome.RESOLVED_MEDIATION
        self.counters[year] += 1
        record = _Record(
            values={
                "number": f"SAM-{year}-{self.counters[year]:05d}",
                "year": year,
                **about,
                "desk_reported_provider": desk_reported_provider,
                "opened_at": _at(opened_on, 9),
                "state": S.RECEIVED,
                "deadline": opened_on + datetime.timedelta(days=STATE_DAYS[S.RECEIVED]),
            },
            locations=locations,
        )
        self.records.append(record)
        for n in range(1 if rng.random() < 0.8 else 2):
            received = opened_on - datetime.timedelta(days=rng.randrange(0, 6) + 7 * n)
            signal_source = source if n == 0 else _weighted(rng, SOURCES)
            signal = Signal(
                source=signal_source if n == 0 or signal_source != Source.DESK else Source.PARENT,
                channel=rng.choice(CHANNELS[signal_source]),
                received_on=received,
                reported_by=self.recorder,
                reporting_desk=reporting_desk if n == 0 else None,
                about_desk=about["about_desk"],
                about_organisation_id=about["about_organisation_id"],
                description=rng.choice(DESCRIPTIONS["desk" if about_desk else "provider"]),
                created_at=_at(received, 8),
            )
            self.add_signal(signal, record)
            self.signal_locations.extend((signal, location) for location in locations)
            self.signal_obligations.extend((signal, obligation) for obligation in obligations)
        self.walk(record, opened_on, steps, outcome, self.pick_handler(), reporting_desk)

    def add_signal(self, signal, record):
        signal._record = record
        signal._history_date = signal.created_at
        signal._history_user = self.recorder
        signal._change_reason = "Melding geregistreerd"
        self.signals.append(signal)

    def pick_handler(self):
        if not self.handlers:
            return None
        return self.handlers[0] if self.rng.random() < 0.5 else self.rng.choice(self.handlers)

    def walk(self, record, opened_on, steps, outcome, handler, reporting_desk):
        """The steps of a case as the services would have written them, in time order."""
        rng = self.rng
        v = record.values
        day = opened_on
        record.step(_at(day, 9), handler or self.recorder, "Dossier geopend", update=False)
        if handler is not None and (steps or outcome or rng.random() < 0.6):
            day += datetime.timedelta(days=rng.randrange(0, 3))
            v["assignee_id"] = handler.pk
            record.step(_at(day, 10), handler, f"Toegewezen aan {handler.get_full_name()}")
            self.notify(record, handler, "assigned", _at(day, 10))
        for state in steps:
            day = min(day + datetime.timedelta(days=rng.randrange(3, 25)), self.today)
            if state == S.TALK and v["desk_reported_provider"]:
                v["desk_efforts_finding"] = (
                    "De inspanningen van het loket zijn nagekeken: uitnodigingen en herinneringen "
                    "aan de organisator liggen voor."
                )
                v["desk_efforts_checked_at"] = _at(day, 11)
                v["desk_efforts_checked_by_id"] = handler.pk if handler else None
                record.step(_at(day, 11), handler, "Inspanningen van het loket nagekeken")
            if state == S.ENFORCEMENT:
                self.talk(record, day, handler, TalkOutcome.SHORTFALL_PERSISTS)
            v["state"] = state
            v["deadline"] = day + datetime.timedelta(days=STATE_DAYS[state])
            record.step(_at(day, 14), handler, REASONS[state])
        if outcome:
            enforced = S.ENFORCEMENT in steps
            wait = rng.randrange(90, 200) if enforced else rng.randrange(5, 40)
            day = min(day + datetime.timedelta(days=wait), self.today)
            if S.TALK in steps and not enforced:
                talk_outcome = (
                    TalkOutcome.AGREEMENT_REACHED
                    if outcome == Outcome.RESOLVED_MEDIATION
                    else TalkOutcome.REMEDIED
                )
                self.talk(record, day, handler, talk_outcome)
            v.update(state=S.CLOSED, outcome=outcome, deadline=None)
            record.step(_at(day, 16), handler or self.recorder, CLOSE_REASONS[outcome])
            if reporting_desk is not None:
                for user in self.desk_staff.get(reporting_desk.pk, []):
                    self.notify(record, user, "close", _at(day, 16))

    def talk(self, record, day, handler, outcome):
        held_on = day - datetime.timedelta(days=self.rng.randrange(1, 4))
        party = TalkParty.DESK if record.values["about_desk"] is not None else TalkParty.PROVIDER
        talk = Talk(
            held_on=held_on,
            participants="Klantenbeheerder Opgroeien; verantwoordelijke van "
            + ("het loket" if party == TalkParty.DESK else "de organisator"),
            party=party,
            agreed="De verplichtingen toegelicht; afspraken over de opvolging gemaakt.",
            remedy_by=held_on + datetime.timedelta(days=30),
            outcome=outcome,
            recorded_by=handler or self.recorder,
        )
        talk._record = record
        talk._history_date = _at(held_on, 15)
        talk._history_user = handler or self.recorder
        talk._change_reason = "Gesprek geregistreerd"
        self.talks.append(talk)

    def notify(self, record, user, event, when):
        if not user.email:
            return
        number = record.values["number"]
        subject = {
            "assigned": f"Dossier {number} aan u toegewezen",
            "close": f"Dossier {number} afgesloten",
        }[event]
        notification = Notification(
            event=event,
            recipient=user,
            email=user.email,
            subject=subject,
            body=subject + ".",
            status=NotificationStatus.SENT,
            attempts=1,
            created_at=when,
            sent_at=when + datetime.timedelta(minutes=1),
        )
        notification._record = record
        self.notifications.append(notification)

    def save(self, summary):
        for record in self.records:
            record.case = Case(**record.values)
        cases = [record.case for record in self.records]
        Case.objects.bulk_create(cases, batch_size=500)
        for update in (False, True):
            snapshots = [
                record.snapshot(values, when, user, reason)
                for record in self.records
                for values, when, user, reason, is_update in record.steps
                if is_update == update
            ]
            Case.history.bulk_history_create(snapshots, batch_size=500, update=update)
        for item in (*self.signals, *self.talks, *self.notifications):
            item.case = item._record.case if item._record else None
        bulk_create_with_history(self.signals, Signal, batch_size=500)
        Signal.locations.through.objects.bulk_create(
            [Signal.locations.through(signal=s, location=loc) for s, loc in self.signal_locations],
            batch_size=1000,
        )
        Signal.obligations.through.objects.bulk_create(
            [
                Signal.obligations.through(signal=s, obligation=o)
                for s, o in self.signal_obligations
            ],
            batch_size=1000,
        )
        Case.locations.through.objects.bulk_create(
            [
                Case.locations.through(case=record.case, location=location)
                for record in self.records
                for location in record.locations
            ],
            batch_size=1000,
        )
        bulk_create_with_history(self.talks, Talk, batch_size=500)
        Notification.objects.bulk_create(self.notifications, batch_size=500)
        for year, last in self.counters.items():
            CaseNumber.objects.update_or_create(year=year, defaults={"last": last})
        summary.cases = len(cases)
        summary.signals = len(self.signals)
        summary.talks = len(self.talks)
        summary.notifications = len(self.notifications)
        summary.states = Counter(case.state for case in cases)

    def loose_signals(self, count):
        """Recent signals that nobody made a case of yet."""
        for _ in range(count):
            received = self.today - datetime.timedelta(days=self.rng.randrange(0, 10))
            organisation_id = self.rng.choice(self.organisations)
            signal = Signal(
                source=Source.PARENT,
                channel=Channel.MAIL,
                received_on=received,
                reported_by=self.recorder,
                about_organisation_id=organisation_id,
                description=self.rng.choice(DESCRIPTIONS["provider"]),
                created_at=_at(received, 8),
            )
            self.add_signal(signal, None)

    def advice(self, count):
        """Advice of local governments, Gent's among them; negative ones on cooperation."""
        gent = Municipality.objects.valid_on(self.today).filter(nis_code=LOCAL_GOVERNMENT_NIS)
        gent_ids = set(gent.values_list("pk", flat=True))
        by_municipality = {}
        for locations in self.locations.values():
            for location in locations:
                by_municipality.setdefault(location.municipality_id, []).append(location)
        municipalities = sorted(by_municipality)
        chosen = [m for m in municipalities if m in gent_ids] * 6 + self.rng.sample(
            municipalities, k=min(len(municipalities), count)
        )
        rows = []
        for municipality_id in chosen[:count]:
            location = self.rng.choice(by_municipality[municipality_id])
            negative = self.rng.random() < 0.3
            verdict = AdviceVerdict.NEGATIVE if negative else AdviceVerdict.POSITIVE
            expansion = self.rng.random() < 0.6
            given_on = self.today - datetime.timedelta(days=self.rng.randrange(10, 700))
            advice = Advice(
                municipality_id=municipality_id,
                organisation_id=location.organisation_id,
                location=location,
                context=(
                    AdviceContext.EXPANSION_ROUND
                    if expansion
                    else AdviceContext.LICENCE_APPLICATION
                ),
                round_name=f"Uitbreidingsronde {given_on.year}" if expansion else "",
                round_year=given_on.year if expansion else None,
                verdict=verdict,
                score=None if negative else self.rng.randrange(55, 96),
                grounds=ADVICE_GROUNDS[verdict],
                cooperation_shortfall=negative,
                given_on=given_on,
                recorded_by=self.recorder,
                created_at=_at(given_on, 11),
            )
            advice._history_date = _at(given_on, 11)
            advice._history_user = self.recorder
            advice._change_reason = "Advies geregistreerd"
            rows.append(advice)
        return bulk_create_with_history(rows, Advice, batch_size=500)


def build_cases(*, scale=1.0, seed=None, today=None):
    """Write the demo signals, cases and advice. The case tables should be empty
    (``cases_are_empty``). Returns a ``Summary``."""
    from registry.demo import SEED

    if scale <= 0:
        raise ValueError("scale must be positive")
    today = today or timezone.localdate()
    summary = Summary()
    with transaction.atomic():
        builder = _Builder(seed=SEED if seed is None else seed, today=today)
        if not builder.desks or not builder.organisations:
            return summary
        for offset, per_year in zip(range(3, -1, -1), CASES_PER_YEAR, strict=True):
            year = today.year - offset
            share = 1.0 if offset else today.timetuple().tm_yday / 365
            for _ in range(max(1, round(per_year * scale * share))):
                builder.build_case(year, builder.opened_on(year))
        builder.loose_signals(max(1, round(8 * scale)))
        builder.save(summary)
        summary.advice = len(builder.advice(max(6, round(60 * scale))))
    return summary
