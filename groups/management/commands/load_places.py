from django.core.management.base import BaseCommand

from groups.gazetteer import load_places


class Command(BaseCommand):
    help = "Load the ZIP code and town gazetteer that place search uses (safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Reload even when complete.")

    def handle(self, *args, force: bool = False, **options) -> None:
        written, count = load_places(force=force)
        if written:
            self.stdout.write(self.style.SUCCESS(f"Loaded {count} places."))
        else:
            self.stdout.write(f"The gazetteer is already loaded ({count} places).")
