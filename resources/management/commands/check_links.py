import datetime
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from resources.links import DEFAULT_CONCURRENCY, DEFAULT_PER_HOST, DEFAULT_TIMEOUT, check_links
from resources.models import LinkStatus, Resource


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Check the links of published library resources and record what was found. "
        "Broken links are reported, not treated as a failure: the command exits 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--timeout",
            type=positive_float,
            default=DEFAULT_TIMEOUT,
            help=f"Seconds to wait on each connect or read (default {DEFAULT_TIMEOUT:g}).",
        )
        parser.add_argument(
            "--concurrency",
            type=positive_int,
            default=DEFAULT_CONCURRENCY,
            help=f"Links checked at once overall (default {DEFAULT_CONCURRENCY}).",
        )
        parser.add_argument(
            "--per-host",
            type=positive_int,
            default=DEFAULT_PER_HOST,
            help=f"Links checked at once on any one host (default {DEFAULT_PER_HOST}).",
        )
        parser.add_argument(
            "--only-stale",
            type=positive_int,
            metavar="DAYS",
            help="Only links never checked or last checked more than DAYS days ago.",
        )
        parser.add_argument(
            "--slug",
            action="append",
            default=[],
            help="Only this resource (repeat for several).",
        )

    def handle(
        self,
        *args,
        timeout: float,
        concurrency: int,
        per_host: int,
        only_stale: int | None,
        slug: list[str],
        verbosity: int,
        **options,
    ) -> None:
        resources = Resource.objects.published()
        if slug:
            resources = resources.filter(slug__in=slug)
            missing = set(slug) - set(resources.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No published resource with slug {', '.join(sorted(missing))}.")
        if only_stale is not None:
            cutoff = timezone.now() - datetime.timedelta(days=only_stale)
            resources = resources.filter(
                Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=cutoff)
            )

        started = time.monotonic()
        results = check_links(
            resources=resources, timeout=timeout, concurrency=concurrency, per_host=per_host
        )
        seconds = time.monotonic() - started

        if verbosity >= 2:
            for result in results:
                if result.status != LinkStatus.OK:
                    detail = result.error or result.http_status
                    after = f" -> {result.final_url}" if result.final_url else ""
                    self.stdout.write(f"{result.status}: {result.url}{after} ({detail})")
        counts = Counter(result.status for result in results)
        summary = ", ".join(
            f"{status.value} {counts[status]}"
            for status in LinkStatus
            if status != LinkStatus.UNCHECKED
        )
        noun = "link" if len(results) == 1 else "links"
        self.stdout.write(f"Checked {len(results)} {noun} in {seconds:.1f} s: {summary}.")
