#!/usr/bin/env python
"""Benchmark: the report pages (``reports/``) at national scale.

    DEBUG=1 .venv/bin/python bench/reports_pages.py [--repeat 5] [--years 10]
    DEBUG=1 .venv/bin/python bench/reports_pages.py \
        --database-url postgres://postgres@127.0.0.1:5432/supervision

It runs on a throwaway database made by Django's test machinery (``test_<name>``; for SQLite a
temporary file), never on the configured one, and removes it afterwards. In it:

1. the national demo registry (``registry.demo.build_demo``: about 231 desks with their service
   areas before and after the 2025 mergers, 5,700 locations);
2. ``--years`` years of annual reports for every desk, up to last year, each with the figures of
   the six rubrics: older years published, last year in every state, a few desks with part of a
   year or no report;
3. the report pages timed with Django's test client, DEBUG off (no query log), logged in as
   management: the registration figures per province and for one province by desk, the coverage
   on two dates, and their XLSX downloads; and as the local government of Gent. Beside them, in the
   same run, two baselines: the registry's desk list and the annual report list (50 rows a page).

The best of the repeats is reported, the median in brackets, with the number of queries and the
ratio to the desk-list baseline.
"""

import argparse
import datetime
import random
import time

from harness import run_on_throwaway_database, time_pages

TARGET_MS = 300


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--database-url", help="overrides DATABASE_URL (e.g. postgres://...)")
    return parser.parse_args()


def make_reports(years, rng):
    """An annual report per desk and year with figures for every rubric, written in bulk."""
    from obligations.models import AnnualReport, ReportFigure, Rubric
    from registry.models import Desk

    rubrics = list(Rubric.objects.all())
    desks = list(Desk.objects.all())
    last = years[-1]
    reports = []
    for year in years:
        for desk in desks:
            if rng.random() < 0.03:
                continue  # no report that year
            state = (
                rng.choice(["open", "submitted", "validated", "returned", "shared"])
                if year == last
                else "published"
            )
            reports.append(
                AnnualReport(desk=desk, year=year, state=state, full_year=rng.random() > 0.05)
            )
    reports = AnnualReport.objects.bulk_create(reports, batch_size=500)
    figures = []
    for report in reports:
        total = rng.randint(50, 8000)
        for rubric in rubrics:
            unique = total if rubric.code == "total" else rng.randint(0, total // 3)
            figures.append(
                ReportFigure(
                    report=report,
                    rubric=rubric,
                    unique=unique,
                    unanswered=rng.randint(0, unique),
                )
            )
    ReportFigure.objects.bulk_create(figures, batch_size=2000)
    return len(reports), len(figures)


def user_with_role(username, role, **links):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from supervision import roles

    user = get_user_model().objects.create(username=username)
    user.groups.add(Group.objects.get(name=roles.group_name(role)))
    for name, objects in links.items():
        getattr(user, name).set(objects)
    return user


def main():
    run_on_throwaway_database(run, parse_args())


def run(args, connection):
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from registry import demo
    from registry.models import Municipality, Province
    from supervision import roles

    today = timezone.localdate()
    last_year = today.year - 1
    years = list(range(last_year - args.years + 1, last_year + 1))
    started = time.perf_counter()
    summary = demo.build_demo()
    reports, figures = make_reports(years, random.Random(20230613))
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}); built in "
        f"{time.perf_counter() - started:.1f} s: {summary.desks} desks, {summary.locations} "
        f"locations, {reports} annual reports {years[0]}-{years[-1]} with {figures} figures"
    )

    management = Client(HTTP_HOST="localhost")
    management.force_login(user_with_role("bench-management", roles.MANAGEMENT))
    gent = Client(HTTP_HOST="localhost")
    gent.force_login(
        user_with_role(
            "bench-gent",
            roles.LOCAL_GOVERNMENT,
            municipalities=Municipality.objects.valid_on(today).filter(nis_code="44021"),
        )
    )
    province = Province.objects.get(report_label="Oost-Vlaanderen").pk
    registration = reverse("reports:registration")
    coverage = reverse("reports:coverage")
    pages = [
        ("baseline: registry desk list (50)", management, reverse("registry:desk-list"), {}),
        (
            "baseline: annual report list (50)",
            management,
            reverse("obligations:report-list"),
            {},
        ),
        ("registration per province", management, registration, {"year": last_year}),
        (
            "registration, Oost-Vlaanderen by desk",
            management,
            registration,
            {"year": last_year, "province": province},
        ),
        (
            "registration, XLSX of all tables",
            management,
            registration,
            {"year": last_year, "export": "xlsx"},
        ),
        ("registration, local government Gent", gent, registration, {"year": last_year}),
        ("coverage today", management, coverage, {"date": today.isoformat()}),
        ("coverage on 2023-05-31", management, coverage, {"date": "2023-05-31"}),
        (
            "coverage on 2024-12-31, XLSX",
            management,
            coverage,
            {"date": "2024-12-31", "export": "xlsx"},
        ),
    ]
    print(f"pages (best of {args.repeat}, median in brackets), target < {TARGET_MS} ms:")
    time_pages(pages, args.repeat, connection)

    from reports.coverage import coverage_report

    for date in (datetime.date(2023, 5, 31), today):
        print(f"  {coverage_report(date).summary[0]}")


if __name__ == "__main__":
    main()
