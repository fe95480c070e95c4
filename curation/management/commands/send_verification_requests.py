"""Email the contact of every listing due a check, asking whether it is still right. Run it on
a schedule (say weekly); a listing is asked again only after VERIFICATION_RESEND_DAYS."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from curation.verification import send_requests


class Command(BaseCommand):
    help = "Ask the contact of each overdue listing whether it is still right, by email."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count who would be asked; send nothing."
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        sent, failed = send_requests(today=timezone.localdate(), dry_run=dry_run)
        verb = "would be asked" if dry_run else "asked"
        self.stdout.write(f"{sent} listing{'s' if sent != 1 else ''} {verb}.")
        if failed:
            self.stderr.write(f"{failed} could not be emailed; they are asked on the next run.")
