from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import access


def navigation(request):
    """The main navigation: only what the signed-in user may open."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": []}
    items = [(_("Home"), reverse("home"))]
    if user.has_perm("registry.view_desk"):
        items.append((_("Desks"), reverse("registry:desk-list")))
    if user.has_perm("registry.view_location"):
        items.append((_("Locations"), reverse("registry:location-list")))
    if user.has_perm("registry.view_organisation"):
        items.append((_("Organisations"), reverse("registry:organisation-list")))
    if user.has_perm("obligations.view_compliance"):
        items.append((_("Compliance"), reverse("obligations:compliance-matrix")))
    if user.has_perm("obligations.view_consultation"):
        items.append((_("Consultations"), reverse("obligations:consultation-list")))
    if user.has_perm("obligations.view_annualreport"):
        items.append((_("Annual reports"), reverse("obligations:report-list")))
    # Local governments hold the view permission but see no evidence (supervision/access.py).
    if user.has_perm("obligations.view_evidence") and (
        access.sees_everything(user) or user.has_perm("obligations.add_evidence")
    ):
        items.append((_("Evidence"), reverse("obligations:evidence-list")))
    if user.has_perm("cases.view_case"):
        items.append((_("Cases"), reverse("cases:case-list")))
    if user.has_perm("cases.view_signal"):
        items.append((_("Signals"), reverse("cases:signal-list")))
    if user.has_perm("cases.view_advice"):
        items.append((_("Advice"), reverse("cases:advice-list")))
    if user.has_perm("sanctions.view_enforcementtrack"):
        items.append((_("Enforcement"), reverse("sanctions:track-list")))
    from reports.views.index import pages_for

    if pages_for(user):
        items.append((_("Figures"), reverse("reports:index")))
    if access.sees_everything(user) and user.has_perm("registry.view_municipality"):
        items.append((_("Municipalities"), reverse("registry:municipality-list")))
    if user.is_staff:
        items.append((_("Administration"), reverse("admin:index")))
    return {"nav_items": items}
