"""The export for the public childcare finder (``sanctions.publication``) as a report page with
its CSV and XLSX downloads: for those who see every party (it is national)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from reports.views.base import ReportPageView

from ..forms import PublicationForm
from ..publication import publication_report


class PublicationView(ReportPageView):
    permission_required = ("sanctions.view_trackstep", "supervision.view_all_parties")
    template_name = "sanctions/publication.html"
    form_class = PublicationForm
    page_title = _("Export for the childcare finder")
    lead = _(
        "The enforcement steps on licences that are public on a date: three days after the "
        "provider was notified of them."
    )

    def build(self, data):
        return publication_report(data["date"])

    def row_link(self, key, data):
        _kind, pk = key
        return reverse("registry:location-detail", args=[pk])


urls = [path("publicatie/", PublicationView.as_view(), name="publication")]
