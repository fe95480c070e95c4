from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from peersupport.demo.load import load_demo


class Command(BaseCommand):
    help = "Load example groups, library entries and collections (safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo content even though DEBUG is off.",
        )

    def handle(self, *args, allow_production: bool = False, **options) -> None:
        if not (settings.LOAD_DEMO_CONTENT or allow_production):
            raise CommandError(
                "Demo content is not loaded when DEBUG is off. "
                "Pass --allow-production or set LOAD_DEMO_CONTENT=true if you mean it."
            )
        counts = load_demo()
        if not counts:
            self.stdout.write("The demo content is already loaded.")
            return
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded demo content: {summary}."))
