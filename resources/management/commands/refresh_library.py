from django.core.management.base import BaseCommand
from django.db import transaction

from resources.models import LibraryWord, Resource
from resources.services import refresh_library_words, refresh_search_vectors


class Command(BaseCommand):
    help = (
        "Rebuild the library's search vectors and its vocabulary for 'Did you mean?'. "
        "Saving in the admin keeps both current; run this after bulk imports or now and then "
        "to drop words no longer used."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            refresh_search_vectors()
            refresh_library_words()
        self.stdout.write(
            f"Refreshed {Resource.objects.count()} resources; "
            f"{LibraryWord.objects.count()} words in the vocabulary."
        )
