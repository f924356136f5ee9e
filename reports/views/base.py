"""What every report page shares: the permission, a GET form of parameters (the defaults when
none are given), the report built from them, its downloads (``?export=csv|xlsx``, with
``&table=<slug>`` for one table) and the links of its rows."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from supervision.lists import EXPORT_FORMATS

from ..exports import export_response

ROW_LINKS = {
    "report": "obligations:report-detail",
    "desk": "registry:desk-detail",
}


class ReportPageView(PermissionRequiredMixin, TemplateView):
    """A report page. Subclasses set ``form_class`` (with a ``defaults()`` classmethod),
    ``permission_required``, ``page_title`` and ``lead``, and implement ``build(data)``."""

    template_name = "reports/report.html"
    form_class = None
    page_title = ""
    lead = ""

    def build(self, data):
        raise NotImplementedError

    def row_link(self, key, data):
        """The address a row links to, from its ``key`` (``("report", pk)``...); "" for none."""
        kind, pk = key
        return reverse(ROW_LINKS[kind], args=[pk]) if kind in ROW_LINKS else ""

    def get(self, request, *args, **kwargs):
        fields = self.form_class.base_fields
        given = any(name in request.GET for name in fields)
        params = request.GET if given else self.form_class.defaults()
        form = self.form_class(params)
        report = self.build(form.cleaned_data) if form.is_valid() else None
        export = request.GET.get("export")
        if report is not None and export in EXPORT_FORMATS:
            slug = request.GET.get("table")
            table = report.table(slug) if slug else None
            if slug and table is None:
                raise Http404
            return export_response(report, export, table)
        if report is not None:
            for table in report.tables:
                for row in table.rows:
                    row.link = self.row_link(row.key, form.cleaned_data) if row.key else ""
        query = urlencode([(name, params.get(name) or "") for name in fields if name in params])
        context = self.get_context_data(
            form=form, report=report, query=query, page_title=self.page_title, lead=self.lead
        )
        return self.render_to_response(context)
