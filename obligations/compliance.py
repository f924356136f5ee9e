"""Which obligation applies to whom, and how its status is derived: the rules, in one place.

Pure functions over facts loaded beforehand (``obligations.services.compliance`` loads every fact
of a year in a fixed number of queries, for one desk or for the whole country). Nothing here reads
the database, so each rule is tested on plain values and the nightly recompute of some 30,000 rows
is a loop in memory.

The rules (DOMAIN.md section 3, seed 003 §3.2):

- A desk's obligations apply in a year when the desk had a service area during that year and is
  notified to Opgroeien. D7 applies only when the desk's operator itself runs locations (a location
  whose licence is active or suspended).
- A provider's obligations (per location) apply when, on the reference date of the year, the
  location's licence was active or suspended and a desk served its municipality; P5 only for a
  location with plus-subsidy (subsidy level 3).
- D1: for every consultation of the year, the invitees include every organisation with a location
  in the desk's service area whose licence was active on the day of the consultation.
- D2: the latest version of the procedure adopted by the end of the year has a LOK advice date.
- D3: at least one consultation on cooperation (kind cooperation or LOK) in the year with minutes.
- D4: the latest agreements document was sent to every location active in the service area.
- D5: the report of year Y-1 (the data reported to Opgroeien in year Y) is shared with every
  provider that had an active location in the service area on the day it was shared.
- P2: offer info confirmed in the 12 months before the reference date.
- D6, D7, P1, P3, P4, P5: assessed by a client manager; pending until then.

A location's "municipality in the area" also looks through the municipality's other periods: a
location keeps the municipality it has today, so a 2024 service area (of the 2019-2024
municipalities) must still find a location registered on the 2025 municipality with the same NIS
code or its merger successor. A location of a merged municipality counts for each of the
municipalities it was formed from: the registry does not record which part it lies in.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.utils import timezone

from registry.workflow import DeskStatus, LicenceStatus

from .models import Applicability, ComplianceStatus, ConsultationKind, Derivation, DocumentKind
from .workflow import ReportState

S = ComplianceStatus

AUTO_REASON = "Automatisch afgeleid"
"""The change reason of every history row written by a recompute (with no user)."""

CONSULTATION_KINDS_FOR_D3 = (ConsultationKind.COOPERATION, ConsultationKind.LOK)
"""D3 asks for an occasion to make agreements on cooperation: a consultation of kind "other"
does not count (for D1 every consultation counts: providers are invited to all of them)."""

LICENSED = (LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)
SHARED_STATES = (ReportState.SHARED, ReportState.PUBLISHED)
OFFER_INFO_DAYS = 365


def _d(day):
    return day.strftime("%d/%m/%Y")


def month_day(value, year):
    """'03-31' and a year -> date(year, 3, 31) (the form of the deadline settings); '02-29' in a
    year without it falls back to the 28th."""
    month, day = (int(part) for part in value.split("-"))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return datetime.date(year, month, 28)


@dataclasses.dataclass(frozen=True)
class Outcome:
    status: str
    reason: str
    details: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Period:
    """A calendar year seen from ``today``.

    The reference date is the day whose facts count for standing duties and applicability: today
    while the year runs, its last day once it is over, its first day for a year still to come.
    """

    year: int
    today: datetime.date

    @property
    def start(self):
        return datetime.date(self.year, 1, 1)

    @property
    def end(self):
        return datetime.date(self.year, 12, 31)

    @property
    def over(self):
        return self.today > self.end

    @property
    def future(self):
        return self.today < self.start

    @property
    def reference(self):
        return min(max(self.today, self.start), self.end)


# Facts: plain values, loaded by the service -------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DeskFact:
    id: int
    name: str
    status: str
    operator_id: int


@dataclasses.dataclass(frozen=True)
class LocationFact:
    id: int
    name: str
    file_number: str
    organisation_id: int
    organisation_name: str
    municipality_id: int
    licence_status: str
    subsidy_level: int
    offer_confirmed_on: datetime.date | None


@dataclasses.dataclass(frozen=True)
class ConsultationFact:
    id: int
    date: datetime.date
    kind: str
    invitee_ids: frozenset
    has_minutes: bool


@dataclasses.dataclass(frozen=True)
class DocumentFact:
    id: int
    kind: str
    version: int
    adopted_on: datetime.date
    lok_advice_on: datetime.date | None
    communicated_on: datetime.date | None
    recipient_ids: frozenset


@dataclasses.dataclass(frozen=True)
class ReportFact:
    id: int
    year: int
    state: str
    shared_on: datetime.date | None
    recipient_ids: frozenset


class Geography:
    """Service areas over time, and which municipality rows stand for the same place.

    ``areas``: (desk_id, municipality_id, valid_from, valid_to) tuples; ``same_place``: municipality
    id -> ids of its other periods and merger predecessors and successors.
    """

    def __init__(self, areas, same_place):
        self.same_place = same_place
        self.by_desk = defaultdict(list)
        self.by_municipality = defaultdict(list)
        for desk_id, municipality_id, valid_from, valid_to in areas:
            period = (municipality_id, valid_from, valid_to)
            self.by_desk[desk_id].append(period)
            for place in {municipality_id, *same_place.get(municipality_id, ())}:
                self.by_municipality[place].append((desk_id, valid_from, valid_to))

    @staticmethod
    def _valid(day, valid_from, valid_to):
        return valid_from <= day and (valid_to is None or day <= valid_to)

    def served(self, desk_id, day):
        """Ids of the municipality rows in the desk's area on ``day``, with their other periods."""
        ids = set()
        for municipality_id, valid_from, valid_to in self.by_desk.get(desk_id, ()):
            if self._valid(day, valid_from, valid_to):
                ids.add(municipality_id)
                ids.update(self.same_place.get(municipality_id, ()))
        return ids

    def has_desk(self, municipality_id, day):
        return any(
            self._valid(day, valid_from, valid_to)
            for _desk, valid_from, valid_to in self.by_municipality.get(municipality_id, ())
        )

    def active_in(self, desk_id, period):
        """The desk had a service area on some day of the year."""
        return any(
            valid_from <= period.end and (valid_to is None or valid_to >= period.start)
            for _m, valid_from, valid_to in self.by_desk.get(desk_id, ())
        )


class LicenceTimeline:
    """The licence status of each location on a day, from its history rows.

    ``history``: location id -> [(history_date, licence_status)] in date order. A location whose
    history starts after the day counts with the first status known; one without history with its
    status today.
    """

    def __init__(self, history):
        self.history = history
        self._ends = {}

    def _end_of(self, day):
        """The first moment after ``day`` in the project's time zone (cached: it is slow)."""
        end = self._ends.get(day)
        if end is None:
            midnight = datetime.datetime.combine(
                day + datetime.timedelta(days=1), datetime.time.min
            )
            end = self._ends[day] = timezone.make_aware(midnight)
        return end

    def status_on(self, location, day):
        rows = self.history.get(location.id)
        if not rows:
            return location.licence_status
        if len(rows) == 1:
            return rows[0][1]
        end = self._end_of(day)
        status = rows[0][1]
        for when, value in rows:
            if when >= end:
                break
            status = value
        return status


@dataclasses.dataclass
class Facts:
    """Everything the rules need for one year."""

    period: Period
    geography: Geography
    licences: LicenceTimeline
    locations_by_municipality: dict  # municipality id -> [LocationFact]
    consultations: dict  # desk id -> [ConsultationFact] of the year
    documents: dict  # desk id -> [DocumentFact] adopted by the end of the year
    previous_reports: dict  # desk id -> ReportFact of the year before
    operators_with_locations: set  # organisation ids running a licensed location
    consultation_reminder: datetime.date  # D3 turns overdue on this day of the year
    report_deadline: datetime.date  # the deadline of the previous year's report (D5)
    _location_state: dict = dataclasses.field(default_factory=dict, repr=False)

    def location_state(self, location):
        """(licensed, has a desk) on the reference date, worked out once per location."""
        state = self._location_state.get(location.id)
        if state is None:
            day = self.period.reference
            state = self._location_state[location.id] = (
                self.licences.status_on(location, day) in LICENSED,
                self.geography.has_desk(location.municipality_id, day),
            )
        return state

    def locations_in_area(self, desk_id, day):
        """Locations in the desk's service area on ``day`` whose licence was active that day."""
        found = []
        for municipality_id in self.geography.served(desk_id, day):
            for location in self.locations_by_municipality.get(municipality_id, ()):
                if self.licences.status_on(location, day) == LicenceStatus.ACTIVE:
                    found.append(location)
        return sorted(found, key=lambda loc: (loc.name, loc.id))

    def providers_in_area(self, desk_id, day):
        """Organisation id -> name, for the organisations with an active location in the area."""
        return {
            loc.organisation_id: loc.organisation_name
            for loc in self.locations_in_area(desk_id, day)
        }


def _organisations(providers, ids):
    return sorted(
        ({"id": pk, "name": providers[pk]} for pk in ids), key=lambda o: (o["name"], o["id"])
    )


def _locations(locations):
    return [{"id": loc.id, "name": loc.name, "file_number": loc.file_number} for loc in locations]


# Applicability ------------------------------------------------------------------------------


def desk_applicability(obligation, desk, facts):
    """None when the obligation applies to the desk this year, else the not-applicable outcome."""
    year = facts.period.year
    if desk.status == DeskStatus.NOT_NOTIFIED:
        return Outcome(S.NOT_APPLICABLE, "Het loket is niet aangemeld bij Opgroeien.")
    if not facts.geography.active_in(desk.id, facts.period):
        return Outcome(S.NOT_APPLICABLE, f"Het loket had in {year} geen werkingsgebied.")
    if obligation.applicability == Applicability.EVERY_DESK:
        return None
    if obligation.applicability == Applicability.DESK_OPERATOR_RUNS_LOCATIONS:
        if desk.operator_id in facts.operators_with_locations:
            return None
        return Outcome(
            S.NOT_APPLICABLE, "De organisator van het loket baat zelf geen kinderopvang uit."
        )
    return Outcome(S.NOT_APPLICABLE, "Deze verplichting geldt niet voor een loket.")


def location_applicability(obligation, location, facts):
    """None when the obligation applies to the location this year, else not applicable."""
    if obligation.applicability not in (
        Applicability.LOCATION_WITH_DESK,
        Applicability.PLUS_SUBSIDY_WITH_DESK,
    ):
        return Outcome(S.NOT_APPLICABLE, "Deze verplichting geldt niet voor een opvanglocatie.")
    licensed, has_desk = facts.location_state(location)
    if not licensed:
        return Outcome(S.NOT_APPLICABLE, "De vergunning van de opvanglocatie is beëindigd.")
    if not has_desk:
        return Outcome(
            S.NOT_APPLICABLE, "De gemeente van de opvanglocatie heeft geen lokaal loket."
        )
    if obligation.applicability == Applicability.PLUS_SUBSIDY_WITH_DESK and (
        location.subsidy_level != 3
    ):
        return Outcome(S.NOT_APPLICABLE, "De opvanglocatie heeft geen plussubsidie.")
    return None


# Derivations --------------------------------------------------------------------------------


def _assessment(party, facts):
    return Outcome(S.PENDING, "Wacht op een beoordeling door een klantenbeheerder.")


def _invitations(desk, facts):
    """D1: every provider in the area invited to every consultation of the year."""
    period = facts.period
    consultations = sorted(facts.consultations.get(desk.id, ()), key=lambda c: (c.date, c.id))
    if not consultations:
        if period.over:
            return Outcome(S.NOT_MET, f"Geen overlegmoment geregistreerd in {period.year}.")
        return Outcome(S.PENDING, f"Nog geen overlegmoment geregistreerd in {period.year}.")
    rows, short = [], 0
    for consultation in consultations:
        providers = facts.providers_in_area(desk.id, consultation.date)
        missing = set(providers) - consultation.invitee_ids
        short += bool(missing)
        rows.append(
            {
                "id": consultation.id,
                "date": consultation.date.isoformat(),
                "kind": consultation.kind,
                "expected": len(providers),
                "missing": _organisations(providers, missing),
            }
        )
    details = {"consultations": rows}
    if short:
        return Outcome(
            S.NOT_MET,
            f"Niet alle organisatoren uitgenodigd op {short} van de {len(rows)} overlegmomenten.",
            details,
        )
    return Outcome(
        S.MET, f"Alle organisatoren uitgenodigd op de {len(rows)} overlegmomenten.", details
    )


def _latest(desk, facts, kind):
    documents = [d for d in facts.documents.get(desk.id, ()) if d.kind == kind]
    return max(documents, key=lambda d: d.version) if documents else None


def _procedure(desk, facts):
    """D2: the latest procedure adopted by the end of the year has a LOK advice."""
    document = _latest(desk, facts, DocumentKind.PROCEDURE)
    if document is None:
        return Outcome(
            S.NOT_MET, "Geen procedure voor het verspreiden en beantwoorden geregistreerd."
        )
    details = {"document": {"id": document.id, "version": document.version}}
    if document.lok_advice_on is None:
        return Outcome(
            S.NOT_MET,
            f"Versie {document.version} van de procedure heeft geen advies van het LOK.",
            details,
        )
    return Outcome(
        S.MET,
        f"Procedure versie {document.version}, vastgelegd op {_d(document.adopted_on)}, "
        f"advies van het LOK op {_d(document.lok_advice_on)}.",
        details,
    )


def _yearly_consultation(desk, facts):
    """D3: at least one consultation on cooperation in the year, with minutes."""
    period = facts.period
    held = [c for c in facts.consultations.get(desk.id, ()) if c.kind in CONSULTATION_KINDS_FOR_D3]
    with_minutes = sorted((c for c in held if c.has_minutes), key=lambda c: (c.date, c.id))
    if with_minutes:
        first = with_minutes[0]
        return Outcome(
            S.MET,
            f"Overleg op {_d(first.date)} met verslag.",
            {"consultations": [{"id": c.id, "date": c.date.isoformat()} for c in with_minutes]},
        )
    without = " (er is overleg geregistreerd, maar zonder verslag)" if held else ""
    if period.over:
        return Outcome(S.NOT_MET, f"Geen overleg met verslag in {period.year}{without}.")
    if period.today >= facts.consultation_reminder:
        return Outcome(
            S.OVERDUE,
            f"Nog geen overleg met verslag in {period.year}{without}; "
            f"verwacht vóór {_d(facts.consultation_reminder)}.",
        )
    return Outcome(S.PENDING, f"Nog geen overleg met verslag in {period.year}{without}.")


def _agreements_sent(desk, facts):
    """D4: the latest agreements sent to every location active in the area."""
    document = _latest(desk, facts, DocumentKind.AGREEMENTS)
    if document is None:
        return Outcome(S.NOT_MET, "Geen afsprakennota geregistreerd.")
    details = {"document": {"id": document.id, "version": document.version}}
    if document.communicated_on is None:
        return Outcome(
            S.NOT_MET,
            f"Versie {document.version} van de afspraken is niet naar de opvanglocaties gestuurd.",
            details,
        )
    required = facts.locations_in_area(desk.id, facts.period.reference)
    missing = [loc for loc in required if loc.id not in document.recipient_ids]
    details["missing_locations"] = _locations(missing)
    if missing:
        return Outcome(
            S.NOT_MET,
            f"Versie {document.version} van de afspraken is niet naar {len(missing)} van de "
            f"{len(required)} opvanglocaties gestuurd.",
            details,
        )
    return Outcome(
        S.MET,
        f"Versie {document.version} van de afspraken op {_d(document.communicated_on)} naar alle "
        "opvanglocaties gestuurd.",
        details,
    )


def _report_shared(desk, facts):
    """D5: the report of the year before (reported this year) shared with every provider."""
    period = facts.period
    report_year = period.year - 1
    report = facts.previous_reports.get(desk.id)
    if report is not None and report.shared_on and report.state in SHARED_STATES:
        providers = facts.providers_in_area(desk.id, report.shared_on)
        missing = set(providers) - report.recipient_ids
        details = {
            "report": {"id": report.id, "year": report.year},
            "missing_providers": _organisations(providers, missing),
        }
        if missing:
            return Outcome(
                S.NOT_MET,
                f"Jaarverslag {report_year} op {_d(report.shared_on)} gedeeld, maar niet met "
                f"{len(missing)} van de {len(providers)} organisatoren.",
                details,
            )
        return Outcome(
            S.MET,
            f"Jaarverslag {report_year} op {_d(report.shared_on)} gedeeld met alle organisatoren.",
            details,
        )
    details = {"report": {"id": report.id, "year": report.year}} if report else {}
    what = f"Jaarverslag {report_year} nog niet gedeeld met de organisatoren"
    if period.over:
        return Outcome(
            S.NOT_MET, f"Jaarverslag {report_year} niet gedeeld in {period.year}.", details
        )
    if period.today > facts.report_deadline:
        return Outcome(
            S.OVERDUE, f"{what}; de termijn liep tot {_d(facts.report_deadline)}.", details
        )
    return Outcome(S.PENDING, f"{what} (termijn {_d(facts.report_deadline)}).", details)


def _offer_info(location, facts):
    """P2: offer info confirmed in the 12 months before the reference date."""
    confirmed = location.offer_confirmed_on
    if confirmed is None:
        return Outcome(S.NOT_MET, "Het opvangaanbod is nooit bevestigd aan het loket.")
    details = {"offer_confirmed_on": confirmed.isoformat()}
    limit = facts.period.reference - datetime.timedelta(days=OFFER_INFO_DAYS)
    if confirmed >= limit:
        return Outcome(S.MET, f"Opvangaanbod bevestigd op {_d(confirmed)}.", details)
    return Outcome(
        S.NOT_MET,
        f"Opvangaanbod laatst bevestigd op {_d(confirmed)}: meer dan 12 maanden geleden.",
        details,
    )


DESK_DERIVATIONS = {
    Derivation.INVITATIONS: _invitations,
    Derivation.PROCEDURE: _procedure,
    Derivation.YEARLY_CONSULTATION: _yearly_consultation,
    Derivation.AGREEMENTS_SENT: _agreements_sent,
    Derivation.REPORT_SHARED: _report_shared,
    Derivation.ASSESSMENT: _assessment,
}
LOCATION_DERIVATIONS = {
    Derivation.OFFER_INFO: _offer_info,
    Derivation.ASSESSMENT: _assessment,
}


def derive_for_desk(obligation, desk, facts):
    """The derived outcome of a desk obligation for the desk in the facts' year."""
    outcome = desk_applicability(obligation, desk, facts)
    if outcome is not None:
        return outcome
    rule = DESK_DERIVATIONS.get(obligation.derivation)
    if rule is None:
        return Outcome(S.PENDING, "Deze verplichting wordt niet afgeleid voor een loket.")
    return rule(desk, facts)


def derive_for_location(obligation, location, facts):
    """The derived outcome of a provider obligation for one location in the facts' year."""
    outcome = location_applicability(obligation, location, facts)
    if outcome is not None:
        return outcome
    rule = LOCATION_DERIVATIONS.get(obligation.derivation)
    if rule is None:
        return Outcome(S.PENDING, "Deze verplichting wordt niet afgeleid voor een opvanglocatie.")
    return rule(location, facts)
