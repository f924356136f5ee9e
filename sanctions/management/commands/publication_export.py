"""python manage.py publication_export [--date YYYY-MM-DD] [--format table|csv|xlsx]
[--output FILE]

The enforcement steps on licences that are public on a date (default: today), for the public
childcare finder, exactly as the page ``/handhaving/publicatie/`` shows and exports them.
"""

from django.utils import timezone

from reports.commands import ReportCommand
from reports.management.commands.coverage_report import iso_date
from sanctions.publication import publication_report


class Command(ReportCommand):
    help = "Print or write the licence enforcement steps public on a date (default: today)."

    def add_report_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")

    def build(self, options):
        date = iso_date(options["date"]) if options.get("date") else timezone.localdate()
        return publication_report(date)
