"""The index of the report pages: the ones the user may open (each page's own permission)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .coverage import CoverageView
from .dashboard import DashboardView
from .registration import RegistrationView


@dataclass(frozen=True)
class Page:
    url_name: str
    title: str
    description: str
    view: type

    @property
    def permission(self):
        return self.view.permission_required


PAGES = [
    Page(
        "reports:coverage",
        _("Coverage"),
        _("Desks active and municipalities covered on a date, per province."),
        CoverageView,
    ),
    Page(
        "reports:registration",
        _("Registration figures"),
        _("Unique and unanswered childcare requests of a year, per province or by desk."),
        RegistrationView,
    ),
    Page(
        "reports:dashboard",
        _("Management dashboard"),
        _(
            "Signals per year, province, party type, obligation and source; cases per state "
            "with their age, overdue cases, outcomes and mediation; sanctions per measure."
        ),
        DashboardView,
    ),
]


def pages_for(user):
    """The report pages ``user`` may open (the navigation shows "Figures" when there is one)."""
    return [page for page in PAGES if user.has_perm(page.permission)]


def index(request):
    pages = pages_for(request.user)
    if not pages:
        raise PermissionDenied
    return render(request, "reports/index.html", {"pages": pages})


urlpatterns = [path("", index, name="index")]
