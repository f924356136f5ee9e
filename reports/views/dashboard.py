"""The management dashboard: signals, cases, outcomes and sanctions of a year, nationally or for
one province, each figure a table with its bar chart (``reports.dashboard``).

Management and client managers (everyone who sees all parties) only: it is national."""

from django import forms
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cases.models import Signal
from registry.models import Province

from ..dashboard import dashboard_report
from .base import ReportPageView


def first_signal_year():
    """The year of the first signal recorded: there are no figures before it."""
    first = Signal.objects.order_by("received_on").values_list("received_on", flat=True).first()
    return first.year if first else timezone.localdate().year


class DashboardForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        help_text=_("Signals received and cases opened in this year."),
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.all(),
        required=False,
        empty_label=_("All provinces"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        first = min(first_signal_year(), this_year)
        self.fields["year"].choices = [
            (year, str(year)) for year in range(this_year, first - 1, -1)
        ]

    @classmethod
    def defaults(cls):
        return {"year": str(timezone.localdate().year)}


class DashboardView(ReportPageView):
    permission_required = "supervision.view_all_parties"
    form_class = DashboardForm
    template_name = "reports/dashboard.html"
    page_title = _("Management dashboard")
    lead = _(
        "Signals received, cases opened with their state, age and outcome, cooperation obtained "
        "thanks to mediation, and sanctions: nationally or for one province."
    )

    def build(self, data):
        return dashboard_report(data["year"], province=data["province"])

    def row_link(self, key, data):
        """A year or a province row opens the dashboard for it."""
        kind, value = key
        if kind not in ("year", "province"):
            return super().row_link(key, data)
        params = {
            "year": data["year"],
            "province": data["province"].pk if data["province"] else None,
        }
        params[kind] = value
        return "?" + urlencode({name: v for name, v in params.items() if v is not None})


urlpatterns = [path("dashboard/", DashboardView.as_view(), name="dashboard")]
