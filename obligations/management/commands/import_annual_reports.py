"""python manage.py import_annual_reports FILE [--user NAME] [--dry-run]

The same all-or-nothing import as the admin (``obligations.report_import``): a file with any bad
row imports nothing, every bad row is printed and the command exits with a non-zero status.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from obligations import report_import


class Command(BaseCommand):
    help = (
        "Import annual registration reports (one row per desk and year) from a CSV or XLSX file, "
        "all or nothing, with history rows. The format is described in docs/import-formats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--user", help="username recorded as the author of the history rows")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count, but save nothing"
        )

    def handle(self, *args, file, user=None, dry_run=False, **options):
        author = None
        if user:
            try:
                author = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(report_import.message("unknown_user", username=user)) from None
        try:
            report = report_import.import_file(file, user=author, dry_run=dry_run)
        except OSError as error:
            raise CommandError(
                report_import.message("file_not_found", file=file, reason=error.strerror)
            ) from None
        if report.refused:
            raise CommandError("\n".join([report.refusal_heading, *report.errors]))
        self.stdout.write(report.summary)
