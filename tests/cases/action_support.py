"""What the tests of the actions on a case share: the partial as a user sees it, a user with a
permission but without the scope, a desk's report and its evidence."""

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from cases.models import Channel, Signal, Source
from cases.views.actions import action_context
from obligations.models import Evidence
from supervision import roles
from tests.factories import UserFactory


def actions_html(user, case):
    """The actions partial of the case page, rendered for ``user``."""
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return render_to_string(
        "cases/includes/case_actions.html", action_context(request, case), request=request
    )


def unscoped_user_with(*perms):
    """A user holding ``perms`` (e.g. "cases.handle_case") who sees no case."""
    user = UserFactory()
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def desk_staff(desk):
    return UserFactory(role=roles.DESK_STAFF, desks=[desk])


def desk_report(case, desk):
    """A signal of ``desk`` about the case's party, joined to the case."""
    return Signal.objects.create(
        source=Source.DESK,
        channel=Channel.PORTAL,
        reported_by=desk_staff(desk),
        reporting_desk=desk,
        about_desk=case.about_desk,
        about_organisation=case.about_organisation,
        description="Het loket meldt dat de organisator niet samenwerkt.",
        case=case,
    )


def evidence_of(desk, description="Uitnodiging overleg", **values):
    """A current evidence row of ``desk`` (the file itself is not needed here)."""
    return Evidence.objects.create(
        desk=desk,
        description=description,
        file="evidence/test/bewijs.pdf",
        original_name="bewijs.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=values.pop("uploaded_by", None) or desk_staff(desk),
        **values,
    )


def case_url(case):
    return reverse("cases:case-detail", args=[case.number])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]
