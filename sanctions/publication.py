"""The export for the public childcare finder (Kinderopvangzoeker): the enforcement steps on
licences that are public on a date, one row per step and location.

A licence step becomes public three days after the provider was notified of it
(``TrackStep.public_on``); subsidy steps are never published. The export is a ``reports`` report
(one table), so the page, the CSV and XLSX downloads and ``manage.py publication_export`` share
the reports' renderers. Its text is in the product's language, whatever the page's.

What a row shows **(choice)**: the location's file number and name, the provider, the step, the
measure where the step names one (the decision's measure; the intended measure the letter
announced for an intended decision or an invitation to be heard; none for a formal notice or a
closure, whose letters hold facts and reasons that are not for the public), the date the
provider was notified and the date the step became public.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from registry.models import Location
from reports.tables import TEXT, Column, Report, Row, Table

from .common import product_language
from .models import StepKind, TrackStep

SHOWS_SUMMARY = (StepKind.INTENDED_DECISION, StepKind.HEARING)


def _measure(step):
    if step.decision_id:
        measure = step.decision.measure
        if step.kind == StepKind.OBJECTION_DECISION and step.objection_id:
            outcome = step.objection.get_outcome_display()
            return _("%(measure)s (objection %(outcome)s)") % {
                "measure": measure,
                "outcome": outcome,
            }
        return measure
    if step.kind in SHOWS_SUMMARY:
        return step.summary
    return ""


def public_steps(date):
    """The licence steps public on ``date`` with their track's locations, by publication date."""
    locations = Location.objects.select_related("organisation").order_by("file_number")
    return (
        TrackStep.objects.public_on(date)
        .select_related("track", "decision", "objection")
        .prefetch_related(Prefetch("track__locations", queryset=locations))
        .order_by("public_on", "track__number", "pk")
    )


def publication_report(date):
    """The report of the licence steps public on ``date``."""
    with product_language():
        rows = [
            Row(
                label=location.file_number,
                values=[
                    location.name,
                    location.organisation.name,
                    str(step.get_kind_display()),
                    _measure(step),
                    step.notified_on.isoformat(),
                    step.public_on.isoformat(),
                ],
                key=("location", location.pk),
            )
            for step in public_steps(date)
            for location in step.track.locations.all()
        ]
        columns = [
            Column(str(label), TEXT)
            for label in (
                _("Location"),
                _("Provider"),
                _("Step"),
                _("Measure"),
                _("Notified on"),
                _("Public from"),
            )
        ]
        table = Table(
            slug="stappen",
            title=_("Public enforcement steps"),
            label_column=_("File number"),
            columns=columns,
            rows=rows,
            sheet_name=_("Enforcement steps"),
        )
        return Report(
            title=_("Enforcement on licences for the childcare finder, %(date)s")
            % {"date": date_format(date, "d/m/Y")},
            file_name=f"kinderopvangzoeker-handhaving-{date.isoformat()}",
            parameters=[(_("Public on or before"), date_format(date, "d/m/Y"))],
            tables=[table],
            caveats=[
                _("Only licence tracks: steps on a desk's subsidy are not published."),
                _("A step is public three days after the provider was notified of it."),
                _("A step on several locations has a row per location."),
            ],
            computed_at=timezone.now(),
        )
