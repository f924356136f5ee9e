"""The registration figures page: the annual reports of a year per province, or for one province
by desk (seed 000, answers 3 and 4).

Users who see all parties get the national figures; desk staff and local governments see the
figures of the desks in their scope only (``for_user``), desk by desk."""

from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from obligations.models import AnnualReport
from registry.models import Desk
from supervision import access

from ..forms import RegistrationForm
from ..registration import registration_report
from .base import ReportPageView


class RegistrationView(ReportPageView):
    permission_required = "obligations.view_annualreport"
    form_class = RegistrationForm
    page_title = _("Registration figures")
    lead = _(
        "Unique childcare requests registered by the desks with registrations for the full "
        "year, and those without an offer of care, in total and per rubric."
    )

    def build(self, data):
        user = self.request.user
        scoped = not access.sees_everything(user)
        return registration_report(
            data["year"],
            province=data["province"],
            by_desk=scoped,
            desks=Desk.objects.for_user(user),
            reports=AnnualReport.objects.for_user(user),
            scoped=scoped,
        )

    def row_link(self, key, data):
        kind, pk = key
        if kind == "province":
            return "?" + urlencode({"year": data["year"], "province": pk}) if pk else ""
        return super().row_link(key, data)


urlpatterns = [path("registraties/", RegistrationView.as_view(), name="registration")]
