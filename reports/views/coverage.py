"""The coverage page: desks and municipalities covered on a date (seed 000, answer 1).

Management and client managers (everyone who sees all parties) only: it is national."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..coverage import coverage_report
from ..forms import CoverageForm
from .base import ReportPageView


class CoverageView(ReportPageView):
    permission_required = "supervision.view_all_parties"
    form_class = CoverageForm
    page_title = _("Coverage")
    lead = _(
        "How many desks were active on a date, in how many of the municipalities that existed "
        "then, and how many of those are in an intermunicipal desk."
    )

    def build(self, data):
        return coverage_report(data["date"])


urlpatterns = [path("dekking/", CoverageView.as_view(), name="coverage")]
