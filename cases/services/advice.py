"""Local-government advice (DOMAIN.md section 7): one function records it.

A local-government user (``cases.add_advice``) advises on a provider, or one of its locations, in
one of the municipalities it represents (valid today). The provider must have a location in that
municipality: the registry holds no licence applications, and a provider without a location there
is outside what the local government sees. In an expansion round the advice names the round and its
year; a positive advice carries a score from 0 to ``SCORE_MAX``, a negative one none. The grounds
are required, the date cannot be in the future, and linked cases must be cases about that provider
that the user sees. Any refusal stores nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Location, Municipality

from ..models import Advice, AdviceContext, AdviceVerdict, Case
from ..models.advice import SCORE_MAX
from .common import product_language, require, save_with_history

ROUND_YEARS_AHEAD = 5  # an expansion round can be advised on a few years before it starts
FIRST_ROUND_YEAR = 2000


def own_municipalities(user):
    """The municipalities a local-government user represents, as they are today."""
    return Municipality.objects.valid_on(timezone.localdate()).filter(officials=user)


def _check_party(actor, municipality, organisation, location):
    if municipality is None or not own_municipalities(actor).filter(pk=municipality.pk).exists():
        raise PermissionDenied(_("You can give advice only for your own municipalities."))
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the provider the advice is about.")})
    if location is not None and (
        location.organisation_id != organisation.pk or location.municipality_id != municipality.pk
    ):
        raise ValidationError(
            {"location": _("Choose a location of this provider in this municipality.")}
        )
    if not Location.objects.filter(organisation=organisation, municipality=municipality).exists():
        raise ValidationError(
            {"organisation": _("This provider has no location in this municipality.")}
        )


def _check_content(*, context, verdict, score, round_name, round_year, grounds, given_on):
    errors = {}
    if context not in AdviceContext.values:
        errors["context"] = _("Choose whether the advice is for an expansion round or a licence.")
    elif context == AdviceContext.EXPANSION_ROUND:
        if not round_name:
            errors["round_name"] = _("Name the expansion round.")
        latest = timezone.localdate().year + ROUND_YEARS_AHEAD
        if round_year is None or not FIRST_ROUND_YEAR <= round_year <= latest:
            errors["round_year"] = _("Give the year of the expansion round.")
    elif round_name or round_year is not None:
        errors["round_name"] = _("Only an advice in an expansion round names a round.")
    if verdict not in AdviceVerdict.values:
        errors["verdict"] = _("Choose whether the advice is positive or negative.")
    elif verdict == AdviceVerdict.POSITIVE and (score is None or not 0 <= score <= SCORE_MAX):
        errors["score"] = _("A positive advice has a score from 0 to %(max)s.") % {"max": SCORE_MAX}
    elif verdict == AdviceVerdict.NEGATIVE and score is not None:
        errors["score"] = _("A negative advice has no score.")
    if not grounds:
        errors["grounds"] = _("Give the grounds of the advice.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date of the advice cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def _check_cases(actor, organisation, cases):
    visible = Case.objects.for_user(actor).filter(
        pk__in=[case.pk for case in cases], about_organisation=organisation
    )
    if visible.count() != len({case.pk for case in cases}):
        raise ValidationError({"cases": _("Link only cases about this provider that you see.")})


def record_advice(
    *,
    actor,
    municipality,
    organisation,
    context,
    verdict,
    grounds,
    location=None,
    score=None,
    round_name="",
    round_year=None,
    cooperation_shortfall=False,
    given_on=None,
    cases=(),
):
    """Record a local government's advice on a provider or one of its locations."""
    require(actor, "cases.add_advice", _("You may not record advice."))
    cases = list(cases)
    round_name, grounds = (round_name or "").strip(), (grounds or "").strip()
    given_on = given_on or timezone.localdate()
    _check_party(actor, municipality, organisation, location)
    _check_content(
        context=context,
        verdict=verdict,
        score=score,
        round_name=round_name,
        round_year=round_year,
        grounds=grounds,
        given_on=given_on,
    )
    if cases:
        _check_cases(actor, organisation, cases)
    with transaction.atomic():
        advice = Advice(
            municipality=municipality,
            organisation=organisation,
            location=location,
            context=context,
            round_name=round_name,
            round_year=round_year,
            verdict=verdict,
            score=score,
            grounds=grounds,
            cooperation_shortfall=bool(cooperation_shortfall),
            given_on=given_on,
            recorded_by=actor,
        )
        advice.full_clean()
        save_with_history(advice, actor, product_language(_("Advice recorded")))
        advice.cases.set(cases)
    return advice
