"""python manage.py coverage_report --date 2023-05-31 [--format table|csv|xlsx] [--table SLUG]
[--output FILE]

Desks active and municipalities covered on a date, per province, with the caveats, exactly as
the page ``/cijfers/dekking/`` shows them.
"""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from reports.commands import ReportCommand
from reports.coverage import coverage_report


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from None


class Command(ReportCommand):
    help = "Print or write the coverage of the desks on a date (default: today), per province."

    def add_report_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")

    def build(self, options):
        date = iso_date(options["date"]) if options.get("date") else timezone.localdate()
        return coverage_report(date)
