"""The actions on an enforcement track, one page each: a workflow step, the hearing record, a
decision proposal and its approval, rejection or withdrawal, an objection and its outcome, the
date the party was notified of a step.

The track page shows them through ``track_actions``: only what the user's permissions allow, and
for a step that cannot be taken now, why. Permissions first (403), then the scope (404). The
approval of a decision is never offered to its proposer, and refused to them here too (403, with
the reason), as the service refuses it (four eyes: ``workflow.review_refusal``).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervision.fsm import label, refusal

from .. import services
from ..forms import (
    DecisionForm,
    HearingForm,
    NotificationForm,
    ObjectionDecisionForm,
    ObjectionForm,
    ReviewForm,
    TrackStepForm,
)
from ..models import Decision, EnforcementTrack, Objection, TrackStep
from ..services.decisions import DECIDE_OBJECTION, OBJECT, PROPOSE, proposal_refusal
from ..services.tracks import HANDLE, step_refusal
from ..workflow import (
    APPROVE,
    DecisionState,
    ObjectionOutcome,
    TrackState,
    review_refusal,
)
from .common import action_page, fact, get_track, refused_page, require, track_facts, track_url

S = TrackState
# name -> (permission, service, title, message when done)
REVIEWS = {
    "approve": (
        APPROVE,
        services.approve_decision,
        gettext_lazy("Approve the decision"),
        gettext_lazy("The decision was approved."),
    ),
    "reject": (
        APPROVE,
        services.reject_decision,
        gettext_lazy("Reject the decision"),
        gettext_lazy("The decision was rejected."),
    ),
    "withdraw": (
        PROPOSE,
        services.withdraw_decision,
        gettext_lazy("Withdraw the proposal"),
        gettext_lazy("The proposal was withdrawn."),
    ),
}


def leads_somewhere(track, name):
    """Whether transition ``name`` leads anywhere from the track's state (guards aside)."""
    return getattr(EnforcementTrack, name)._django_fsm.get_transition(track.state) is not None


def track_step(request, number, name):
    """A workflow step of the track: the page asks what the step needs."""
    step = services.TRACK_SERVICES.get(name)
    if step is None:
        raise Http404
    require(request.user, HANDLE)
    track = get_track(request, number)
    form = TrackStepForm(request.POST or None, track=track, name=name)
    title = label(EnforcementTrack, name)

    def run(data):
        extra = {
            key: data[key]
            for key in ("intended_measure", "details", "response_deadline")
            if key in data
        }
        step(
            track.pk,
            actor=request.user,
            reason=data["reason"],
            expected_state=data["expected_state"],
            **extra,
        )

    return action_page(
        request,
        form,
        title=title,
        run=run,
        done=_("Done: %(step)s.") % {"step": title},
        back=track_url(track),
        facts=track_facts(track),
        blocked=step_refusal(track, name),
        submit=title,
    )


def record_hearing(request, number):
    require(request.user, HANDLE)
    track = get_track(request, number)
    blocked = None
    if track.state != S.HEARING:
        blocked = _("The hearing is recorded while the track is in the hearing step.")
    return action_page(
        request,
        HearingForm(request.POST or None, track=track),
        title=_("Record the hearing"),
        run=lambda data: services.record_hearing(track.pk, actor=request.user, **data),
        done=_("The hearing was recorded."),
        back=track_url(track),
        facts=track_facts(track),
        blocked=blocked,
        submit=_("Record the hearing"),
    )


def propose_decision(request, number):
    require(request.user, PROPOSE)
    track = get_track(request, number)
    return action_page(
        request,
        DecisionForm(request.POST or None, track=track),
        title=_("Propose a decision"),
        run=lambda data: services.propose_decision(track.pk, actor=request.user, **data),
        done=_("The decision was proposed: another person must approve it."),
        back=track_url(track),
        facts=track_facts(track),
        blocked=proposal_refusal(track),
        explanation=[
            _(
                "The measure takes effect only when another person with the approval "
                "permission approves it."
            )
        ],
        submit=_("Propose the decision"),
    )


def _decision_facts(track, decision):
    return [
        *track_facts(track),
        fact(_("Decision"), decision.number),
        fact(_("Measure"), decision.measure),
        fact(_("Grounds"), decision.grounds),
        fact(_("Proposed by"), decision.proposed_by.get_full_name() or decision.proposed_by),
    ]


def review_decision(request, number, decision, name):
    """Approve, reject (both: four eyes) or withdraw a proposed decision."""
    if name not in REVIEWS:
        raise Http404
    permission, service, title, done = REVIEWS[name]
    require(request.user, permission)
    track = get_track(request, number)
    decision = get_object_or_404(
        Decision.objects.for_user(request.user).filter(track=track).select_related("proposed_by"),
        number=decision,
    )
    facts = _decision_facts(track, decision)
    back = track_url(track)
    if name != "withdraw":
        why = review_refusal(decision, request.user)
        if why:
            return refused_page(request, title=title, facts=facts, back=back, message=why)
    form = ReviewForm(request.POST or None, decision=decision, name=name)
    return action_page(
        request,
        form,
        title=title,
        run=lambda data: service(
            decision.pk,
            actor=request.user,
            reason=data["reason"],
            expected_state=data["expected_state"],
        ),
        done=done,
        back=back,
        facts=facts,
        blocked=refusal(decision, name),
        submit=title,
    )


def lodge_objection(request, number):
    require(request.user, OBJECT)
    track = get_track(request, number)
    return action_page(
        request,
        ObjectionForm(request.POST or None, state=track.state),
        title=_("Record an objection"),
        run=lambda data: services.lodge_objection(track.pk, actor=request.user, **data),
        done=_("The objection was recorded."),
        back=track_url(track),
        facts=track_facts(track),
        blocked=refusal(track, "lodge_objection"),
        submit=_("Record the objection"),
    )


def decide_objection(request, number, pk):
    require(request.user, DECIDE_OBJECTION)
    track = get_track(request, number)
    objection = get_object_or_404(
        Objection.objects.for_user(request.user)
        .filter(decision__track=track)
        .select_related("decision"),
        pk=pk,
    )
    facts = [
        *track_facts(track),
        fact(_("Decision"), objection.decision.number),
        fact(_("Measure"), objection.decision.measure),
        fact(_("Objection lodged on"), date_format(objection.lodged_on)),
        fact(_("Grounds of the objection"), objection.grounds),
    ]
    blocked = None
    if objection.outcome != ObjectionOutcome.PENDING:
        blocked = refusal(objection, "uphold")
    return action_page(
        request,
        ObjectionDecisionForm(request.POST or None, state=objection.outcome),
        title=_("Decide the objection"),
        run=lambda data: services.decide_objection(objection.pk, actor=request.user, **data),
        done=_("The objection was decided."),
        back=track_url(track),
        facts=facts,
        blocked=blocked,
        explanation=[
            _(
                "Upheld: the decision is annulled and its effect on the licence or the desk is "
                "undone."
            )
        ],
        submit=_("Decide the objection"),
    )


def record_notification(request, number, pk):
    require(request.user, HANDLE)
    track = get_track(request, number)
    step = get_object_or_404(TrackStep.objects.for_user(request.user).filter(track=track), pk=pk)
    blocked = None
    if step.notified_on is not None:
        blocked = _("The notification date of this step is already recorded.")
    return action_page(
        request,
        NotificationForm(request.POST or None),
        title=_("Record the notification date"),
        run=lambda data: services.record_notification(step.pk, actor=request.user, **data),
        done=_("The notification date was recorded."),
        back=track_url(track),
        facts=[*track_facts(track), fact(_("Step"), step.get_kind_display())],
        blocked=blocked,
        submit=_("Record the date"),
    )


def _reviews(track, decisions, user):
    """The approve, reject and withdraw actions of each proposed decision the user may act on:
    approve and reject only for another person with the approval permission, never for the
    proposer (who is told why)."""
    may_propose = user.has_perm(PROPOSE)
    reviews = []
    for decision in decisions:
        if decision.state != DecisionState.PROPOSED:
            continue
        links, note = [], None
        if user.has_perm(APPROVE):
            note = review_refusal(decision, user)
            if note is None:
                links.append(_link(track, decision, "approve", refusal(decision, "approve")))
                links.append(_link(track, decision, "reject", None))
        if may_propose:
            links.append(_link(track, decision, "withdraw", None))
        if links or note:
            reviews.append({"decision": decision, "links": links, "note": note})
    return reviews


def _link(track, decision, name, why):
    return {
        "name": name,
        "label": REVIEWS[name][2],
        "refusal": why,
        "url": reverse("sanctions:decision-review", args=[track.number, decision.number, name]),
    }


def track_actions(track, user, decisions, objections):
    """What the track page's actions show: the workflow steps the user's permissions allow from
    the current state (a link, or why not now), the hearing record, the decision proposal, the
    review of proposals and the outcome of a pending objection."""
    steps = []
    for name, step_label, why in services.transitions_for(track, user):
        if not leads_somewhere(track, name):
            continue
        if name == "lodge_objection":
            if not user.has_perm(OBJECT):
                continue
            url = reverse("sanctions:objection-lodge", args=[track.number])
        else:
            url = reverse("sanctions:track-step", args=[track.number, name])
        steps.append({"label": step_label, "refusal": why, "url": url, "name": name})
    number = track.number
    hearing_url = None
    if user.has_perm(HANDLE) and track.state == S.HEARING:
        hearing_url = reverse("sanctions:hearing", args=[number])
    proposal = None
    if user.has_perm(PROPOSE) and track.state == S.DECISION:
        proposal = {
            "url": reverse("sanctions:decision-propose", args=[number]),
            "refusal": proposal_refusal(track),
        }
    pending = []
    if user.has_perm(DECIDE_OBJECTION):
        pending = [
            reverse("sanctions:objection-decide", args=[number, objection.pk])
            for objection in objections
            if objection.outcome == ObjectionOutcome.PENDING
        ]
    return {
        "steps": steps,
        "hearing_url": hearing_url,
        "proposal": proposal,
        "reviews": _reviews(track, decisions, user),
        "objection_urls": pending,
        "notify": user.has_perm(HANDLE),
    }


urls = [
    path("<str:number>/stap/<str:name>/", track_step, name="track-step"),
    path("<str:number>/horen/", record_hearing, name="hearing"),
    path("<str:number>/beslissing/", propose_decision, name="decision-propose"),
    path(
        "<str:number>/beslissing/<str:decision>/<str:name>/",
        review_decision,
        name="decision-review",
    ),
    path("<str:number>/bezwaar/", lodge_objection, name="objection-lodge"),
    path("<str:number>/bezwaar/<int:pk>/", decide_objection, name="objection-decide"),
    path(
        "<str:number>/stappen/<int:pk>/kennisgeving/",
        record_notification,
        name="step-notification",
    ),
]
