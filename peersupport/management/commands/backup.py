from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from peersupport.backups import BackupError, back_up, database_name


class Command(BaseCommand):
    help = "Write a custom-format dump (pg_dump) of the database; restore it with restore."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the dump (default: backups/<database>-<time>.dump).",
        )

    def handle(self, *args, output: Path | None = None, **options) -> None:
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = Path("backups") / f"{database_name()}-{stamp}.dump"
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            back_up(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {output} ({output.stat().st_size:,} bytes).")
