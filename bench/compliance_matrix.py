#!/usr/bin/env python
"""Benchmark: the compliance matrix of every desk of the country, and the nightly recompute.

    DEBUG=1 .venv/bin/python bench/compliance_matrix.py [--repeat 5]
    DEBUG=1 .venv/bin/python bench/compliance_matrix.py \
        --database-url postgres://postgres@127.0.0.1:5432/supervision

It runs on a throwaway database made by Django's test machinery (``test_<name>``; for SQLite a
temporary file), never on the configured one, and removes it afterwards. In it:

1. the national demo registry (``registry.demo.build_demo``: about 231 desks, 5,700 locations);
2. records for this year to derive from: per desk a consultation (most invite every provider of
   the area, some forget a few), minutes for most, a procedure and agreements for most, and the
   annual report of last year shared by some;
3. ``recompute_all(year)`` timed twice: the first run writes every row (about 231 x 7 + 5,700 x 5)
   with its history row, the second finds nothing changed and writes nothing;
4. pages timed with Django's test client, logged in as a client manager, DEBUG off (no query
   log): the desk matrix with every desk on one page, beside two baselines of the same run: the
   registry's desk list (50 desks per page) and a bare ``list(Desk.objects.all())``; and the
   location matrix (50 locations per page).

The best of the repeats is reported, the median in brackets, and the number of queries per page.
"""

import argparse
import datetime
import random
import time

from harness import run_on_throwaway_database, timed

TARGET_MS = 300


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", help="overrides DATABASE_URL (e.g. postgres://...)")
    return parser.parse_args()


def make_records(year, today, rng):
    """Records of ``year`` for every desk, written in bulk (the demo builds none)."""
    from django.contrib.auth import get_user_model

    from obligations.models import (
        AnnualReport,
        Consultation,
        DeskDocument,
        Evidence,
    )
    from registry.models import Desk, Location, ServiceArea

    user = get_user_model().objects.create(username="bench-loket")
    desks = list(Desk.objects.all())
    served = {}
    for desk_id, municipality_id in ServiceArea.objects.valid_on(today).values_list(
        "desk_id", "municipality_id"
    ):
        served.setdefault(municipality_id, []).append(desk_id)
    locations, providers = {}, {}
    for pk, organisation_id, municipality_id in Location.objects.filter(
        licence_status="active"
    ).values_list("pk", "organisation_id", "municipality_id"):
        for desk_id in served.get(municipality_id, ()):
            locations.setdefault(desk_id, []).append(pk)
            providers.setdefault(desk_id, set()).add(organisation_id)

    day = min(today, datetime.date(year, 3, 15))
    consultations = Consultation.objects.bulk_create(
        Consultation(desk=desk, date=day, kind="cooperation", subject="Overleg", recorded_by=user)
        for desk in desks
    )
    invitees = []
    for consultation in consultations:
        invited = sorted(providers.get(consultation.desk_id, ()))
        if rng.random() < 0.2 and invited:
            invited = invited[: max(0, len(invited) - rng.randint(1, 3))]
        invitees += [
            Consultation.invitees.through(consultation_id=consultation.pk, organisation_id=org)
            for org in invited
        ]
    Consultation.invitees.through.objects.bulk_create(invitees, batch_size=2000)

    def evidence(desk_id, description, consultation=None):
        return Evidence(
            desk_id=desk_id,
            consultation=consultation,
            description=description,
            file=f"evidence/bench/{rng.getrandbits(64):016x}",
            original_name=f"{description}.pdf",
            content_type="application/pdf",
            size=1000,
            sha256="0" * 64,
            uploaded_by=user,
        )

    Evidence.objects.bulk_create(
        evidence(c.desk_id, "Verslag", c) for c in consultations if rng.random() < 0.85
    )
    files = Evidence.objects.bulk_create(evidence(d.pk, "Procedure") for d in desks)
    documents = []
    for desk, file in zip(desks, files, strict=True):
        if rng.random() < 0.9:
            documents.append(
                DeskDocument(
                    desk=desk,
                    kind="procedure",
                    version=1,
                    adopted_on=datetime.date(year, 1, 10),
                    lok_advice_on=datetime.date(year, 1, 5) if rng.random() < 0.8 else None,
                    evidence=file,
                    recorded_by=user,
                )
            )
        if rng.random() < 0.8:
            documents.append(
                DeskDocument(
                    desk=desk,
                    kind="agreements",
                    version=1,
                    adopted_on=datetime.date(year, 1, 10),
                    communicated_on=datetime.date(year, 1, 20),
                    evidence=file,
                    recorded_by=user,
                )
            )
    documents = DeskDocument.objects.bulk_create(documents)
    recipients = []
    for document in documents:
        if document.kind == "agreements":
            sent = locations.get(document.desk_id, [])
            if rng.random() < 0.3:
                sent = sent[: max(0, len(sent) - 2)]
            recipients += [
                DeskDocument.recipients.through(deskdocument_id=document.pk, location_id=pk)
                for pk in sent
            ]
    DeskDocument.recipients.through.objects.bulk_create(recipients, batch_size=2000)

    reports = AnnualReport.objects.bulk_create(
        AnnualReport(
            desk=desk,
            year=year - 1,
            state="shared",
            shared_on=datetime.date(year, 4, 1) if today >= datetime.date(year, 4, 1) else None,
        )
        for desk in desks
        if rng.random() < 0.6
    )
    report_recipients = [
        AnnualReport.recipients.through(annualreport_id=report.pk, organisation_id=org)
        for report in reports
        for org in providers.get(report.desk_id, ())
    ]
    AnnualReport.recipients.through.objects.bulk_create(report_recipients, batch_size=2000)


def page_timer(client, url, params):
    def get():
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code
        return response

    return get


def main():
    run_on_throwaway_database(run, parse_args())


def run(args, connection):
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from obligations.models import Compliance
    from obligations.services import compliance
    from registry import demo
    from registry.models import Desk, Location
    from supervision import roles

    today = timezone.localdate()
    year = today.year
    rng = random.Random(20250114)
    started = time.perf_counter()
    summary = demo.build_demo()
    make_records(year, today, rng)
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}); demo registry and "
        f"records for {year} built in {time.perf_counter() - started:.1f} s: "
        f"{summary.desks} desks, {summary.locations} locations"
    )

    start = time.perf_counter()
    first = compliance.recompute_all(year)[str(year)]
    cold = time.perf_counter() - start
    best, median, again = timed(lambda: compliance.recompute_all(year)[str(year)], args.repeat)
    rows = Compliance.objects.filter(year=year).count()
    print(f"recompute_all({year}), {rows} rows:")
    print(f"  first run (every row and history row written) {cold:7.3f} s  {first}")
    print(f"  again, nothing changed                          {best:7.3f} s  ({median:.3f} s)")
    assert again["created"] == again["updated"] == 0, again

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create(username="bench-klantenbeheerder")
    user.groups.add(Group.objects.get(name=roles.group_name(roles.CLIENT_MANAGER)))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    pages = [
        (
            "desk matrix, every desk on one page",
            reverse("obligations:compliance-matrix"),
            {"year": year, "per_page": "all"},
        ),
        (
            "desk matrix, not met D1",
            reverse("obligations:compliance-matrix"),
            {"year": year, "obligation": "D1", "status": "not_met"},
        ),
        ("baseline: registry desk list (50)", reverse("registry:desk-list"), {}),
        ("location matrix (50 per page)", reverse("obligations:compliance-location-matrix"), {}),
        ("baseline: registry location list (50)", reverse("registry:location-list"), {}),
    ]
    print(
        f"pages (best of {args.repeat}, median in brackets), target desk matrix < {TARGET_MS} ms:"
    )
    for label, url, params in pages:
        get = page_timer(client, url, params)
        get()  # warm: templates compiled, session cached
        best, median, response = timed(get, args.repeat)
        with CaptureQueriesContext(connection) as queries:
            get()
        rows = response.content.count(b'<th scope="row"><a ')
        shown = f", {rows} rows" if rows else ""
        print(
            f"  {label:<40} {best * 1000:7.1f} ms ({median * 1000:.1f} ms)  "
            f"{len(queries)} queries{shown}"
        )
    best, median, desks = timed(lambda: list(Desk.objects.all()), args.repeat)
    print(
        f"  {'baseline: list(Desk.objects.all())':<40} {best * 1000:7.1f} ms ({median * 1000:.1f} ms)"
    )
    print(f"  ({len(desks)} desks, {Location.objects.count()} locations)")


if __name__ == "__main__":
    main()
