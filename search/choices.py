"""Choice lists shared by both apps: editorial status and the languages we list."""

from django.db import models


class EditorialStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Language(models.TextChoices):
    """Languages a group meets in or a resource is written in (ISO 639 codes)."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    CHINESE = "zh", "Chinese"
    VIETNAMESE = "vi", "Vietnamese"
    KOREAN = "ko", "Korean"
    TAGALOG = "tl", "Tagalog"
    ARABIC = "ar", "Arabic"
    FRENCH = "fr", "French"
    HAITIAN_CREOLE = "ht", "Haitian Creole"
    RUSSIAN = "ru", "Russian"
    PORTUGUESE = "pt", "Portuguese"
    ASL = "ase", "American Sign Language"
