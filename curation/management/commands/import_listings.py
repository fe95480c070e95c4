"""Import a CSV file of organisations, places, listings, meetings, opening hours or resources
(docs/import.md): all or nothing, and --dry-run says what would happen without writing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curation.imports import FileProblem, import_csv
from curation.tables import TABLES


class Command(BaseCommand):
    help = "Import a CSV file (docs/import.md); every row or, at any error, none."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--table", choices=sorted(TABLES), help="The table it holds (found from its columns)."
        )

    def handle(self, *args, file: Path, dry_run: bool, table: str | None, **options) -> None:
        try:
            report = import_csv(file.read_bytes(), table=table, apply=not dry_run)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        except FileProblem as problem:
            raise CommandError(f"{file}: {problem}") from None
        for line in report.lines:
            if line.errors:
                self.stderr.write(f"line {line.line}: {' '.join(line.errors)}")
            elif line.action in ("new", "update"):
                changed = f" ({', '.join(line.changes)})" if line.changes else ""
                self.stdout.write(f"line {line.line}: {line.action} {line.key}{changed}")
        self.stdout.write(f"{report.table}: {report.summary}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} line(s) with errors; nothing was imported.")
