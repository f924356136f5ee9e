"""python manage.py export_registry organisations|desks|locations FILE

Writes the same columns as the import takes (docs/import-formats.md), as CSV or XLSX by the
file's extension, so that an export can be edited and imported again.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry import imports, resources


class Command(BaseCommand):
    help = "Export organisations, desks or locations to a CSV or XLSX file (the import columns)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(imports.KINDS))
        parser.add_argument("file", help="a .csv or .xlsx file to write")

    def handle(self, *args, kind, file, **options):
        path = Path(file)
        extension = path.suffix.lower()
        if extension not in (".csv", ".xlsx"):
            raise CommandError(imports.message("unsupported_file", extension=extension or file))
        dataset = resources.export_dataset(kind)
        if extension == ".csv":
            # With a BOM, so that Excel reads the accents right; the import takes both.
            path.write_text(dataset.export("csv"), encoding="utf-8-sig")
        else:
            path.write_bytes(dataset.export("xlsx"))
        self.stdout.write(f"{len(dataset)} regel(s) geschreven naar {path}.")
