"""python manage.py signals_report --year 2022 [--format table|csv|xlsx] [--table SLUG]
[--output FILE]

The signals of a year, nationally: per year, per province, per party type, per obligation and
per source, and the cooperation obtained thanks to mediation per province (seed 000, question
5), with the caveats, as the dashboard ``/cijfers/dashboard/`` shows them.
"""

from reports.commands import ReportCommand
from reports.dashboard import signals_report


class Command(ReportCommand):
    help = (
        "Print or write the signals of a year per province, party type, obligation and source, "
        "and the cooperation obtained thanks to mediation."
    )

    def add_report_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def build(self, options):
        return signals_report(options["year"])
