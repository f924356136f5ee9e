"""The forms of the enforcement pages: opening a track, a track step, the hearing, a decision
proposal and its review, an objection and its outcome, the notification date of a step.

The forms check the input's shape only; the rules (deadlines in the future, the fields a measure
needs, four eyes) are the services', whose refusals the views show on the form. A form that
changes a state carries the state the page was rendered in (``expected_state``): a step on a
track changed meanwhile is refused.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms.actions import _reason, _text
from obligations.forms.common import DateInput, LocationChoices
from registry.models import Location

from .measures import FIELD_RULES, DecisionKind, measures_for
from .models import HearingKind
from .services.tracks import REASON_REQUIRED
from .workflow import ObjectionOutcome


def _date(label, *, up_to_today=False, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(up_to_today=up_to_today),
        help_text=help_text,
    )


class StateForm(forms.Form):
    """A form that changes a state: the state the page showed travels along."""

    expected_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("expected_state", state)


class OpenTrackForm(forms.Form):
    """The formal notice that opens a track: the facts, the deadline to put things right and,
    on a licence track, the provider's locations it is about."""

    locations = LocationChoices(
        label=_("Locations"),
        queryset=Location.objects.none(),
        required=False,
        help_text=_("The locations of the provider the licence track is about."),
    )
    facts = _text(
        _("Facts"),
        rows=6,
        help_text=_("What the provider or the desk must put right; the formal notice says it."),
        required_message=_("Describe the facts the formal notice is about."),
    )
    notice_deadline = _date(
        _("Put right by"), help_text=_("The deadline of the formal notice, in the future.")
    )
    reason = _reason(False)

    def __init__(self, *args, case, licence, **kwargs):
        super().__init__(*args, **kwargs)
        if licence:
            self.fields["locations"].queryset = Location.objects.filter(
                organisation_id=case.about_organisation_id
            ).select_related("municipality")
            self.initial.setdefault("locations", [loc.pk for loc in case.locations.all()])
        else:
            del self.fields["locations"]
        self.initial.setdefault("facts", "\n\n".join(s.description for s in case.signals.all()))


class TrackStepForm(StateForm):
    """A step of the track: the intended measure and the response deadline where the step
    announces or revises the intended decision, and the reason (required where the step needs
    one)."""

    def __init__(self, *args, track, name, **kwargs):
        super().__init__(*args, state=track.state, **kwargs)
        if name in ("announce_intention", "revise_intention"):
            self.fields["intended_measure"] = forms.ChoiceField(
                label=_("Intended measure"),
                choices=[("", "–"), *measures_for(track.kind, with_no_measure=False)],
                error_messages={"required": _("Name the intended measure.")},
            )
            self.fields["details"] = _text(
                _("Intended measure in detail"),
                required=False,
                help_text=_("For example the amount, the period or what changes in the licence."),
            )
            self.fields["response_deadline"] = _date(
                _("Respond by"),
                help_text=_(
                    "The party can respond to the intended decision or ask to be heard until then."
                ),
            )
            if name == "revise_intention":
                self.initial.setdefault("intended_measure", track.intended_measure)
        self.fields["reason"] = _reason(name in REASON_REQUIRED)


class HearingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How the party was heard"), choices=HearingKind.choices, widget=forms.RadioSelect
    )
    held_on = _date(_("Heard on"), up_to_today=True)
    summary = _text(
        _("Summary of the hearing"),
        rows=6,
        required_message=_("Summarise what the party said, or that it did not respond."),
    )

    def __init__(self, *args, track, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("kind", track.hearing_kind or None)
        self.initial.setdefault("held_on", track.hearing_on or timezone.localdate())
        self.initial.setdefault("summary", track.hearing_summary)


class DecisionForm(forms.Form):
    """A proposed decision: the measure, the fields that measure has (each field says which
    measures have it; the others stay empty) and the grounds."""

    kind = forms.ChoiceField(label=_("Measure"))
    amount = forms.DecimalField(
        label=_("Amount (euro)"), required=False, max_digits=12, decimal_places=2, min_value=0
    )
    due_date = _date(_("Due date"), required=False)
    starts_on = _date(_("From"), required=False)
    ends_on = _date(_("Until"), required=False)
    grounds = _text(_("Grounds"), rows=6, required_message=_("Give the grounds of the decision."))

    def __init__(self, *args, track, **kwargs):
        super().__init__(*args, **kwargs)
        measures = measures_for(track.kind)
        self.fields["kind"].choices = [("", "–"), *measures]
        self.initial.setdefault("kind", track.intended_measure)
        offered = {value for value, _label in measures}
        for field in FIELD_RULES:
            kinds = [k for k in FIELD_RULES[field][1] if k in offered]
            self.fields[field].help_text = _("Only for: %(measures)s.") % {
                "measures": ", ".join(str(DecisionKind(k).label) for k in kinds)
            }


class ReviewForm(StateForm):
    """Approve, reject or withdraw a decision: the reason (required to reject or withdraw)."""

    def __init__(self, *args, decision, name, **kwargs):
        super().__init__(*args, state=decision.state, **kwargs)
        self.fields["reason"] = _reason(name != "approve")


class ObjectionForm(StateForm):
    lodged_on = _date(_("Lodged on"), up_to_today=True)
    grounds = _text(
        _("Grounds of the objection"),
        rows=6,
        required_message=_("Give the grounds of the objection."),
    )


class ObjectionDecisionForm(StateForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (ObjectionOutcome.UPHELD.value, ObjectionOutcome.UPHELD.label),
            (ObjectionOutcome.REJECTED.value, ObjectionOutcome.REJECTED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the objection is upheld or rejected.")},
    )
    decided_on = _date(_("Decided on"), up_to_today=True)
    grounds = _text(
        _("Grounds of the outcome"), rows=6, required_message=_("Give the grounds of the outcome.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("decided_on", timezone.localdate())


class NotificationForm(forms.Form):
    notified_on = _date(
        _("Party notified on"),
        up_to_today=True,
        help_text=_("On a licence track the step becomes public three days later."),
    )


class PublicationForm(forms.Form):
    """The date of the childcare finder's export (today without one)."""

    date = forms.DateField(
        label=_("Public on or before"),
        widget=DateInput(),
        help_text=_("The licence steps that are public on this date."),
    )

    @classmethod
    def defaults(cls):
        return {"date": timezone.localdate().isoformat()}
