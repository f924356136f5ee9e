#!/usr/bin/env python
"""Benchmark: the management dashboard (``/cijfers/dashboard/``) at national scale.

    DEBUG=1 .venv/bin/python bench/dashboard.py [--repeat 5] [--scale 12.5] [--years 10]
    DEBUG=1 .venv/bin/python bench/dashboard.py \
        --database-url postgres://postgres@127.0.0.1:5432/supervision

It runs on a throwaway database made by Django's test machinery (``test_<name>``; for SQLite a
temporary file), never on the configured one, and removes it afterwards. In it:

1. the national demo registry (``registry.demo.build_demo``: about 231 desks, 5,700 locations)
   and ``--years`` years of annual reports (as ``reports_pages.py``);
2. the demo signals and cases at ``--scale`` (``cases.demo.build_cases``: about 400 cases a scale
   over four years, each with its history row per step, its talks and sent emails; scale 12.5 makes
   some 5,000 cases);
3. enforcement tracks on a tenth of the cases, each with an approved decision (a measure of its
   track, or none), spread over the four years; on PostgreSQL then ``ANALYZE``, as autovacuum
   would have done on a database in use (without statistics the planner misjudges the
   correlated subqueries and spends hundreds of milliseconds compiling them with JIT);
4. the pages timed with Django's test client, DEBUG off (no query log), logged in as
   management: the dashboard of this year and of last year, nationally and for one province, its
   XLSX, the CSV of one table, and the case list (``cases:case-list``, 50 a page); beside them, in
   the same run, the registry's desk list (50 a page) as the baseline of the ratios.

The best of the repeats is reported, the median in brackets, with the number of queries and the
ratio to the baseline.
"""

import argparse
import datetime
import random
import time

from harness import run_on_throwaway_database, time_pages
from reports_pages import make_reports, user_with_role

TARGET_MS = 300


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=float, default=12.5)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--database-url", help="overrides DATABASE_URL (e.g. postgres://...)")
    return parser.parse_args()


def make_measures(rng, share=0.1):
    """An enforcement track on ``share`` of the cases (a licence track on a provider's locations,
    a subsidy track against a desk) with an approved decision, written in bulk."""
    from django.utils import timezone

    from cases.models import Case
    from obligations.demo import system_user
    from sanctions.measures import KINDS_BY_TRACK, TrackKind
    from sanctions.models import Decision, EnforcementTrack

    user = system_user()
    cases = list(Case.objects.prefetch_related("locations").order_by("number"))
    chosen = [case for case in cases if rng.random() < share]
    tracks, locations = [], []
    for n, case in enumerate(chosen):
        kind = TrackKind.SUBSIDY if case.about_desk_id else TrackKind.LICENCE
        opened = case.opened_at + datetime.timedelta(days=rng.randrange(20, 90))
        tracks.append(
            EnforcementTrack(
                number=f"BENCH-{n:05d}",
                case=case,
                kind=kind,
                desk_id=case.about_desk_id,
                facts="Tekortkoming blijft na het gesprek.",
                notice_deadline=opened.date() + datetime.timedelta(days=30),
                opened_by=user,
                opened_at=opened,
            )
        )
        locations.append(list(case.locations.all()))
    tracks = EnforcementTrack.objects.bulk_create(tracks, batch_size=500)
    EnforcementTrack.locations.through.objects.bulk_create(
        [
            EnforcementTrack.locations.through(enforcementtrack=track, location=location)
            for track, own in zip(tracks, locations, strict=True)
            for location in own
        ],
        batch_size=1000,
    )
    now = timezone.now()
    decisions = []
    for n, track in enumerate(tracks):
        kind = rng.choice(KINDS_BY_TRACK[track.kind])
        reviewed = min(track.opened_at + datetime.timedelta(days=rng.randrange(60, 200)), now)
        decisions.append(
            Decision(
                number=f"BENCH-B-{n:05d}",
                track=track,
                kind=kind,
                grounds="Motivering.",
                proposed_by=user,
                proposed_at=reviewed - datetime.timedelta(days=5),
                reviewed_by=user,
                reviewed_at=reviewed,
                state="approved",
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=500)
    return len(decisions)


def main():
    run_on_throwaway_database(run, parse_args())


def run(args, connection):
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from cases import demo as cases_demo
    from cases.models import Case, Signal
    from registry import demo
    from registry.models import Province
    from supervision import roles

    rng = random.Random(20230613)
    today = timezone.localdate()
    last_year = today.year - 1
    years = list(range(last_year - args.years + 1, last_year + 1))
    started = time.perf_counter()
    summary = demo.build_demo()
    reports, _figures = make_reports(years, rng)
    cases_summary = cases_demo.build_cases(scale=args.scale)
    measures = make_measures(rng)
    if connection.vendor == "postgresql":
        # A database in use has its planner statistics (autovacuum); one just bulk-loaded not yet.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}); built in "
        f"{time.perf_counter() - started:.1f} s: {summary.desks} desks, {summary.locations} "
        f"locations, {reports} annual reports {years[0]}-{years[-1]}, "
        f"{Signal.objects.count()} signals, {Case.objects.count()} cases with "
        f"{Case.history.count()} history rows, {measures} approved decisions"
    )
    print("  " + "; ".join(cases_summary.lines()))

    management = Client(HTTP_HOST="localhost")
    management.force_login(user_with_role("bench-management", roles.MANAGEMENT))
    province = Province.objects.get(report_label="Oost-Vlaanderen").pk
    dashboard = reverse("reports:dashboard")
    pages = [
        ("baseline: registry desk list (50)", reverse("registry:desk-list"), {}),
        ("case list (50)", reverse("cases:case-list"), {}),
        ("dashboard, this year", dashboard, {"year": today.year}),
        ("dashboard, last year", dashboard, {"year": last_year}),
        (
            "dashboard, last year, Oost-Vlaanderen",
            dashboard,
            {"year": last_year, "province": province},
        ),
        ("dashboard, XLSX of all tables", dashboard, {"year": last_year, "export": "xlsx"}),
        (
            "dashboard, CSV of one table",
            dashboard,
            {"year": last_year, "export": "csv", "table": "mediation"},
        ),
    ]
    print(f"pages (best of {args.repeat}, median in brackets), target < {TARGET_MS} ms:")
    time_pages(
        [(label, management, url, params) for label, url, params in pages], args.repeat, connection
    )

    from reports.dashboard import dashboard_report

    report = dashboard_report(last_year)
    for line in report.summary:
        print(f"  {line}")


if __name__ == "__main__":
    main()
