from django.core.management.base import BaseCommand
from django.db import transaction

from resources.models import LibraryWord, Resource, TopMatch
from resources.services import (
    refresh_library_words,
    refresh_search_vectors,
    refresh_top_matches,
)


class Command(BaseCommand):
    help = (
        "Rebuild the library's search vectors, its vocabulary for 'Did you mean?' and the best "
        "matches of its common words. Saving in the admin keeps them current; run this after "
        "bulk imports, and now and then to drop words no longer used."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            refresh_search_vectors()
            refresh_library_words()
            refresh_top_matches()
        common = TopMatch.objects.values("word").distinct().count()
        self.stdout.write(
            f"Refreshed {Resource.objects.count()} resources; "
            f"{LibraryWord.objects.count()} words in the vocabulary; "
            f"best matches kept for {common} common words."
        )
