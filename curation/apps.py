from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Suggestions and problem reports from the public, and the queues curators decide them in."""

    name = "curation"
    verbose_name = "Moderation"
