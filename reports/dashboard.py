"""The management dashboard: signals and cases of a year (DOMAIN.md section 5; seed 000,
question 5, which could not be answered because signals were not recorded).

Figures, each a table with a bar chart, for a year and optionally one province:
- signals per year (every year, the province filter applies), and the signals received in the
  year by province, by party type (desk or provider), by obligation and by source;
- the cases opened in the year per state as they are now, with their age; the overdue ones per
  open state; their outcomes; "cooperation obtained thanks to mediation" per province, beside
  the signals, the cases opened and closed;
- sanctions: approved measures per kind and year of approval, the year and the four before it.

The rules:
- a signal counts in the year it was received, a case in the year it was opened (its number's
  year); states, outcomes and ages are those of the moment of computing;
- the province of a signal or case about a desk is the desk's province in that year, the rule of
  the registration figures (``registration.desk_province``: where most municipalities of its
  service area lie); about a provider, the province of most of the locations it names (ties: the
  first in report order); naming no location, it goes to the row "no province known";
- a decision on a subsidy track belongs to its desk's province in the year of approval, on a
  licence track to the province of most of the track's locations;
- days in a state: since the case entered the state it is in now (the first history row of the
  latest run of that state), or since it was opened when its history has no such row; the median
  is the lower middle value; overdue: an open state whose deadline has passed
  (``cases.queries.overdue_q``);
- sanctions: approved decisions with a measure (not "no measure"), those annulled later after an
  objection included (a note says how many).

The database counts: every query groups (by desk, province of the locations, year, source,
obligation, state, outcome, measure) except the one that reads the open cases of the year with
their age, one row each. Eight queries for the dashboard, six for the signals report (two more
for a province), whatever the number of signals, cases and desks.
"""

import statistics
from collections import Counter, defaultdict
from functools import cached_property

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases.models import Case, Signal, Source
from cases.queries import with_overdue
from cases.workflow import OPEN_STATES, CaseState, Outcome
from obligations.models import PartyType
from registry.models import Province, ServiceArea
from sanctions.measures import DecisionKind
from sanctions.models import Decision, EffectStatus, EnforcementTrack
from sanctions.workflow import DecisionState

from .charts import ChartedTable
from .registration import desk_province
from .tables import SHARE, Column, Report, Row, Share

SANCTION_YEARS = 5  # the year chosen and the four before it
MEASURES = [kind for kind in DecisionKind if kind != DecisionKind.NO_MEASURE]

CAVEATS = (
    gettext_lazy(
        "Signals were not recorded before this system: there are no figures for the years "
        "before the first signal recorded."
    ),
    gettext_lazy(
        "A signal counts in the year it was received, a case in the year it was opened (the "
        "year in its number). States, outcomes and ages are those of the moment the figures "
        "were computed."
    ),
    gettext_lazy(
        "Province: for a desk, the province where most municipalities of its service area lie "
        "in that year (as in the registration figures); for a provider, the province of most of "
        "the locations the signal or case names. A signal or case about a provider that names "
        "no location has no province known."
    ),
    gettext_lazy(
        "A signal naming several obligations counts once for each of them; a case made of "
        "several signals counts once."
    ),
    gettext_lazy(
        "Days in a state: since the case entered the state it is in now, as its history "
        "records it (since it was opened when the history has no such step). Overdue: an open "
        "case whose deadline has passed."
    ),
    gettext_lazy(
        "Sanctions: approved decisions that impose a measure (not “no measure”), in the year of "
        "their approval, including those annulled later after an objection."
    ),
)


def located_province(links, owner, ref="pk"):
    """An expression: the province of most of the locations that ``links`` (the rows of a
    locations through model, ``owner`` its field towards the outer row, matched on ``ref``)
    gives the outer row; ties: the first in report order; NULL without locations."""
    province = "location__municipality__province"
    rows = (
        links.filter(**{owner: OuterRef(ref)})
        .order_by()
        .values(province)
        .annotate(locations=Count("pk"))
        .order_by("-locations", f"{province}__report_label")
        .values(province)[:1]
    )
    return Subquery(rows)


def entered_state():
    """An expression on a case: when it entered the state it is in now (the first history row of
    the latest run of rows in that state), or its opening without such a row."""
    history = Case.history.model.objects
    changed_later = history.filter(
        id=OuterRef("id"), history_date__gt=OuterRef("history_date")
    ).exclude(state=OuterRef("state"))
    run = (
        history.filter(id=OuterRef("pk"), state=OuterRef("state"))
        .exclude(Exists(changed_later))
        .order_by("history_date")
        .values("history_date")[:1]
    )
    return Coalesce(Subquery(run), F("opened_at"))


class _Places:
    """The provinces, and the province of what a desk or a provider's locations are about."""

    def __init__(self):
        self.provinces = list(Province.objects.all())
        self.order = {province.pk: rank for rank, province in enumerate(self.provinces)}
        self.labels = {province.pk: province.report_label for province in self.provinces}
        self.labels[None] = _("No province known")
        self.areas = defaultdict(list)
        rows = ServiceArea.objects.values_list(
            "desk_id", "municipality_id", "municipality__province_id", "valid_from", "valid_to"
        )
        for desk_id, *area in rows:
            self.areas[desk_id].append(tuple(area))
        self._desks = {}

    def of(self, desk_id, located, year):
        """The province (pk, None when unknown) of a record about ``desk_id`` (or, without a
        desk, about locations whose province is ``located``) in ``year``."""
        if desk_id is None:
            return located
        if (desk_id, year) not in self._desks:
            self._desks[desk_id, year] = desk_province(self.areas[desk_id], year, self.order)
        return self._desks[desk_id, year]

    def keys(self, counts):
        """The rows of a table per province: every province, "no province known" if counted."""
        keys = [province.pk for province in self.provinces]
        return keys + [None] if counts.get(None) else keys


def _median(values):
    return statistics.median_low(values) if values else None


class _Figures:
    """The figures of ``year`` (in ``province``, a Province, when given), read once each."""

    def __init__(self, year, province, now):
        self.year = year
        self.province = province
        self.now = now
        self.today = timezone.localdate(now)
        self.places = _Places()

    def keep(self, key):
        return self.province is None or key == self.province.pk

    def _rows(self, groups, desk, year_of):
        """(group, province) of the grouped rows in the province filter."""
        for group in groups:
            key = self.places.of(group[desk], group["located"], year_of(group))
            if self.keep(key):
                yield group, key

    # Signals ------------------------------------------------------------------------------

    @cached_property
    def signals(self):
        return Signal.objects.annotate(
            located=located_province(Signal.locations.through.objects, "signal")
        )

    @cached_property
    def signals_per_year(self):
        """{year: signals} in the province filter, and the years from the first signal recorded
        to the last (or the year chosen).

        Nationally the database counts per year. For a province only the signals that can be in
        it (about a desk with a service area there, or naming a location there) are placed by
        desk or by locations, so that the work follows the province, not every signal ever."""
        by_year = Signal.objects.annotate(received_in=ExtractYear("received_on")).order_by()
        if self.province is None:
            counts = Counter(dict(by_year.values_list("received_in").annotate(n=Count("pk"))))
            years = {self.year, *counts}
            return counts, range(min(years), max(years) + 1)
        span = Signal.objects.aggregate(first=Min("received_on"), last=Max("received_on"))
        years = {self.year, *(day.year for day in span.values() if day)}
        desks = ServiceArea.objects.filter(municipality__province=self.province).values("desk")
        located = Signal.locations.through.objects.filter(
            location__municipality__province=self.province
        ).values("signal")
        about_desks = (
            by_year.filter(about_desk__in=desks)
            .values_list("received_in", "about_desk")
            .annotate(n=Count("pk"))
        )
        about_providers = (
            self.signals.filter(about_desk__isnull=True, pk__in=located)
            .annotate(received_in=ExtractYear("received_on"))
            .values_list("received_in", "located")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = Counter()
        for year, desk_id, n in about_desks:
            if self.keep(self.places.of(desk_id, None, year)):
                counts[year] += n
        for year, province_id, n in about_providers:
            if self.keep(province_id):
                counts[year] += n
        return counts, range(min(years), max(years) + 1)

    @cached_property
    def signal_groups(self):
        """The signals of the year: [(group, province)], a group per desk, province of the
        locations, source and whether it names an obligation."""
        named = Exists(Signal.obligations.through.objects.filter(signal=OuterRef("pk")))
        groups = (
            self.signals.filter(received_on__year=self.year)
            .annotate(named=named)
            .values("about_desk", "located", "source", "named")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return list(self._rows(groups, "about_desk", lambda g: self.year))

    @cached_property
    def signal_counts(self):
        counts = {"province": Counter(), "party": Counter(), "source": Counter()}
        for group, key in self.signal_groups:
            counts["province"][key] += group["n"]
            party = PartyType.DESK if group["about_desk"] else PartyType.PROVIDER
            counts["party"][party] += group["n"]
            counts["source"][group["source"]] += group["n"]
        return counts

    @cached_property
    def obligation_counts(self):
        """{(code, title): signals} of the year, and the signals naming none."""
        links = (
            Signal.obligations.through.objects.filter(signal__received_on__year=self.year)
            .annotate(
                located=located_province(Signal.locations.through.objects, "signal", "signal_id")
            )
            .values("obligation__code", "obligation__title", "signal__about_desk", "located")
            .annotate(n=Count("signal"))
            .order_by()
        )
        counts = Counter()
        for group, _key in self._rows(links, "signal__about_desk", lambda g: self.year):
            counts[group["obligation__code"], group["obligation__title"]] += group["n"]
        unnamed = sum(group["n"] for group, _key in self.signal_groups if not group["named"])
        return counts, unnamed

    # Cases --------------------------------------------------------------------------------

    @cached_property
    def cases(self):
        return Case.objects.filter(year=self.year).annotate(
            located=located_province(Case.locations.through.objects, "case")
        )

    @cached_property
    def case_groups(self):
        """The cases of the year: [(group, province)], a group per state, outcome, desk and
        province of the locations."""
        groups = (
            self.cases.values("state", "outcome", "about_desk", "located")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return list(self._rows(groups, "about_desk", lambda g: self.year))

    @cached_property
    def open_cases(self):
        """{state: [(days in the state, days since opened, days overdue or None)]}."""
        rows = (
            with_overdue(self.cases.filter(state__in=OPEN_STATES), self.today)
            .annotate(entered=entered_state())
            .values(
                "state", "about_desk", "located", "entered", "opened_at", "deadline", "is_overdue"
            )
        )
        ages = defaultdict(list)
        for row, _key in self._rows(rows, "about_desk", lambda r: self.year):
            ages[row["state"]].append(
                (
                    (self.today - timezone.localdate(row["entered"])).days,
                    (self.today - timezone.localdate(row["opened_at"])).days,
                    (self.today - row["deadline"]).days if row["is_overdue"] else None,
                )
            )
        return ages

    # Sanctions ----------------------------------------------------------------------------

    @cached_property
    def sanction_years(self):
        return list(range(self.year - SANCTION_YEARS + 1, self.year + 1))

    @cached_property
    def measures(self):
        """{(kind, year of approval): measures} and how many were annulled after an objection."""
        groups = (
            Decision.objects.filter(
                state=DecisionState.APPROVED,
                reviewed_at__year__gte=self.sanction_years[0],
                reviewed_at__year__lte=self.year,
            )
            .exclude(kind=DecisionKind.NO_MEASURE)
            .annotate(
                approved_in=ExtractYear("reviewed_at"),
                located=located_province(
                    EnforcementTrack.locations.through.objects, "enforcementtrack", "track_id"
                ),
            )
            .values("kind", "approved_in", "track__desk", "located")
            .annotate(
                n=Count("pk"), annulled=Count("pk", filter=Q(effect_status=EffectStatus.ANNULLED))
            )
            .order_by()
        )
        counts, annulled = Counter(), 0
        for group, _key in self._rows(groups, "track__desk", lambda g: g["approved_in"]):
            counts[group["kind"], group["approved_in"]] += group["n"]
            annulled += group["annulled"]
        return counts, annulled


# The tables -------------------------------------------------------------------------------


def _total(counts, keys):
    return Row(_("Total"), [sum(counts[key] for key in keys)])


def _signals_per_year(figures):
    counts, years = figures.signals_per_year
    return ChartedTable(
        slug="signals-per-year",
        title=_("Signals per year"),
        sheet_name=_("Signals per year"),
        label_column=_("Year"),
        columns=[Column(_("Signals"))],
        rows=[Row(str(year), [counts[year]], ("year", year)) for year in years],
        total=_total(counts, years),
    )


def _signals_per_province(figures):
    counts = figures.signal_counts["province"]
    keys = [key for key in figures.places.keys(counts) if figures.keep(key)]
    return ChartedTable(
        slug="signals-per-province",
        title=_("Signals %(year)s per province") % {"year": figures.year},
        sheet_name=_("Signals per province"),
        label_column=_("Province"),
        columns=[Column(_("Signals"))],
        rows=[
            Row(figures.places.labels[key], [counts[key]], ("province", key) if key else None)
            for key in keys
        ],
        total=_total(counts, keys),
    )


def _signals_per_party(figures):
    counts = figures.signal_counts["party"]
    return ChartedTable(
        slug="signals-per-party",
        title=_("Signals %(year)s per party type") % {"year": figures.year},
        sheet_name=_("Signals per party type"),
        label_column=_("Party"),
        columns=[Column(_("Signals"))],
        rows=[Row(label, [counts[value]]) for value, label in PartyType.choices],
        total=_total(counts, PartyType.values),
    )


def _signals_per_obligation(figures):
    counts, unnamed = figures.obligation_counts
    rows = [Row(f"{code} – {title}", [counts[code, title]]) for code, title in sorted(counts)] + [
        Row(_("No obligation named"), [unnamed])
    ]
    return ChartedTable(
        slug="signals-per-obligation",
        title=_("Signals %(year)s per obligation") % {"year": figures.year},
        sheet_name=_("Signals per obligation"),
        label_column=_("Obligation"),
        columns=[Column(_("Signals"))],
        rows=rows,
        notes=[_("A signal naming several obligations counts in each of their rows.")],
    )


def _signals_per_source(figures):
    counts = figures.signal_counts["source"]
    return ChartedTable(
        slug="signals-per-source",
        title=_("Signals %(year)s per source") % {"year": figures.year},
        sheet_name=_("Signals per source"),
        label_column=_("Source"),
        columns=[Column(_("Signals"))],
        rows=[Row(label, [counts[value]]) for value, label in Source.choices],
        total=_total(counts, Source.values),
    )


def _mediation(figures):
    signals = figures.signal_counts["province"]
    counts = defaultdict(Counter)  # province -> opened, closed, mediation
    for group, key in figures.case_groups:
        counts[key]["opened"] += group["n"]
        if group["state"] == CaseState.CLOSED:
            counts[key]["closed"] += group["n"]
            if group["outcome"] == Outcome.RESOLVED_MEDIATION:
                counts[key]["mediation"] += group["n"]
    present = {key: signals[key] + counts[key]["opened"] for key in {*signals, *counts}}
    keys = [key for key in figures.places.keys(present) if figures.keep(key)]

    def values(signal_count, found):
        return [
            signal_count,
            found["opened"],
            found["closed"],
            found["mediation"],
            Share(found["mediation"], found["closed"]),
        ]

    total = Counter()
    for key in keys:
        total.update(counts[key])
    return ChartedTable(
        slug="mediation",
        title=_("Cooperation obtained thanks to mediation, %(year)s") % {"year": figures.year},
        sheet_name=_("Mediation"),
        label_column=_("Province"),
        columns=[
            Column(_("Signals")),
            Column(_("Cases opened")),
            Column(_("Cases closed")),
            Column(_("Cooperation obtained thanks to mediation")),
            Column(_("Share of the closed cases (%)"), SHARE),
        ],
        rows=[
            Row(
                figures.places.labels[key],
                values(signals[key], counts[key]),
                ("province", key) if key else None,
            )
            for key in keys
        ],
        total=Row(_("Total"), values(sum(signals[key] for key in keys), total)),
        chart_column=3,
        notes=[
            _(
                "Cases closed with the outcome “%(outcome)s”: the talk with the desk or the "
                "provider obtained the cooperation."
            )
            % {"outcome": Outcome.RESOLVED_MEDIATION.label}
        ],
    )


def _cases_per_state(figures):
    counts = Counter()
    for group, _key in figures.case_groups:
        counts[group["state"]] += group["n"]
    ages = figures.open_cases

    def values(count, rows):
        return [
            count,
            _median([row[0] for row in rows]),
            max((row[0] for row in rows), default=None),
            _median([row[1] for row in rows]),
        ]

    every_open = [row for state in OPEN_STATES for row in ages[state]]
    return ChartedTable(
        slug="cases-per-state",
        title=_("Cases opened in %(year)s per state") % {"year": figures.year},
        sheet_name=_("Cases per state"),
        label_column=_("State"),
        columns=[
            Column(_("Cases")),
            Column(_("Median days in this state")),
            Column(_("Longest in this state (days)")),
            Column(_("Median days since opened")),
        ],
        rows=[Row(label, values(counts[state], ages[state])) for state, label in CaseState.choices],
        total=Row(_("Total"), values(sum(counts.values()), every_open)),
        notes=[_("Ages are those of the open cases; the total's ages are of every open case.")],
    )


def _overdue(figures):
    ages = figures.open_cases

    def values(rows):
        late = [row[2] for row in rows if row[2] is not None]
        return [len(rows), len(late), Share(len(late), len(rows)), max(late, default=None)]

    return ChartedTable(
        slug="overdue",
        title=_("Overdue cases of %(year)s") % {"year": figures.year},
        sheet_name=_("Overdue cases"),
        label_column=_("State"),
        columns=[
            Column(_("Open cases")),
            Column(_("Overdue")),
            Column(_("Share overdue (%)"), SHARE),
            Column(_("Longest overdue (days)")),
        ],
        rows=[Row(CaseState(state).label, values(ages[state])) for state in OPEN_STATES],
        total=Row(_("Total"), values([row for state in OPEN_STATES for row in ages[state]])),
        chart_column=1,
    )


def _outcomes(figures):
    counts = Counter()
    for group, _key in figures.case_groups:
        if group["state"] == CaseState.CLOSED:
            counts[group["outcome"]] += group["n"]
    closed = sum(counts.values())
    return ChartedTable(
        slug="outcomes",
        title=_("Outcomes of the cases opened in %(year)s") % {"year": figures.year},
        sheet_name=_("Outcomes"),
        label_column=_("Outcome"),
        columns=[Column(_("Cases closed")), Column(_("Share of the closed cases (%)"), SHARE)],
        rows=[
            Row(label, [counts[value], Share(counts[value], closed)])
            for value, label in Outcome.choices
        ],
        total=Row(_("Total"), [closed, Share(closed, closed)]),
    )


def _sanctions(figures):
    counts, annulled = figures.measures
    years = figures.sanction_years
    notes = []
    if annulled:
        notes.append(
            ngettext(
                "%(count)s of these measures was annulled after an objection.",
                "%(count)s of these measures were annulled after an objection.",
                annulled,
            )
            % {"count": annulled}
        )
    return ChartedTable(
        slug="sanctions",
        title=_("Measures approved per year, %(first)s–%(last)s")
        % {"first": years[0], "last": years[-1]},
        sheet_name=_("Sanctions"),
        label_column=_("Measure"),
        columns=[Column(str(year)) for year in years],
        rows=[Row(kind.label, [counts[kind, year] for year in years]) for kind in MEASURES],
        total=Row(_("Total"), [sum(counts[kind, year] for kind in MEASURES) for year in years]),
        chart_column=len(years) - 1,
        notes=notes,
    )


# The reports ------------------------------------------------------------------------------


def _summary(figures, tables):
    signals = figures.signal_counts["party"]
    total = sum(signals.values())
    lines = [
        ngettext(
            "In %(year)s, %(count)s signal was received: %(desk)s about a desk and %(provider)s "
            "about a provider.",
            "In %(year)s, %(count)s signals were received: %(desk)s about a desk and "
            "%(provider)s about a provider.",
            total,
        )
        % {
            "year": figures.year,
            "count": total,
            "desk": signals[PartyType.DESK],
            "provider": signals[PartyType.PROVIDER],
        }
    ]
    mediation = tables["mediation"].total.values
    lines.append(
        ngettext(
            "Of the %(opened)s case opened in %(year)s, %(closed)s is closed; in %(mediation)s "
            "cooperation was obtained thanks to mediation.",
            "Of the %(opened)s cases opened in %(year)s, %(closed)s are closed; in %(mediation)s "
            "of them cooperation was obtained thanks to mediation.",
            mediation[1],
        )
        % {
            "opened": mediation[1],
            "year": figures.year,
            "closed": mediation[2],
            "mediation": mediation[3],
        }
    )
    if "overdue" in tables:
        overdue = tables["overdue"].total.values[1]
        lines.append(
            ngettext(
                "%(count)s open case of %(year)s is past its deadline.",
                "%(count)s open cases of %(year)s are past their deadline.",
                overdue,
            )
            % {"count": overdue, "year": figures.year}
        )
    return lines


SIGNAL_TABLES = (
    _signals_per_year,
    _signals_per_province,
    _signals_per_party,
    _signals_per_obligation,
    _signals_per_source,
    _mediation,
)
CASE_TABLES = (_cases_per_state, _overdue, _outcomes, _sanctions)


def _report(year, province, now, builders, *, title, stem):
    figures = _Figures(year, province, now or timezone.now())
    tables = [build(figures) for build in builders]
    label = province.report_label if province else None
    return Report(
        title=title + (f", {label}" if label else ""),
        file_name="-".join([stem, str(year), *([label] if label else [])]),
        parameters=[
            (_("Year"), str(year)),
            (_("Province"), label or _("All provinces")),
        ],
        summary=_summary(figures, {table.slug: table for table in tables}),
        tables=tables,
        caveats=[str(caveat) for caveat in CAVEATS],
        computed_at=figures.now,
    )


def dashboard_report(year, *, province=None, now=None):
    """The dashboard ``Report`` of ``year`` (in ``province`` when given): every figure."""
    return _report(
        year,
        province,
        now,
        SIGNAL_TABLES + CASE_TABLES,
        title=_("Signals and cases %(year)s") % {"year": year},
        stem=_("signals-and-cases"),
    )


def signals_report(year, *, province=None, now=None):
    """The signals of ``year``: per year, province, party type, obligation and source, and the
    cooperation obtained thanks to mediation (seed 000, question 5)."""
    return _report(
        year,
        province,
        now,
        SIGNAL_TABLES,
        title=_("Signals %(year)s") % {"year": year},
        stem=_("signals"),
    )
