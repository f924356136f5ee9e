"""Who sees what: the scoping rules of the whole product, in one place.

Three kinds of user:
- users with ``supervision.view_all_parties`` (client managers, enforcement leads, management,
  administrators) see everything;
- desk staff see their own desks, the locations in those desks' current service areas, and the
  organisations behind them;
- local-government users see the locations in their municipalities, the desks serving those
  municipalities, and the organisations behind them;
- a desk's records (consultations, documents, annual reports, compliance) are seen by its staff and
  by the local governments it serves; its evidence files only by its own staff;
- signals and cases: desk staff see those about or reported by their desks, local governments those
  about desks or locations in their municipalities (and the signals they reported), with the
  signals' attachments; internal case notes and notifications only users who see everything;
- local-government advice: the local government of its municipality (and users who see everything);
- enforcement tracks: desk staff see those against their own desks (approved decisions only);
  local governments none.

Every scoped model's queryset has ``for_user(user)``, which calls ``scope`` below. Each rule is a
filter with subqueries, so it is one query whatever the number of desks or municipalities a user
holds. Views fetch through ``for_user``: an object outside the scope is simply not found (404).
"""

from django.db.models import Q
from django.utils import timezone

_RULES = {}


def rule(model_label):
    """Register the scoping rule of a model: a function (user, today) -> Q."""

    def register(func):
        _RULES[model_label] = func
        return func

    return register


def sees_everything(user):
    return user.is_active and (user.is_superuser or user.has_perm("supervision.view_all_parties"))


def scope(queryset, user):
    """The part of ``queryset`` that ``user`` may see."""
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_everything(user):
        return queryset
    label = queryset.model._meta.label
    try:
        make_filter = _RULES[label]
    except KeyError:
        raise LookupError(
            f"No scoping rule for {label}; add one in supervision/access.py"
        ) from None
    return queryset.filter(make_filter(user, timezone.localdate()))


# The building blocks: the user's desks and municipalities, as subqueries.


def _own_desk_ids(user):
    from registry.models import Desk

    return Desk.objects.filter(staff=user).values("pk")


def _own_municipality_ids(user):
    from registry.models import Municipality

    return Municipality.objects.filter(officials=user).values("pk")


def _served_municipality_ids(user, today):
    """Municipalities in the current service areas of the user's desks."""
    from registry.models import ServiceArea

    return ServiceArea.objects.valid_on(today).filter(desk__staff=user).values("municipality")


def _desk_ids_serving_own_municipalities(user, today):
    from registry.models import ServiceArea

    return ServiceArea.objects.valid_on(today).filter(municipality__officials=user).values("desk")


@rule("registry.Desk")
def _desk_rule(user, today):
    return Q(pk__in=_own_desk_ids(user)) | Q(
        pk__in=_desk_ids_serving_own_municipalities(user, today)
    )


@rule("registry.Location")
def _location_rule(user, today):
    return Q(municipality__in=_served_municipality_ids(user, today)) | Q(
        municipality__in=_own_municipality_ids(user)
    )


@rule("registry.Organisation")
def _organisation_rule(user, today):
    from registry.models import Desk, Location

    visible_desks = Desk.objects.filter(_desk_rule(user, today)).values("operator")
    visible_locations = Location.objects.filter(_location_rule(user, today)).values("organisation")
    return Q(pk__in=visible_desks) | Q(pk__in=visible_locations)


# Obligations: a desk's records are seen by its own staff and by the local governments it serves;
# evidence only by the desk's own staff (and by those who see everything).


def _visible_desk_ids(user, today):
    from registry.models import Desk

    return Desk.objects.filter(_desk_rule(user, today)).values("pk")


@rule("obligations.Consultation")
@rule("obligations.DeskDocument")
@rule("obligations.AnnualReport")
def _desk_record_rule(user, today):
    return Q(desk__in=_visible_desk_ids(user, today))


@rule("obligations.Evidence")
def _evidence_rule(user, today):
    return Q(desk__in=_own_desk_ids(user))


@rule("obligations.Compliance")
def _compliance_rule(user, today):
    from registry.models import Location

    visible_locations = Location.objects.filter(_location_rule(user, today)).values("pk")
    return Q(desk__in=_visible_desk_ids(user, today)) | Q(location__in=visible_locations)


# Cases: desk staff see the cases about their desks or reported by them; local governments the
# cases about the desks serving their municipalities or about locations in them. Internal notes
# only those who see everything.


@rule("cases.Case")
def _case_rule(user, today):
    from cases.models import Case, Signal

    own_desks = _own_desk_ids(user)
    own_municipalities = _own_municipality_ids(user)
    reported = Signal.objects.filter(reporting_desk__in=own_desks).values("case")
    in_municipalities = Case.locations.through.objects.filter(
        location__municipality__in=own_municipalities
    ).values("case")
    return (
        Q(about_desk__in=own_desks)
        | Q(pk__in=reported)
        | Q(about_desk__in=_desk_ids_serving_own_municipalities(user, today))
        | Q(pk__in=in_municipalities)
    )


def _visible_case_ids(user, today):
    from cases.models import Case

    return Case.objects.filter(_case_rule(user, today)).values("pk")


@rule("cases.Signal")
def _signal_rule(user, today):
    from cases.models import Signal

    in_municipalities = Signal.locations.through.objects.filter(
        location__municipality__in=_own_municipality_ids(user)
    ).values("signal")
    return (
        Q(reported_by=user)
        | Q(reporting_desk__in=_own_desk_ids(user))
        | Q(about_desk__in=_own_desk_ids(user))
        | Q(about_desk__in=_desk_ids_serving_own_municipalities(user, today))
        | Q(pk__in=in_municipalities)
        | Q(case__in=_visible_case_ids(user, today))
    )


@rule("cases.SignalAttachment")
def _signal_attachment_rule(user, today):
    from cases.models import Signal

    return Q(signal__in=Signal.objects.filter(_signal_rule(user, today)).values("pk"))


@rule("cases.Talk")
def _talk_rule(user, today):
    return Q(case__in=_visible_case_ids(user, today))


@rule("cases.CaseNote")
@rule("cases.Notification")
def _internal_case_record_rule(user, today):
    return Q(pk__in=[])


# Advice: a local government sees the advice given for its municipalities; desks see none.


@rule("cases.Advice")
def _advice_rule(user, today):
    return Q(municipality__in=_own_municipality_ids(user))


# Sanctions: desk staff see the enforcement tracks against their own desks, read-only: their steps
# (the letters they received), their objections, and only the approved decisions (a proposal
# waiting for approval, a rejected or withdrawn one is Opgroeien's internal deliberation). Local
# governments see none: licence steps reach the public through the childcare finder export.


@rule("sanctions.EnforcementTrack")
def _track_rule(user, today):
    return Q(desk__in=_own_desk_ids(user))


@rule("sanctions.TrackStep")
def _track_step_rule(user, today):
    return Q(track__desk__in=_own_desk_ids(user))


@rule("sanctions.Decision")
def _decision_rule(user, today):
    return Q(track__desk__in=_own_desk_ids(user), state="approved")


@rule("sanctions.Objection")
def _objection_rule(user, today):
    return Q(decision__track__desk__in=_own_desk_ids(user), decision__state="approved")
