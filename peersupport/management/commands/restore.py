from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peersupport.backups import BackupError, database_name, restore


class Command(BaseCommand):
    help = (
        "Restore a dump made by backup (pg_restore, stopping at the first error). An empty or "
        "missing database is filled; one with tables is refused unless --replace is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("dump", type=Path)
        parser.add_argument(
            "--into", help="The database to restore into (default: the configured one)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Drop what the database holds and restore over it, in one transaction.",
        )

    def handle(self, *args, dump: Path, into: str | None, replace: bool, **options) -> None:
        target = into or database_name()
        try:
            restore(dump, into=target, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {dump} into {target}.")
