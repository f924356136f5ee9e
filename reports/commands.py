"""What the report commands share: ``--format table|csv|xlsx``, ``--table SLUG`` and
``--output FILE``.

- ``table`` (the default) prints the whole report as text: parameters, summary, every table (or
  the one asked for) and the caveats;
- ``csv`` writes one table (the first, or the one asked for) as data;
- ``xlsx`` writes a workbook: the explanation sheet with the caveats, and every table (or the one
  asked for). XLSX needs ``--output``: a workbook is not for a terminal.
"""

from django.core.management.base import BaseCommand, CommandError

from .exports import to_csv, to_text, to_xlsx

FORMATS = ("table", "csv", "xlsx")


class ReportCommand(BaseCommand):
    """Subclasses add their parameters in ``add_report_arguments`` and build the report from the
    options in ``build(options)``."""

    def add_report_arguments(self, parser):
        raise NotImplementedError

    def build(self, options):
        raise NotImplementedError

    def add_arguments(self, parser):
        self.add_report_arguments(parser)
        parser.add_argument("--format", choices=FORMATS, default="table", dest="fmt")
        parser.add_argument("--table", help="only this table (its slug, e.g. total)")
        parser.add_argument("--output", help="write to this file instead of printing")

    def handle(self, *args, fmt, table=None, output=None, **options):
        if fmt == "xlsx" and not output:
            raise CommandError("--format xlsx needs --output FILE.")
        report = self.build(options)
        chosen = None
        if table:
            chosen = report.table(table)
            if chosen is None:
                slugs = ", ".join(t.slug for t in report.tables)
                raise CommandError(f"Unknown table {table!r} (choose from: {slugs}).")
        if fmt == "xlsx":
            body = to_xlsx(report, [chosen] if chosen else None)
        elif fmt == "csv":
            body = to_csv(chosen or report.tables[0])
        else:
            body = to_text(report, [chosen] if chosen else None)
        if output:
            try:
                with open(output, "wb") as handle:
                    handle.write(body if isinstance(body, bytes) else body.encode("utf-8"))
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
            self.stderr.write(f"{report.title}: {output}")
        elif isinstance(body, bytes):
            self.stdout.write(body.decode("utf-8-sig"), ending="")
        else:
            self.stdout.write(body, ending="")
