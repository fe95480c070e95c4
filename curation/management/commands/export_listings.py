"""Export a table as CSV in the columns import_listings takes (docs/import.md)."""

from django.core.management.base import BaseCommand

from curation.imports import export_csv
from curation.tables import TABLES


class Command(BaseCommand):
    help = "Write a table as CSV to standard output (docs/import.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("table", choices=sorted(TABLES))

    def handle(self, *args, table: str, **options) -> None:
        self.stdout.write(export_csv(table), ending="")
