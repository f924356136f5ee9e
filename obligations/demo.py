"""Fictitious obligations records on the demo registry, so that the desk portal and the compliance
matrix show a living picture.

For the demo desks (all of them at ``--scale`` 1, a sample at a smaller scale, always the Gent desk
of the demo user ``loket``), in the current and the previous year:

- consultations (cooperation, LOK, now and then another kind) whose invitees are the providers in
  the desk's service area on that day (``obligations.area``), now and then with one provider
  missing (D1 not met, with its name), attendees a subset, and minutes as evidence for most (D3);
- a procedure with or without LOK advice (D2) and agreements sent to all, or all but one, of the
  locations in the area (D4), each with its file as evidence;
- annual reports from 2019 up to last year for the subsidised desks, with figures that keep the
  rules of ``report_rules`` (per rubric in its years, unanswered <= unique <= the total): older
  years published, last year in every state from open to shared; a few desks miss a year or report
  a partial year;
- then the compliance of both years is derived (``recompute_all``) and the demo client manager
  assesses a handful of assessment obligations (D6, P1) with a reason.

Deterministic: the same seed, scale and registry give the same records. Written in bulk with
history (one "created" row per record, its many-to-many rows included); evidence files are
small generated PDF or text files, checked by ``uploads.check_upload`` and written through the
evidence storage, so downloads and SHA-256 checks work. ``wipe_obligations`` removes all of it,
files included, in an order the protected foreign keys allow.
"""

import dataclasses
import datetime
import random
from collections import Counter

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from registry.models import Desk, DeskStatus

from . import uploads
from .area import locations_in_area, providers_in_area
from .models import (
    AnnualReport,
    Compliance,
    ComplianceStatus,
    Consultation,
    ConsultationKind,
    DeskDocument,
    DocumentKind,
    Evidence,
    Obligation,
    Reminder,
    ReportFigure,
    Rubric,
    evidence_path,
)
from .rubrics import TOTAL
from .workflow import ReportState

SEED_PREFIX = "obligations"
CHANGE_REASON = "Demogegevens"
FIRST_REPORT_YEAR = 2019
SYSTEM_USERNAME = "demogegevens"
GENT_DESK = "LLKO-44021"
ASSESSOR_USERNAME = "klantenbeheerder"
DESK_USERNAME = "loket"
SUBSIDISED = (DeskStatus.SUBSIDISED, DeskStatus.SUBSIDY_SUSPENDED, DeskStatus.SUBSIDY_WITHDRAWN)
R = ReportState

SUBJECTS = [
    "Samenwerkingsafspraken en verdeling van de opvangvragen",
    "Evaluatie van de procedure voor dringende opvang",
    "Lokaal Overleg Kinderopvang: jaarplanning",
    "Opvangvragen van kwetsbare gezinnen",
    "Afspraken over verruimde openingsmomenten",
    "Terugkoppeling jaarregistratie en lokale noden",
]
ASSESSMENT_REASONS = {
    ComplianceStatus.MET: [
        "Werkingsverslag nagekeken: de vragen worden gelijkwaardig behandeld.",
        "Steekproef van opvangvragen bekeken; geen opmerkingen.",
        "Gesprek met het loket en de organisatoren: in orde.",
    ],
    ComplianceStatus.NOT_MET: [
        "Klacht van een organisator bevestigd: vragen werden niet doorgegeven.",
        "Geen zicht op de behandeling van de vragen; opvolging gevraagd.",
    ],
    ComplianceStatus.WAIVED: ["Nieuw loket in opstart: vrijgesteld voor dit jaar."],
}


@dataclasses.dataclass
class Summary:
    desks: int = 0
    consultations: int = 0
    evidence: int = 0
    documents: int = 0
    reports: int = 0
    figures: int = 0
    assessed: int = 0
    statuses: Counter = dataclasses.field(default_factory=Counter)

    def lines(self):
        statuses = ", ".join(f"{status} {n}" for status, n in sorted(self.statuses.items()))
        return [
            f"Desks with records: {self.desks}",
            f"Consultations: {self.consultations}; desk documents: {self.documents}; "
            f"evidence files: {self.evidence}",
            f"Annual reports: {self.reports} with {self.figures} figures",
            f"Compliance rows: {sum(self.statuses.values())} ({statuses}); "
            f"assessed: {self.assessed}",
        ]


def obligations_are_empty():
    return not any(
        model.objects.exists()
        for model in (Consultation, DeskDocument, AnnualReport, Evidence, Compliance, Reminder)
    )


def _m2m_history_model(model, field_name):
    return apps.get_model("obligations", f"Historical{model.__name__}_{field_name}")


def wipe_obligations():
    """Delete every consultation, desk document, annual report, evidence item (and its file),
    compliance row and reminder, with their history. The catalogue and the rubrics stay.

    Deleted without signals (a queryset ``delete`` would write a "deleted" history row per row),
    children before parents.
    """
    storage = Evidence._meta.get_field("file").storage
    names = list(Evidence.objects.values_list("file", flat=True))

    def raw_delete(queryset):
        queryset._raw_delete(queryset.db)

    m2m = [
        (Compliance, "evidence"),
        (DeskDocument, "providers_consulted"),
        (DeskDocument, "recipients"),
        (AnnualReport, "recipients"),
        (Consultation, "invitees"),
        (Consultation, "attendees"),
    ]
    with transaction.atomic():
        for model, field_name in m2m:
            _m2m_history_model(model, field_name).objects.all().delete()
            raw_delete(model._meta.get_field(field_name).remote_field.through.objects.all())
        for model in (Compliance, DeskDocument, ReportFigure, AnnualReport):
            model.history.all().delete()
            raw_delete(model.objects.all())
        Evidence.history.all().delete()
        Evidence.objects.filter(replaces__isnull=False).update(replaces=None)
        raw_delete(Evidence.objects.all())
        Consultation.history.all().delete()
        raw_delete(Consultation.objects.all())
        raw_delete(Reminder.objects.all())
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)
    return len(names)


def system_user():
    """The recorder of the demo records: an inactive user without a password."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Demo", "last_name": "gegevens", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# Generated files -------------------------------------------------------------------------------


def _ascii(text):
    return text.encode("latin-1", "replace").decode("latin-1")


def minimal_pdf(lines):
    """A small, valid one-page PDF with ``lines`` of text (offsets and xref computed)."""
    text = "BT /F1 11 Tf 56 780 Td 14 TL " + " ".join(
        "({}) '".format(_ascii(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
        for line in lines
    )
    stream = text.encode("latin-1") + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _file(name, lines):
    """(name, bytes): a PDF for a .pdf name, UTF-8 text otherwise."""
    if name.endswith(".pdf"):
        return name, minimal_pdf(lines)
    return name, ("\n".join(lines) + "\n").encode("utf-8")


# The builder -----------------------------------------------------------------------------------


def _day_between(rng, first, last):
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


class _Builder:
    def __init__(self, *, scale, seed, today, recorder, desk_user):
        self.rng = random.Random(f"{SEED_PREFIX}-{seed}")
        self.scale = scale
        self.today = today
        self.recorder = recorder
        self.desk_user = desk_user
        self.storage = Evidence._meta.get_field("file").storage
        self.obligations = {}
        self.evidence = []  # Evidence, not yet saved (files already stored)
        self.stored_names = []
        self.consultations = []  # (Consultation, invitee ids, attendee ids, minutes or None)
        self.documents = []  # (DeskDocument, provider ids, recipient ids)
        self.reports = []  # (AnnualReport, [(rubric, unique, unanswered)], recipient ids)
        self._providers = {}

    # Helpers

    def obligation(self, code, day):
        key = (code, day.year)
        if key not in self.obligations:
            self.obligations[key] = (
                Obligation.objects.valid_on(day).filter(code=code).order_by("-valid_from").first()
            )
        return self.obligations[key]

    def providers(self, desk, day):
        key = (desk.pk, day)
        if key not in self._providers:
            self._providers[key] = list(
                providers_in_area(desk, day).values_list("pk", "name").order_by("name", "pk")
            )
        return self._providers[key]

    def user_for(self, desk):
        if self.desk_user is not None and desk.code == GENT_DESK:
            return self.desk_user
        return self.recorder

    def add_evidence(self, *, desk, code, day, description, name, lines, consultation=None):
        """Check and store a generated file, and plan its Evidence row."""
        name, content = _file(name, lines)
        upload = ContentFile(content, name=name)
        checked = uploads.check_upload(upload)
        stored = self.storage.save(evidence_path(None, checked.name), upload)
        self.stored_names.append(stored)
        evidence = Evidence(
            desk=desk,
            obligation=self.obligation(code, day),
            year=day.year,
            consultation=consultation,
            description=description,
            file=stored,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=self.user_for(desk),
        )
        self.evidence.append(evidence)
        return evidence

    # Desks

    def chosen_desks(self, desks):
        desks = [d for d in desks if d.status != DeskStatus.NOT_NOTIFIED]
        if self.scale >= 1:
            return desks
        wanted = max(6, round(len(desks) * self.scale))
        chosen = set(self.rng.sample(range(len(desks)), min(wanted, len(desks))))
        return [d for i, d in enumerate(desks) if i in chosen or d.code == GENT_DESK]

    def area_start(self, desk):
        return min(
            (a.valid_from for a in desk.service_areas.all()), default=datetime.date(2019, 1, 1)
        )

    def build_desk(self, desk):
        rng = self.rng
        start = self.area_start(desk)
        gent = desk.code == GENT_DESK
        for year in (self.today.year - 1, self.today.year):
            skip = 0.06 if year < self.today.year else 0.12
            if not gent and rng.random() < skip:
                continue
            self.build_consultations(desk, year, start, gent)
        self.build_documents(desk, start, gent)
        if desk.status in SUBSIDISED:
            self.build_reports(desk, start, gent)

    def build_consultations(self, desk, year, start, gent):
        rng = self.rng
        first = max(datetime.date(year, 1, 15), start)
        last = min(datetime.date(year, 12, 15), self.today)
        if last < first:
            return
        count = rng.choice([1, 1, 2, 2, 3])
        days = sorted(_day_between(rng, first, last) for _ in range(count))
        for index, day in enumerate(days):
            providers = self.providers(desk, day)
            if not providers:
                continue
            if index == 0:
                kind = rng.choice([ConsultationKind.COOPERATION, ConsultationKind.LOK])
            else:
                kind = rng.choices(
                    [ConsultationKind.COOPERATION, ConsultationKind.LOK, ConsultationKind.OTHER],
                    weights=[4, 4, 2],
                )[0]
            invitees = [pk for pk, _name in providers]
            # Now and then a provider was forgotten (D1 not met, with its name); in Gent this year.
            forgot = gent and year == self.today.year and index == 0
            if len(invitees) > 1 and (forgot or (not gent and rng.random() < 0.12)):
                invitees.remove(rng.choice(invitees))
            attendees = [pk for pk in invitees if rng.random() < 0.65]
            consultation = Consultation(
                desk=desk,
                date=day,
                kind=kind,
                subject=rng.choice(SUBJECTS),
                recorded_by=self.user_for(desk),
            )
            minutes = gent or rng.random() < (0.88 if kind != ConsultationKind.OTHER else 0.5)
            self.consultations.append((consultation, invitees, attendees, minutes))

    def build_documents(self, desk, start, gent):
        rng = self.rng
        today = self.today
        earliest = max(start, datetime.date(2019, 3, 1))
        if gent or rng.random() < 0.88:
            versions = 2 if rng.random() < 0.3 else 1
            adopted = _day_between(rng, earliest, min(today, datetime.date(2023, 12, 31)))
            for version in range(1, versions + 1):
                advised = gent or rng.random() < 0.88 or version < versions
                advice = (
                    adopted - datetime.timedelta(days=rng.randrange(5, 60)) if advised else None
                )
                providers = self.providers(desk, adopted)
                consulted = [pk for pk, _name in providers if rng.random() < 0.5][:12]
                self.add_document(
                    desk, DocumentKind.PROCEDURE, version, adopted, advice, consulted, None, []
                )
                adopted = _day_between(rng, adopted + datetime.timedelta(days=200), today)
        if gent or rng.random() < 0.9:
            adopted = _day_between(rng, earliest, today - datetime.timedelta(days=40))
            sent = None
            recipients = []
            if gent or rng.random() < 0.95:
                sent = adopted + datetime.timedelta(days=rng.randrange(3, 30))
                recipients = list(
                    locations_in_area(desk, today).order_by("pk").values_list("pk", flat=True)
                )
                if len(recipients) > 1 and not gent and rng.random() < 0.12:
                    recipients.remove(rng.choice(recipients))
                if not recipients:
                    sent = None
            self.add_document(desk, DocumentKind.AGREEMENTS, 1, adopted, None, [], sent, recipients)

    def add_document(self, desk, kind, version, adopted, advice, consulted, sent, recipients):
        label = "Procedure" if kind == DocumentKind.PROCEDURE else "Samenwerkingsafspraken"
        code = "D2" if kind == DocumentKind.PROCEDURE else "D4"
        evidence = self.add_evidence(
            desk=desk,
            code=code,
            day=adopted,
            description=f"{label} versie {version}, vastgelegd op {adopted:%d/%m/%Y}",
            name=f"{label.lower()}-v{version}.pdf",
            lines=[
                f"{label} - {desk.name}",
                f"Versie {version}, vastgelegd op {adopted:%d/%m/%Y}",
                "Fictief document (demogegevens).",
            ],
        )
        document = DeskDocument(
            desk=desk,
            kind=kind,
            version=version,
            adopted_on=adopted,
            lok_advice_on=advice,
            communicated_on=sent,
            evidence=evidence,
            recorded_by=self.user_for(desk),
        )
        self.documents.append((document, consulted, recipients))

    def build_reports(self, desk, start, gent):
        rng = self.rng
        last_year = self.today.year - 1
        first_year = max(FIRST_REPORT_YEAR, start.year)
        places = sum(locations_in_area(desk, self.today).values_list("places", flat=True))
        size = max(10, places)
        for year in range(first_year, last_year + 1):
            if not gent and year < last_year and rng.random() < 0.04:
                continue  # a missing year
            age = last_year - year
            if age >= 2:
                state = R.PUBLISHED if rng.random() < 0.8 else R.SHARED
            elif age == 1:
                state = rng.choices([R.PUBLISHED, R.SHARED, R.VALIDATED], weights=[5, 4, 1])[0]
            elif gent:
                state = R.SUBMITTED
            else:
                state = rng.choices(
                    [R.SHARED, R.VALIDATED, R.SUBMITTED, R.RETURNED, R.OPEN, None],
                    weights=[45, 15, 20, 5, 10, 5],
                )[0]
                if state is None:
                    continue  # not even opened: the portal shows the passed deadline
            full_year = not (year == start.year and start > datetime.date(year, 1, 1))
            if not gent and rng.random() < 0.02:
                full_year = False
            self.add_report(desk, year, state, full_year, size)

    def add_report(self, desk, year, state, full_year, size):
        rng = self.rng
        report = AnnualReport(desk=desk, year=year, state=state, full_year=full_year)
        figures = []
        if state != R.OPEN:
            figures = self.figures(year, size if full_year else size // 2)
            submitted = datetime.date(year + 1, 1, 15) + datetime.timedelta(days=rng.randrange(70))
            submitted = min(submitted, self.today)
            report.submitted_at = timezone.make_aware(
                datetime.datetime.combine(submitted, datetime.time(9 + rng.randrange(8)))
            )
        if state == R.RETURNED:
            report.return_reason = (
                "De cijfers voor dringende opvang lijken onvolledig; graag nakijken."
            )
        recipients = []
        if state in (R.SHARED, R.PUBLISHED):
            shared = min(
                self.today,
                datetime.date(year + 1, 4, 1) + datetime.timedelta(days=rng.randrange(80)),
            )
            report.shared_on = shared
            recipients = [pk for pk, _name in self.providers(desk, shared)]
            if len(recipients) > 1 and rng.random() < 0.06:
                recipients.remove(rng.choice(recipients))
            if state == R.PUBLISHED:
                report.published_on = min(
                    self.today, shared + datetime.timedelta(days=rng.randrange(14, 90))
                )
        self.reports.append((report, figures, recipients))

    def figures(self, year, size):
        rng = self.rng
        total = max(5, round(size * rng.uniform(0.3, 0.7)))
        total_unanswered = round(total * rng.uniform(0.03, 0.3))
        figures = [(self.rubrics[TOTAL], total, total_unanswered)]
        for rubric in self.rubrics.values():
            if rubric.code == TOTAL or not rubric.exists_in(year):
                continue
            unique = round(total * rng.uniform(0.02, 0.25))
            unanswered = min(unique, total_unanswered, round(unique * rng.uniform(0, 0.5)))
            figures.append((rubric, unique, unanswered))
        return figures

    # Writing

    def save(self, summary):
        history = {"default_user": self.recorder, "default_change_reason": CHANGE_REASON}
        consultations = [c for c, *_rest in self.consultations]
        for consultation in consultations:
            consultation._history_user = consultation.recorded_by
        bulk_create_with_history(consultations, Consultation, batch_size=500, **history)
        for consultation, _invitees, _attendees, minutes in self.consultations:
            if minutes:
                name = f"verslag-{consultation.date:%Y-%m-%d}." + self.rng.choice(["pdf", "txt"])
                self.add_evidence(
                    desk=consultation.desk,
                    code="D3",
                    day=consultation.date,
                    description=f"Verslag van het overleg van {consultation.date:%d/%m/%Y}",
                    name=name,
                    lines=[
                        f"Verslag van het overleg van {consultation.date:%d/%m/%Y}",
                        consultation.desk.name,
                        consultation.subject,
                        "Fictief verslag (demogegevens).",
                    ],
                    consultation=consultation,
                )
        for evidence in self.evidence:
            evidence._history_user = evidence.uploaded_by
        bulk_create_with_history(self.evidence, Evidence, batch_size=500, **history)
        documents = [d for d, *_rest in self.documents]
        for document in documents:
            document.evidence_id = document.evidence.pk
            document._history_user = document.recorded_by
        bulk_create_with_history(documents, DeskDocument, batch_size=500, **history)
        reports = [r for r, *_rest in self.reports]
        bulk_create_with_history(reports, AnnualReport, batch_size=500, **history)
        figures = [
            ReportFigure(report=report, rubric=rubric, unique=unique, unanswered=unanswered)
            for report, rows, _recipients in self.reports
            for rubric, unique, unanswered in rows
        ]
        bulk_create_with_history(figures, ReportFigure, batch_size=2000, **history)

        _write_m2m(
            Consultation, "invitees", [(c.pk, i) for c, inv, *_ in self.consultations for i in inv]
        )
        _write_m2m(
            Consultation,
            "attendees",
            [(c.pk, a) for c, _i, att, _m in self.consultations for a in att],
        )
        _write_m2m(
            DeskDocument,
            "providers_consulted",
            [(d.pk, p) for d, ps, _r in self.documents for p in ps],
        )
        _write_m2m(
            DeskDocument, "recipients", [(d.pk, r) for d, _p, rs in self.documents for r in rs]
        )
        _write_m2m(
            AnnualReport, "recipients", [(r.pk, o) for r, _f, os in self.reports for o in os]
        )
        summary.consultations = len(consultations)
        summary.evidence = len(self.evidence)
        summary.documents = len(documents)
        summary.reports = len(reports)
        summary.figures = len(figures)


def _write_m2m(model, field_name, pairs):
    """Many-to-many rows, and their copies in the history of the owner's "created" row."""
    if not pairs:
        return
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(
        [through(**{owner: o, target: t}) for o, t in pairs], batch_size=2000
    )
    owners = sorted({o for o, _t in pairs})
    history_ids = {}
    for i in range(0, len(owners), 2000):
        history_ids.update(
            model.history.filter(id__in=owners[i : i + 2000]).values_list("id", "history_id")
        )
    historical = _m2m_history_model(model, field_name)
    rows = []
    for i in range(0, len(owners), 2000):
        rows += through.objects.filter(**{f"{owner}__in": owners[i : i + 2000]}).values_list(
            "id", owner, target
        )
    historical.objects.bulk_create(
        [
            historical(id=pk, history_id=history_ids[o], **{owner: o, target: t})
            for pk, o, t in rows
        ],
        batch_size=2000,
    )


def _assess(rng, summary, assessor, today):
    """A client manager's assessment of a handful of D6 (desks) and P1 (locations) rows."""
    from .services.compliance import assess

    year = today.year
    rows = list(
        Compliance.objects.filter(
            year=year,
            obligation__code__in=["D6", "P1"],
            derived=True,
            status=ComplianceStatus.PENDING,
        )
        .select_related("obligation", "desk")
        .order_by("obligation__code", "desk__code", "location_id")
    )
    desks = [r for r in rows if r.desk_id]
    locations = [r for r in rows if r.location_id]
    chosen = rng.sample(desks, min(10, len(desks))) + rng.sample(locations, min(8, len(locations)))
    gent = next((r for r in desks if r.desk.code == GENT_DESK), None)
    if gent is not None and gent not in chosen:
        chosen.append(gent)
    for row in chosen:
        if row is gent:
            status = ComplianceStatus.MET
        else:
            status = rng.choices(
                [ComplianceStatus.MET, ComplianceStatus.NOT_MET, ComplianceStatus.WAIVED],
                weights=[6, 3, 1],
            )[0]
        assess(row.pk, user=assessor, status=status, reason=rng.choice(ASSESSMENT_REASONS[status]))
        summary.assessed += 1


def build_obligations(*, scale=1.0, seed=None, today=None):
    """Write the demo obligations records onto the demo registry, derive compliance for this year
    and last year, and assess a few rows as the demo client manager (when that user exists).

    Returns a ``Summary``. The registry must hold the demo desks; the obligations tables should be
    empty (``obligations_are_empty``).
    """
    from registry.demo import SEED

    from .services.compliance import recompute_all

    if scale <= 0:
        raise ValueError("scale must be positive")
    today = today or timezone.localdate()
    User = get_user_model()
    desk_user = User.objects.filter(username=DESK_USERNAME, desks__code=GENT_DESK).first()
    assessor = User.objects.filter(username=ASSESSOR_USERNAME, is_active=True).first()
    summary = Summary()
    builder = None
    try:
        with transaction.atomic():
            builder = _Builder(
                scale=scale,
                seed=SEED if seed is None else seed,
                today=today,
                recorder=system_user(),
                desk_user=desk_user,
            )
            builder.rubrics = {r.code: r for r in Rubric.objects.order_by("position")}
            desks = builder.chosen_desks(
                list(Desk.objects.order_by("code").prefetch_related("service_areas"))
            )
            summary.desks = len(desks)
            for desk in desks:
                builder.build_desk(desk)
            builder.save(summary)
    except BaseException:
        if builder is not None:
            for name in builder.stored_names:
                builder.storage.delete(name)
        raise
    for year in (today.year - 1, today.year):
        recompute_all(year, today=today)
    if assessor is not None and assessor.has_perm("obligations.assess_compliance"):
        _assess(builder.rng, summary, assessor, today)
    summary.statuses = Counter(
        Compliance.objects.filter(year__in=[today.year - 1, today.year]).values_list(
            "status", flat=True
        )
    )
    return summary
