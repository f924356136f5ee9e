"""Compliance: derive statuses from the records, and record a client manager's assessment.

Derivation (``recompute_*``) loads every fact of a year in a fixed number of queries, applies the
rules of ``obligations.compliance`` in memory and writes only the rows whose status, reason or
details changed, in bulk, each with a history row "Automatisch afgeleid" and no user. A row a
client manager assessed or waived (``derived=False``) is never overwritten by a recompute; withdrawing
the assessment hands it back to the derivation.

Other services call ``recompute_for_desk`` / ``recompute_for_location`` after their writes
(``transaction.on_commit(..., robust=True)``); the nightly task calls ``recompute_all``.
"""

import dataclasses
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from registry.models import Desk, Location, Municipality, MunicipalityMerger, ServiceArea

from .. import compliance as rules
from ..models import (
    AnnualReport,
    Compliance,
    ComplianceStatus,
    Consultation,
    Derivation,
    DeskDocument,
    DocumentKind,
    Evidence,
    Obligation,
    PartyType,
)
from .reports import report_deadline

S = ComplianceStatus
BATCH_SIZE = 2000
WRITTEN_FIELDS = ["status", "reason", "details", "derived", "updated_at"]
# What a recompute reads of the existing rows: every column but updated_at (set anew on a change).
ROW_FIELDS = [f.attname for f in Compliance._meta.concrete_fields if f.name != "updated_at"]
ASSESSED_STATUSES = (S.MET, S.NOT_MET, S.WAIVED)


def obligations_for(year):
    """The catalogue version of each code in force in ``year`` (the latest one whose validity
    overlaps the year), ordered by code: {code: Obligation}."""
    period = rules.Period(year, timezone.localdate())
    start, end = period.start, period.end
    versions = Obligation.objects.filter(valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )
    chosen = {}
    for obligation in versions.order_by("code", "valid_from"):
        chosen[obligation.code] = obligation
    return chosen


# Loading the facts ----------------------------------------------------------------------------


def _same_place():
    """Municipality id -> ids of the rows for the same place: other periods of the same NIS code,
    merger predecessors and successors (two queries)."""
    by_code = defaultdict(set)
    for pk, code in Municipality.objects.values_list("pk", "nis_code"):
        by_code[code].add(pk)
    related = defaultdict(set)
    for ids in by_code.values():
        for pk in ids:
            related[pk] |= ids - {pk}
    for old, new in MunicipalityMerger.objects.values_list("old_id", "new_id"):
        related[old].add(new)
        related[new].add(old)
    # One more step: a predecessor's other period (e.g. a 2019 row of a 2025 merger's part).
    for pk in list(related):
        for other in list(related[pk]):
            related[pk] |= related.get(other, set()) - {pk}
    return related


def _location_facts(queryset):
    return [
        rules.LocationFact(*row)
        for row in queryset.values_list(
            "pk",
            "name",
            "file_number",
            "organisation_id",
            "organisation__name",
            "municipality_id",
            "licence_status",
            "subsidy_level",
            "offer_confirmed_on",
        )
    ]


def _licence_history(locations_queryset):
    history = defaultdict(list)
    rows = (
        Location.history.filter(id__in=locations_queryset.values("pk"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "licence_status")
    )
    for pk, when, status in rows:
        history[pk].append((when, status))
    return history


def _through_ids(field, owner_queryset):
    """owner id -> frozenset of target ids, for a many-to-many field (one query)."""
    through = field.remote_field.through
    owner_name, target_name = field.m2m_field_name(), field.m2m_reverse_field_name()
    found = defaultdict(set)
    rows = through.objects.filter(**{f"{owner_name}__in": owner_queryset.values("pk")})
    for owner_id, target_id in rows.values_list(f"{owner_name}_id", f"{target_name}_id"):
        found[owner_id].add(target_id)
    return {pk: frozenset(ids) for pk, ids in found.items()}


def load_facts(year, *, desks=None, locations=None, today=None):
    """Every fact the rules need for ``year``: for the given desk and location querysets (their
    areas, the locations there, their records), or the whole country when both are None."""
    today = today or timezone.localdate()
    period = rules.Period(year, today)
    whole_country = desks is None and locations is None
    if whole_country:
        desks = Desk.objects.all()
    elif desks is None:
        desks = Desk.objects.none()
    areas = list(
        ServiceArea.objects.values_list("desk_id", "municipality_id", "valid_from", "valid_to")
    )
    same_place = _same_place()
    geography = rules.Geography(areas, same_place)

    if whole_country:
        relevant_locations = Location.objects.all()
    else:
        desk_ids = set(desks.values_list("pk", flat=True))
        places = set()
        for desk_id, municipality_id, _from, _to in areas:
            if desk_id in desk_ids:
                places |= {municipality_id, *same_place.get(municipality_id, ())}
        relevant_locations = Location.objects.filter(municipality_id__in=places)
        if locations is not None:
            relevant_locations = relevant_locations | locations
    location_facts = _location_facts(relevant_locations)
    by_municipality = defaultdict(list)
    for location in location_facts:
        by_municipality[location.municipality_id].append(location)

    consultations = Consultation.objects.filter(desk__in=desks, date__year=year)
    invitees = _through_ids(Consultation._meta.get_field("invitees"), consultations)
    with_minutes = set(
        Evidence.objects.filter(consultation__in=consultations, withdrawn_at__isnull=True)
        .order_by()
        .values_list("consultation_id", flat=True)
        .distinct()
    )
    consultation_facts = defaultdict(list)
    for pk, desk_id, date, kind in consultations.values_list("pk", "desk_id", "date", "kind"):
        consultation_facts[desk_id].append(
            rules.ConsultationFact(
                pk, date, kind, invitees.get(pk, frozenset()), pk in with_minutes
            )
        )

    documents = DeskDocument.objects.filter(desk__in=desks, adopted_on__lte=period.end)
    recipients = _through_ids(
        DeskDocument._meta.get_field("recipients"),
        documents.filter(kind=DocumentKind.AGREEMENTS),
    )
    document_facts = defaultdict(list)
    for row in documents.values_list(
        "pk", "desk_id", "kind", "version", "adopted_on", "lok_advice_on", "communicated_on"
    ):
        pk, desk_id, *rest = row
        document_facts[desk_id].append(
            rules.DocumentFact(pk, *rest, recipients.get(pk, frozenset()))
        )

    reports = AnnualReport.objects.filter(desk__in=desks, year=year - 1)
    report_recipients = _through_ids(AnnualReport._meta.get_field("recipients"), reports)
    report_facts = {
        desk_id: rules.ReportFact(
            pk, report_year, state, shared_on, report_recipients.get(pk, frozenset())
        )
        for pk, desk_id, report_year, state, shared_on in reports.values_list(
            "pk", "desk_id", "year", "state", "shared_on"
        )
    }
    operators = set(
        Location.objects.filter(
            organisation__in=desks.values("operator"), licence_status__in=rules.LICENSED
        )
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    facts = rules.Facts(
        period=period,
        geography=geography,
        licences=rules.LicenceTimeline(_licence_history(relevant_locations)),
        locations_by_municipality=by_municipality,
        consultations=consultation_facts,
        documents=document_facts,
        previous_reports=report_facts,
        operators_with_locations=operators,
        consultation_reminder=rules.month_day(settings.CONSULTATION_REMINDER_DATE, year),
        report_deadline=report_deadline(year - 1),
    )
    desk_facts = [
        rules.DeskFact(*row) for row in desks.values_list("pk", "name", "status", "operator_id")
    ]
    if whole_country:
        party_locations = location_facts
    elif locations is not None:
        wanted = set(locations.values_list("pk", flat=True))
        party_locations = [loc for loc in location_facts if loc.id in wanted]
    else:
        party_locations = []
    return facts, desk_facts, party_locations


# Recomputing ----------------------------------------------------------------------------------


@dataclasses.dataclass
class RecomputeResult:
    year: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    assessed: int = 0  # rows kept as a client manager left them

    def as_dict(self):
        return dataclasses.asdict(self)


def _recompute(year, *, desks=None, locations=None, today=None):
    """Derive and write the compliance of ``year`` for the given parties (None, None: all)."""
    year = year or (today or timezone.localdate()).year
    result = RecomputeResult(year)
    obligations = obligations_for(year)
    desk_obligations = [o for o in obligations.values() if o.party_type == PartyType.DESK]
    location_obligations = [o for o in obligations.values() if o.party_type == PartyType.PROVIDER]
    if not obligations:
        return result
    facts, desk_facts, location_facts = load_facts(
        year, desks=desks, locations=locations, today=today
    )
    wanted = {}
    for desk in desk_facts if desk_obligations else ():
        for obligation in desk_obligations:
            wanted[(obligation.pk, "desk", desk.id)] = rules.derive_for_desk(
                obligation, desk, facts
            )
    for location in location_facts if location_obligations else ():
        for obligation in location_obligations:
            wanted[(obligation.pk, "location", location.id)] = rules.derive_for_location(
                obligation, location, facts
            )
    if not wanted:
        return result

    with transaction.atomic():
        existing = Compliance.objects.select_for_update().filter(
            year=year, obligation__in=[o.pk for o in obligations.values()]
        )
        if desks is not None or locations is not None:
            existing = existing.filter(
                Q(desk_id__in=[d.id for d in desk_facts])
                | Q(location_id__in=[loc.id for loc in location_facts])
            )
        now = timezone.now()
        to_update = []
        for values in existing.order_by().values_list(*ROW_FIELDS):
            row = dict(zip(ROW_FIELDS, values, strict=True))
            party = "desk" if row["desk_id"] else "location"
            outcome = wanted.pop((row["obligation_id"], party, row[f"{party}_id"]), None)
            if outcome is None:
                continue
            if not row["derived"]:
                result.assessed += 1
                continue
            if (row["status"], row["reason"], row["details"]) == (
                outcome.status,
                outcome.reason,
                outcome.details,
            ):
                result.unchanged += 1
                continue
            # Only the rows that change become model instances (the history row copies them).
            row.update(
                status=outcome.status,
                reason=outcome.reason,
                details=outcome.details,
                updated_at=now,
            )
            changed = Compliance(**row)
            _mark_automatic(changed)
            to_update.append(changed)
        to_create = []
        for (obligation_id, party, party_id), outcome in wanted.items():
            row = Compliance(
                obligation_id=obligation_id,
                year=year,
                status=outcome.status,
                reason=outcome.reason,
                details=outcome.details,
                derived=True,
                updated_at=now,
                **{f"{party}_id": party_id},
            )
            _mark_automatic(row)
            to_create.append(row)
        if to_create:
            bulk_create_with_history(
                to_create,
                Compliance,
                batch_size=BATCH_SIZE,
                default_change_reason=rules.AUTO_REASON,
            )
        if to_update:
            bulk_update_with_history(
                to_update,
                Compliance,
                WRITTEN_FIELDS,
                batch_size=BATCH_SIZE,
                default_change_reason=rules.AUTO_REASON,
            )
    result.created, result.updated = len(to_create), len(to_update)
    return result


def _mark_automatic(row):
    """A recompute's history row: the reason "Automatisch afgeleid" and no user (not even the
    user of the request during which an after-commit recompute runs)."""
    row._change_reason = rules.AUTO_REASON
    row._history_user = None


def recompute_for_desk(desk_id, year=None, *, today=None):
    """Recompute the desk obligations (D1-D7) of one desk for ``year`` (default: this year)."""
    return _recompute(year, desks=Desk.objects.filter(pk=desk_id), today=today)


def recompute_for_location(location_id, year=None, *, today=None):
    """Recompute the provider obligations (P1-P5) of one location for ``year``."""
    return _recompute(year, locations=Location.objects.filter(pk=location_id), today=today)


def recompute_all(year=None, *, today=None):
    """Recompute every desk and location: of ``year``, or (None) of this year and the year
    before (whose pending and overdue statuses turn final once it is over). Returns a summary
    per year."""
    today = today or timezone.localdate()
    years = [year] if year else [today.year - 1, today.year]
    return {str(y): _recompute(y, today=today).as_dict() for y in years}


# Assessment -----------------------------------------------------------------------------------


def _check_assessor(user):
    if not (user and user.is_authenticated and user.has_perm("obligations.assess_compliance")):
        raise PermissionDenied(_("You may not assess or waive compliance."))


def _clean_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: it is kept in the history."), code="reason")
    return reason


def _row_for(target):
    """The Compliance id for ``target``: an id, or (obligation or code, desk or location, year);
    a row not derived yet is derived first."""
    if not isinstance(target, tuple | list):
        return target
    obligation, party, year = target
    if isinstance(obligation, str):
        obligation = obligations_for(year).get(obligation)
        if obligation is None:
            raise ValidationError(_("That obligation does not exist in that year."))
    party_field = "desk" if isinstance(party, Desk) else "location"
    lookup = {"obligation": obligation, party_field: party, "year": year}
    row = Compliance.objects.filter(**lookup).values_list("pk", flat=True).first()
    if row is None:
        if party_field == "desk":
            recompute_for_desk(party.pk, year)
        else:
            recompute_for_location(party.pk, year)
        row = Compliance.objects.filter(**lookup).values_list("pk", flat=True).first()
    if row is None:
        raise ValidationError(_("That obligation does not apply to this party."))
    return row


def assessable_statuses(compliance):
    """The statuses a client manager may give this row: met or not met only for an obligation
    established by assessment, waived for any obligation that applies; none when it does not."""
    if compliance.derived and compliance.status == S.NOT_APPLICABLE:
        return []
    if compliance.obligation.derivation == Derivation.ASSESSMENT:
        return [S.MET, S.NOT_MET, S.WAIVED]
    return [S.WAIVED]


def _evidence_for(compliance, evidence_ids):
    ids = {int(pk) for pk in evidence_ids or ()}
    if not ids:
        return []
    party = (
        Q(desk_id=compliance.desk_id)
        if compliance.desk_id
        else Q(location_id=compliance.location_id)
    )
    found = list(Evidence.objects.filter(party, pk__in=ids, withdrawn_at__isnull=True))
    if len(found) != len(ids):
        raise ValidationError(
            _("Only current evidence of this desk or location can support an assessment."),
            code="evidence",
        )
    return found


def assess(target, *, user, status, reason, evidence_ids=()):
    """Record a client manager's assessment (met / not met) or waiver of one compliance row.

    ``target`` is a Compliance id or (obligation or its code, desk or location, year). Requires
    ``obligations.assess_compliance`` and a reason; met and not met only for obligations
    established by assessment, waived for any that applies. The row is no longer derived: a
    recompute leaves it alone until the assessment is withdrawn.
    """
    _check_assessor(user)
    reason = _clean_reason(reason)
    if status not in ASSESSED_STATUSES:
        raise ValidationError(_("Choose met, not met or waived."), code="status")
    row_id = _row_for(target)
    with transaction.atomic():
        row = Compliance.objects.select_for_update().select_related("obligation").get(pk=row_id)
        allowed = assessable_statuses(row)
        if not allowed:
            raise ValidationError(
                _("This obligation does not apply to this party: there is nothing to assess."),
                code="not_applicable",
            )
        if status not in allowed:
            raise ValidationError(
                _(
                    "This obligation is derived from the records: it can only be waived, not "
                    "assessed as met or not met."
                ),
                code="derived",
            )
        evidence = _evidence_for(row, evidence_ids)
        row.status, row.reason, row.derived = status, reason, False
        row.skip_history_when_saving = True
        row.evidence.set(evidence)
        del row.skip_history_when_saving
        row._change_reason = reason
        row._history_user = user
        row.save()
    return row


def withdraw_assessment(compliance_id, *, user, reason):
    """Withdraw a client manager's assessment or waiver: the row is derived again at once."""
    _check_assessor(user)
    reason = _clean_reason(reason)
    with transaction.atomic():
        row = Compliance.objects.select_for_update().get(pk=compliance_id)
        if row.derived:
            raise ValidationError(_("There is no assessment to withdraw."), code="not_assessed")
        row.derived = True
        row._change_reason = f"Beoordeling ingetrokken: {reason}"
        row._history_user = user
        row.save()
        if row.desk_id:
            recompute_for_desk(row.desk_id, row.year)
        else:
            recompute_for_location(row.location_id, row.year)
    row.refresh_from_db()
    return row
