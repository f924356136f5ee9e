"""The actions on a case: the workflow steps, assignment, talks, notes, deadline extensions and the
check of the desk's own efforts.

The case page shows them through ``action_context`` (the partial ``includes/case_actions.html``):
only what the user's permissions allow, and for a step that cannot be taken now, why. Each action
has its own page (``case_action_form.html``), which is also where a refusal is shown with the input
kept. Every change goes through ``cases.services``; a case changed by someone else meanwhile sends
the user back to the case page with a message, which then shows the current state. Cases are
fetched through ``for_user``: out of scope is 404, a missing permission 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.forms import add_service_errors

from .. import notifications
from ..forms.actions import (
    AssignForm,
    DeadlineForm,
    DeskEffortsForm,
    NoteForm,
    TalkForm,
    TransitionForm,
)
from ..models import Case, Notification
from ..services import HANDLE, CaseChanged
from ..services import cases as service
from ..services.common import check_open, state_deadline
from ..workflow import CaseState, label

S = CaseState
NOTE = "cases.add_casenote"
TEMPLATE = "cases/case_action_form.html"


def _case(request, number):
    return get_object_or_404(
        Case.objects.for_user(request.user).select_related("about_desk", "about_organisation"),
        number=number,
    )


def _to_case(case):
    return redirect("cases:case-detail", number=case.number)


def _changed(request, case):
    messages.error(request, CaseChanged().messages[0])
    return _to_case(case)


def _closed_refusal(case):
    try:
        check_open(case)
    except ValidationError as error:
        return error.messages[0]
    return None


def _page(request, case, form, *, title, run, done, blocked=None, **extra):
    """GET shows the form (or why the action cannot be taken now); POST runs ``run`` with the
    cleaned data. Success: message and back to the case page. A refusal: the page again with the
    message and the input. A case changed meanwhile: message and back to the case page."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except CaseChanged:
            return _changed(request, case)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return _to_case(case)
    context = {
        "case": case,
        "form": form,
        "title": title,
        "blocked": blocked if request.method == "GET" else None,
        **extra,
    }
    return render(request, TEMPLATE, context)


def _step_explanation(case, name):
    target = service.step_target(case, name)
    if target is None:
        return []
    lines = [
        _("The case goes from “%(from)s” to “%(to)s”.")
        % {"from": case.get_state_display(), "to": target.label}
    ]
    deadline = state_deadline(target)
    if deadline is not None:
        lines.append(_("Its new deadline is %(date)s.") % {"date": date_format(deadline)})
    if name == "reopen":
        lines.append(_("The outcome is cleared; the history keeps it."))
    return lines


def case_transition(request, number, name):
    """A workflow step: the page says what will happen and asks what the step needs."""
    step = service.TRANSITION_SERVICES.get(name)
    if step is None:
        raise Http404
    if not request.user.has_perm(service.step_permission(name)):
        raise PermissionDenied
    case = _case(request, number)
    if request.method == "POST" and request.POST.get("expected_state") != case.state:
        return _changed(request, case)
    form = TransitionForm(request.POST or None, case=case, name=name)

    def run(data):
        extra = {key: data[key] for key in ("outcome", "skip_talk_reason") if key in data}
        step(
            case.pk,
            actor=request.user,
            reason=data["reason"],
            expected_state=data["expected_state"],
            **extra,
        )

    return _page(
        request,
        case,
        form,
        title=label(name),
        run=run,
        done=_("Done: %(step)s.") % {"step": label(name)},
        blocked=service.step_refusal(case, name),
        explanation=_step_explanation(case, name),
        submit=label(name),
    )


@permission_required(HANDLE, raise_exception=True)
def case_assign(request, number):
    case = _case(request, number)
    form = AssignForm(request.POST or None, case=case)
    return _page(
        request,
        case,
        form,
        title=_("Assign the case"),
        run=lambda data: service.assign(case.pk, actor=request.user, assignee=data["assignee"]),
        done=_("The case was assigned."),
        blocked=_closed_refusal(case),
        submit=_("Assign"),
    )


@permission_required(NOTE, raise_exception=True)
def case_note(request, number):
    case = _case(request, number)
    form = NoteForm(request.POST or None)
    return _page(
        request,
        case,
        form,
        title=_("Add a note"),
        run=lambda data: service.add_note(case.pk, actor=request.user, text=data["text"]),
        done=_("The note was added."),
        submit=_("Add the note"),
    )


@permission_required(HANDLE, raise_exception=True)
def case_deadline(request, number):
    case = _case(request, number)
    form = DeadlineForm(request.POST or None)
    return _page(
        request,
        case,
        form,
        title=_("Extend the deadline"),
        run=lambda data: service.extend_deadline(
            case.pk,
            actor=request.user,
            reason=data["reason"],
            days=data["days"],
            until=data["until"],
        ),
        done=_("The deadline was extended."),
        blocked=_closed_refusal(case),
        explanation=[_current_deadline(case)],
        submit=_("Extend"),
    )


def _current_deadline(case):
    if case.deadline is None:
        return _("The case has no deadline now.")
    return _("The current deadline is %(date)s.") % {"date": date_format(case.deadline)}


@permission_required(HANDLE, raise_exception=True)
def case_talk(request, number):
    case = _case(request, number)
    form = TalkForm(request.POST or None, case=case)
    return _page(
        request,
        case,
        form,
        title=_("Record a talk"),
        run=lambda data: service.record_talk(case.pk, actor=request.user, **data),
        done=_("The talk was recorded."),
        blocked=service.talk_refusal(case),
        submit=_("Record the talk"),
    )


@permission_required(HANDLE, raise_exception=True)
def case_desk_efforts(request, number):
    """The check of the desk's own efforts: link its current evidence, write a finding."""
    case = _case(request, number)
    form = DeskEffortsForm(request.POST or None, case=case)
    linked = case.desk_evidence.select_related("desk", "obligation").order_by("pk")
    return _page(
        request,
        case,
        form,
        title=_("Check the desk's efforts"),
        run=lambda data: service.record_desk_efforts(
            case.pk, actor=request.user, finding=data["finding"], evidence=data["evidence"]
        ),
        done=_("The check of the desk's efforts was recorded."),
        blocked=_closed_refusal(case),
        explanation=[
            _(
                "Link the evidence of the desk's own efforts that you checked, or record what "
                "the check found (or both)."
            )
        ],
        linked_evidence=linked,
        submit=_("Record the check"),
    )


def action_context(request, case):
    """What the case page's actions partial needs, as ``case_actions``: the steps the user's
    permissions allow from the current state (a link to the step's page, or why it cannot be
    taken now), and the forms and links of the other actions the user may take. Users without
    those permissions get nothing."""
    user = request.user
    handles = user.has_perm(HANDLE)
    is_open = _closed_refusal(case) is None
    steps = [
        {
            "name": name,
            "label": step_label,
            "refusal": refusal,
            "url": reverse("cases:case-transition", args=[case.number, name]),
        }
        for name, step_label, refusal in service.transitions_for(case, user)
        if service.step_target(case, name) is not None
    ]
    checked = case.desk_efforts_checked_at is not None
    number = case.number
    return {
        "case_actions": {
            "case": case,
            "steps": steps,
            "assign_form": AssignForm(case=case, auto_id="assign-%s")
            if handles and is_open
            else None,
            "deadline_form": DeadlineForm(auto_id="deadline-%s") if handles and is_open else None,
            "note_form": NoteForm(auto_id="note-%s") if user.has_perm(NOTE) else None,
            "talk_url": reverse("cases:case-talk", args=[number])
            if handles and service.talk_refusal(case) is None
            else None,
            "desk_efforts_url": reverse("cases:case-desk-efforts", args=[number])
            if handles
            and is_open
            and ((case.desk_reported_provider and not checked) or case.state == S.INVESTIGATION)
            else None,
        }
    }


@require_POST
@permission_required(HANDLE, raise_exception=True)
def notification_resend(request, number, pk):
    """Send a failed notification of the case again (POST only, from the case page)."""
    case = _case(request, number)
    notification = get_object_or_404(
        Notification.objects.for_user(request.user).filter(case=case), pk=pk
    )
    try:
        notifications.resend(notification.pk, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("The notification to %(email)s will be sent again.") % {"email": notification.email},
        )
    return _to_case(case)


urls = [
    path("<str:number>/stap/<str:name>/", case_transition, name="case-transition"),
    path("<str:number>/toewijzen/", case_assign, name="case-assign"),
    path("<str:number>/gesprek/", case_talk, name="case-talk"),
    path("<str:number>/notitie/", case_note, name="case-note"),
    path("<str:number>/termijn/", case_deadline, name="case-deadline"),
    path("<str:number>/inspanningen-loket/", case_desk_efforts, name="case-desk-efforts"),
    path(
        "<str:number>/berichten/<int:pk>/opnieuw/",
        notification_resend,
        name="case-notification-resend",
    ),
]
