"""The index of the report pages: the ones the user may open."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Page:
    url_name: str
    title: str
    description: str
    permission: str


PAGES = [
    Page(
        "reports:coverage",
        _("Coverage"),
        _("Desks active and municipalities covered on a date, per province."),
        "supervision.view_all_parties",
    ),
    Page(
        "reports:registration",
        _("Registration figures"),
        _("Unique and unanswered childcare requests of a year, per province or by desk."),
        "obligations.view_annualreport",
    ),
    Page(
        "reports:dashboard",
        _("Management dashboard"),
        _(
            "Signals per year, province, party type, obligation and source; cases per state "
            "with their age, overdue cases, outcomes and mediation; sanctions per measure."
        ),
        "supervision.view_all_parties",
    ),
]


def index(request):
    pages = [page for page in PAGES if request.user.has_perm(page.permission)]
    if not pages:
        raise PermissionDenied
    return render(request, "reports/index.html", {"pages": pages})


urlpatterns = [path("", index, name="index")]
