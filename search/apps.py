from django.apps import AppConfig


class SearchConfig(AppConfig):
    """What both search pages stand on: the facet counts, shared choices and lookups."""

    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from search import lookups  # noqa: F401  (registers the lookups)
