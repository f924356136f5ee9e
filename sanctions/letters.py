"""The letter of each step of an enforcement track, as the party receives it: printable HTML
(``sanctions/letter.html`` with the print stylesheet of ``static/css/app.css``).

A letter holds Opgroeien's sender block, the place and date, the party's name and address where
the registry knows one, the subject with the case and track numbers, what the step says (the
formal notice, the intended measure, the invitation to be heard, the decision with its grounds,
the outcome of an objection, the closure), the facts, the legal basis (each obligation concerned
from the catalogue, with the enforcement decree the procedure follows), the measure and the
deadline. It is written in the product's language, whatever the language of the page: the party
reads Dutch.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from obligations.models import Obligation

from .common import product_language
from .measures import TrackKind
from .models import StepKind


@dataclass
class Letter:
    language: str
    sender: tuple
    place_and_date: str
    recipient: list
    references: list  # (label, value)
    subject: str
    salutation: str
    opening: list  # paragraphs
    measure: tuple | None  # (label, text)
    grounds: str
    deadline: tuple | None  # (label, date as text)
    facts: str
    legal_basis: list
    closing: list
    signature: list
    concerning: list = field(default_factory=list)  # the locations, with their addresses


def _date(value):
    return date_format(value, "j F Y")


def _address(location):
    place = f"{location.postal_code} {location.city}".strip()
    return ", ".join(part for part in (location.name, location.street, place) if part)


def _recipient(track, locations):
    """The party and what the registry knows of how to reach it."""
    if track.kind == TrackKind.SUBSIDY:
        desk = track.desk
        lines = [desk.name, _("Operated by %(operator)s") % {"operator": desk.operator.name}]
        email = desk.operator.email
    else:
        provider = track.case.about_organisation
        lines = [
            provider.name,
            _("Enterprise number %(number)s") % {"number": provider.enterprise_number_display},
        ]
        email = provider.email
        if len(locations) == 1 and locations[0].street:
            location = locations[0]
            lines += [location.street, f"{location.postal_code} {location.city}".strip()]
    if email:
        lines.append(email)
    return lines


def _legal_basis(track):
    """The obligations the case's signals name, with their legal basis from the catalogue, and
    the decree the enforcement procedure follows."""
    obligations = Obligation.objects.filter(signals__case=track.case_id).distinct()
    lines = [
        f"{obligation.code} – {obligation.title}: {obligation.legal_basis}"
        for obligation in obligations.order_by("code", "-valid_from")
    ]
    lines.append(_("The enforcement procedure follows the Handhavingsbesluit of 11 December 2015."))
    return lines


def _opening(step):
    track = step.track
    if step.kind == StepKind.FORMAL_NOTICE:
        return [
            _(
                "Opgroeien found that you do not meet the obligations below. We formally ask you "
                "to put this right by the deadline below."
            ),
            _(
                "If you do not, Opgroeien can announce an enforcement measure. You will be heard "
                "before any measure is decided."
            ),
        ]
    if step.kind == StepKind.INTENDED_DECISION:
        return [
            _(
                "The shortfall described in our formal notice was not put right. Opgroeien "
                "intends to take the measure below."
            ),
            _(
                "Before we decide, you can respond in writing or ask to be heard, until the "
                "deadline below."
            ),
        ]
    if step.kind == StepKind.HEARING:
        return [
            _(
                "Opgroeien invites you to be heard on the intended measure below: send us your "
                "written response, or let us know you want a hearing talk, by the deadline below."
            )
        ]
    if step.kind == StepKind.DECISION:
        return [
            _("After the hearing procedure, Opgroeien decided to take the measure below."),
            _("You can lodge an objection against this decision with Opgroeien."),
        ]
    if step.kind == StepKind.OBJECTION_DECISION:
        lodged = _date(step.objection.lodged_on) if step.objection_id else ""
        return [
            _("Opgroeien decided on your objection of %(date)s against decision %(decision)s.")
            % {"date": lodged, "decision": step.decision.number if step.decision_id else ""}
        ]
    return [
        _(
            "Opgroeien closes the enforcement procedure of track %(track)s without a measure, "
            "for the reason below."
        )
        % {"track": track.number}
    ]


MEASURE_LABELS = {
    StepKind.INTENDED_DECISION: gettext_lazy("Intended measure"),
    StepKind.HEARING: gettext_lazy("Intended measure"),
    StepKind.DECISION: gettext_lazy("Measure"),
    StepKind.OBJECTION_DECISION: gettext_lazy("Outcome"),
    StepKind.CLOSURE: gettext_lazy("Reason"),
}

DEADLINE_LABELS = {
    StepKind.FORMAL_NOTICE: gettext_lazy("Put right by"),
    StepKind.INTENDED_DECISION: gettext_lazy("Respond or ask to be heard by"),
    StepKind.HEARING: gettext_lazy("Respond or ask to be heard by"),
    StepKind.DECISION: gettext_lazy("Due date"),
}


def _signer(step):
    user = step.decision.reviewed_by if step.kind == StepKind.DECISION else step.created_by
    return (user.get_full_name() or user.username) if user else ""


def build_letter(step, locations=None):
    """The letter of ``step`` (a ``TrackStep`` with its track, case and party), in the product's
    language. ``locations``: the track's locations, when already fetched."""
    track = step.track
    locations = list(track.locations.all()) if locations is None else locations
    with product_language():
        measure_label = MEASURE_LABELS.get(step.kind)
        deadline_label = DEADLINE_LABELS.get(step.kind)
        return Letter(
            language=settings.LANGUAGE_CODE,
            sender=tuple(settings.LETTER_SENDER),
            place_and_date=(
                f"{settings.LETTER_PLACE}, {_date(timezone.localtime(step.created_at))}"
            ),
            recipient=_recipient(track, locations),
            concerning=[_address(location) for location in locations],
            references=[
                (_("Case"), track.case.number),
                (_("Enforcement track"), track.number),
                *([(_("Decision"), step.decision.number)] if step.decision_id else []),
            ],
            subject=_("%(step)s – case %(case)s, enforcement track %(track)s")
            % {
                "step": capfirst(step.get_kind_display()),
                "case": track.case.number,
                "track": track.number,
            },
            salutation=_("Dear Sir or Madam,"),
            opening=_opening(step),
            measure=(str(measure_label), step.summary) if measure_label else None,
            grounds=step.decision.grounds
            if step.kind == StepKind.DECISION and step.decision_id
            else "",
            deadline=(str(deadline_label), _date(step.deadline))
            if deadline_label and step.deadline
            else None,
            facts=track.facts,
            legal_basis=_legal_basis(track),
            closing=[
                _("For questions about this letter, mention the case number above."),
                _("Kind regards,"),
            ],
            signature=[_signer(step), _("On behalf of Opgroeien")],
        )
