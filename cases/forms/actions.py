"""The forms of the actions on a case: a workflow step, assignment, a note, a deadline extension,
a talk and the check of the desk's efforts.

The forms check the input's shape only; the business rules (guards, "a finding or evidence",
"days or a date") are the services', whose refusals the views show on the form.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from obligations.forms.common import DateInput

from ..models import TalkParty
from ..services import HANDLE
from ..services.cases import REASON_REQUIRED, close_outcomes, desk_evidence_choices
from ..workflow import TalkOutcome


def _text(label, *, required=True, rows=3, help_text="", required_message=None):
    field = forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )
    if required_message:
        field.error_messages["required"] = required_message
    return field


def _reason(required):
    return _text(
        _("Reason"),
        required=required,
        help_text=_("Recorded in the history with your name and the time."),
        required_message=_("Give the reason for this step."),
    )


class TransitionForm(forms.Form):
    """A workflow step: the reason (required for escalation, closure and reopening), the outcome
    of a closure, the reason for skipping the talk before an escalation without a failed talk,
    and the state the page was rendered in (a step on a case changed meanwhile is refused)."""

    expected_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, case, name, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("expected_state", case.state)
        if name == "close":
            self.fields["outcome"] = forms.ChoiceField(
                label=_("Outcome"),
                choices=[("", "–"), *((o.value, o.label) for o in close_outcomes(case))],
                error_messages={"required": _("Choose the outcome of the case.")},
            )
        if (
            name == "escalate"
            and not case.talks.filter(outcome=TalkOutcome.SHORTFALL_PERSISTS).exists()
        ):
            self.fields["skip_talk_reason"] = _text(
                _("Reason for skipping the talk"),
                required=not case.talk_skip_reason.strip(),
                help_text=_("No talk in this case ended with the shortfall persisting."),
                required_message=_(
                    "Escalation without a talk needs a recorded reason for skipping the talk."
                ),
            )
            self.initial.setdefault("skip_talk_reason", case.talk_skip_reason)
        self.fields["reason"] = _reason(name in REASON_REQUIRED)


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def case_handlers():
    """The active users who may handle cases (whom a case can be assigned to)."""
    return (
        get_user_model()
        .objects.with_perm(HANDLE, is_active=True, include_superusers=False)
        .order_by("last_name", "first_name", "username")
    )


class AssignForm(forms.Form):
    assignee = UserChoice(label=_("Client manager"), queryset=None)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = case_handlers()
        self.initial.setdefault("assignee", case.assignee_id)


class NoteForm(forms.Form):
    text = _text(
        _("Text of the note"), rows=4, help_text=_("Seen only by those who see every case.")
    )


class DeadlineForm(forms.Form):
    """Extend the deadline by a number of days or to a date, with a reason."""

    days = forms.IntegerField(label=_("Extend by (days)"), required=False, min_value=1)
    until = forms.DateField(label=_("or until"), required=False, widget=DateInput())
    reason = _text(
        _("Reason for the extension"),
        rows=2,
        required_message=_("Give the reason for the extension."),
    )


class TalkForm(forms.Form):
    """A talk held with the desk or the provider."""

    held_on = forms.DateField(label=_("Date of the talk"), widget=DateInput(up_to_today=True))
    participants = _text(_("Participants"), rows=2)
    party = forms.ChoiceField(
        label=_("Talk with"), choices=TalkParty.choices, widget=forms.RadioSelect
    )
    agreed = _text(_("What was agreed"), required=False)
    remedy_by = forms.DateField(
        label=_("Shortfall remedied by"),
        required=False,
        widget=DateInput(),
        help_text=_("The date by which the shortfall must be remedied."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome of the talk"), choices=TalkOutcome.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("held_on", timezone.localdate())
        self.initial.setdefault(
            "party", TalkParty.DESK if case.about_desk_id else TalkParty.PROVIDER
        )


class EvidenceChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        obligation = f"{obj.obligation.code} {obj.year or ''}".strip() if obj.obligation else ""
        parts = [obj.desk.name, obligation, obj.description, obj.original_name]
        return " – ".join(part for part in parts if part)


class DeskEffortsForm(forms.Form):
    """The check of the desk's own efforts: its current evidence not linked yet, a finding."""

    evidence = EvidenceChoices(
        label=_("The desk's evidence"),
        queryset=None,
        required=False,
        help_text=_("Tick the evidence of the desk's own efforts you checked."),
    )
    finding = _text(
        _("Finding on the desk's efforts"),
        required=False,
        rows=4,
        help_text=_("What the check found, with or without evidence."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = (
            desk_evidence_choices(case)
            .exclude(pk__in=case.desk_evidence.values("pk"))
            .select_related("desk", "obligation")
            .order_by("desk__name", "-uploaded_at", "-pk")
        )
