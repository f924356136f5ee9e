from django.shortcuts import render
from django.utils import timezone

from registry.models import Desk, Location

from . import access
from .roles import ROLES, user_roles


def home(request):
    """The home page: what the signed-in user's role works with."""
    user = request.user
    roles = user_roles(user)
    context = {
        "role_labels": [ROLES[role][0] for role in roles],
        "my_desks": Desk.objects.filter(staff=user),
        "my_municipalities": user.municipalities.valid_on(timezone.localdate()).order_by("name"),
        "sees_everything": access.sees_everything(user),
    }
    if user.has_perm("obligations.view_compliance"):
        # The desk portal: each of the user's desks with its obligations this year.
        from obligations.portal import desk_portal

        context["desk_portals"] = desk_portal(user)
    if context["sees_everything"]:
        context["desk_count"] = Desk.objects.count()
        context["location_count"] = Location.objects.count()
    if user.has_perm("cases.handle_case"):
        from cases.queries import my_cases

        context["my_cases"] = my_cases(user)
    elif user.has_perm("cases.view_case") and not context["sees_everything"]:
        from cases.queries import cases_concerning

        context["cases_concerning"] = cases_concerning(user)
    return render(request, "home.html", context)
