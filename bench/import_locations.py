#!/usr/bin/env python
"""Benchmark: import 10,000 locations through the project's import path, beside simple-history's
``bulk_create_with_history`` of the same rows.

    DEBUG=1 .venv/bin/python bench/import_locations.py [--rows 10000] [--repeat 3]
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervision \
        .venv/bin/python bench/import_locations.py
    DEBUG=1 .venv/bin/python bench/import_locations.py \
        --database-url postgres://postgres@127.0.0.1:5432/supervision

It runs on a throwaway database made by Django's test machinery (``test_<name>``; for SQLite a
temporary file), never on the configured one, and removes it afterwards.

Timed, per repeat, each from the same fresh state (no locations, no location history; the 500
organisations and the municipalities already there):

- baseline: ``bulk_create_with_history(locations, Location)`` with the Location objects already
  built (organisation and municipality resolved): the floor for "a row and a history row each";
- import: ``registry.imports`` from the CSV bytes: read, check the columns, validate every row
  against the preloaded lookups, write the rows and their history rows in one transaction
  (the path of the admin and of ``manage.py import_registry``);
- re-import: the same file again (nothing changes, nothing is written).

The best of the repeats is reported, and the ratio import / baseline.
"""

import argparse
import csv
import io
import random
import statistics
import time

from harness import run_on_throwaway_database


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--database-url", help="overrides DATABASE_URL (e.g. postgres://...)")
    return parser.parse_args()


def make_rows(count, organisations, municipalities, rng):
    rows = []
    for n in range(count):
        care_type = rng.choices(["family", "group", "group_cooperation"], weights=[42, 48, 10])[0]
        places = rng.randint(1, 8) if care_type == "family" else rng.randint(9, 100)
        organisation = rng.choice(organisations)
        m = rng.choice(municipalities)
        rows.append(
            {
                "file_number": f"KO-{n:06d}",
                "name": f"Kinderopvang {n}",
                "operator_kbo": organisation.enterprise_number,
                "operator_name": organisation.name,
                "care_type": care_type,
                "places": str(places),
                "nis_code": m.nis_code,
                "street": f"Kerkstraat {n % 200 + 1}",
                "postal_code": "9000",
                "city": m.name,
                "subsidy_level": str(rng.randint(0, 3)),
                "income_related_tariff": rng.choice(["yes", "no"]),
                "licence_status": "active",
                "phone": "09 123 45 67",
                "email": f"info{n}@example.be",
                "opening_hours": "ma-vr 7:00-18:00",
            }
        )
    return rows


def to_csv(rows, columns):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def main():
    run_on_throwaway_database(run, parse_args(), production_debug=False)


def run(args, connection):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from registry import imports
    from registry.models import Location, Municipality, Organisation

    rng = random.Random(20250101)
    user = get_user_model().objects.create(username="bench")
    organisations = []
    for n in range(args.organisations):
        body = f"0{4_000_000 + n:07d}"
        organisations.append(
            Organisation(enterprise_number=f"{body}{97 - int(body) % 97:02d}", name=f"Org {n}")
        )
    organisations = bulk_create_with_history(organisations, Organisation)
    municipalities = list(Municipality.objects.valid_on(timezone.localdate()))
    rows = make_rows(args.rows, organisations, municipalities, rng)
    data = to_csv(rows, imports.COLUMNS["locations"])
    by_kbo = {o.enterprise_number: o for o in organisations}
    by_code = {m.nis_code: m for m in municipalities}

    def fresh():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Location.history.model._meta.db_table}")
            cursor.execute(f"DELETE FROM {Location._meta.db_table}")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Location._meta.db_table}")

    def build_locations():
        return [
            Location(
                file_number=r["file_number"],
                name=r["name"],
                organisation=by_kbo[r["operator_kbo"]],
                care_type=r["care_type"],
                places=int(r["places"]),
                municipality=by_code[r["nis_code"]],
                street=r["street"],
                postal_code=r["postal_code"],
                city=r["city"],
                subsidy_level=int(r["subsidy_level"]),
                income_related_tariff=r["income_related_tariff"] == "yes",
                licence_status=r["licence_status"],
                phone=r["phone"],
                email=r["email"],
                opening_hours=r["opening_hours"],
            )
            for r in rows
        ]

    def check():
        assert Location.objects.count() == args.rows, Location.objects.count()
        assert Location.history.count() == args.rows, Location.history.count()

    times = {"baseline": [], "import": [], "reimport": []}
    for _ in range(args.repeat):
        fresh()
        locations = build_locations()
        start = time.perf_counter()
        with transaction.atomic():
            bulk_create_with_history(
                locations, Location, default_user=user, default_change_reason="Import bench.csv"
            )
        times["baseline"].append(time.perf_counter() - start)
        check()

        fresh()
        start = time.perf_counter()
        report = imports.run_import(
            "locations", imports.read_table(data, "bench.csv"), user=user, file_name="bench.csv"
        )
        times["import"].append(time.perf_counter() - start)
        assert not report.refused, report.errors[:5]
        assert report.created == args.rows
        check()

        start = time.perf_counter()
        report = imports.run_import(
            "locations", imports.read_table(data, "bench.csv"), user=user, file_name="bench.csv"
        )
        times["reimport"].append(time.perf_counter() - start)
        assert report.unchanged == args.rows
        check()

    best = {name: min(values) for name, values in times.items()}
    vendor = connection.vendor
    print(
        f"database: {vendor} ({connection.settings_dict['NAME']}), rows: {args.rows}, "
        f"repeats: {args.repeat} (best shown, median in brackets)"
    )
    for name, label in (
        ("baseline", "bulk_create_with_history"),
        ("import", "registry import (CSV)"),
        ("reimport", "re-import, unchanged"),
    ):
        print(f"  {label:<28} {best[name]:7.3f} s  ({statistics.median(times[name]):.3f} s)")
    print(f"  ratio import / baseline      {best['import'] / best['baseline']:7.2f}x")


if __name__ == "__main__":
    main()
