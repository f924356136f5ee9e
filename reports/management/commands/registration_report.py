"""python manage.py registration_report --year 2022 [--province LABEL] [--format table|csv|xlsx]
[--table SLUG] [--output FILE]

The registration figures of a year per province (or, with ``--province``, its desks one by one),
with the caveats, exactly as the page ``/cijfers/registraties/`` shows them to management.
"""

from django.core.management.base import CommandError

from registry.models import Province
from reports.commands import ReportCommand
from reports.registration import registration_report


class Command(ReportCommand):
    help = (
        "Print or write the registration figures of a year (annual reports of the desks with "
        "registrations for the full year), per province or for one province by desk."
    )

    def add_report_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--province", help="report label of a province (e.g. Limburg, BHG): its desks"
        )

    def build(self, options):
        province = None
        if options.get("province"):
            label = options["province"]
            province = Province.objects.filter(report_label__iexact=label).first()
            if province is None:
                labels = ", ".join(Province.objects.values_list("report_label", flat=True))
                raise CommandError(f"Unknown province {label!r} (choose from: {labels}).")
        return registration_report(options["year"], province=province)
