"""Email curators how many submissions came in over the last day. Run it once a day (cron or a
systemd timer) with CURATION_EMAIL=daily."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from curation.services import send_digest


class Command(BaseCommand):
    help = "Email curators a digest of the submissions of the last 24 hours."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--hours", type=int, default=24, help="How far back to count.")

    def handle(self, *args, hours: int, **options) -> None:
        since = timezone.now() - datetime.timedelta(hours=max(1, hours))
        total = send_digest(since=since)
        self.stdout.write(f"{total} new submission{'s' if total != 1 else ''} since {since:%c}.")
