import datetime

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Mod
from django.db.models.lookups import Exact
from django.urls import reverse

from search.choices import EditorialStatus, Language
from search.history import tracked


class TitleKey(models.Func):
    """What "Title, A to Z" sorts on: the title in lower case without accents, so "Ética"
    comes between "Dolor" and "Familia" whatever the server's collation.

    `library_title_key` is our immutable SQL function (migration 0006), so it can be indexed.
    """

    function = "library_title_key"
    output_field = models.TextField()


# Searches for a word that thousands of resources use are counted from a fixed sample: the
# resources whose id is a multiple of this (resources.search). It is part of an index
# definition, so changing it needs a migration.
SAMPLE_EVERY = 64


def in_search_sample() -> Q:
    """The sampled resources, written exactly as the sample index's condition is."""
    return Q(Exact(Mod("id", SAMPLE_EVERY), 0))


class Topic(models.Model):
    """A subject the library is organised by, such as safety planning or self-injury."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    content_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Short factual note shown before resources on this topic, e.g. "
        "'Describes self-injury.' Leave blank when none is needed.",
    )
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ResourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    TOOLKIT = "toolkit", "Toolkit"
    FACT_SHEET = "fact_sheet", "Fact sheet"
    VIDEO = "video", "Video"
    WEBSITE = "website", "Website"
    HOTLINE = "hotline", "Hotline or warmline"
    RESEARCH = "research", "Research"
    BOOK = "book", "Book"
    WEBINAR = "webinar", "Webinar"
    CURRICULUM = "curriculum", "Curriculum"


class ResourceAudience(models.TextChoices):
    SURVIVORS = "survivors", "Survivors"
    FRIENDS_FAMILY = "friends_family", "Friends and family"
    ADVOCATES = "advocates", "Advocates"
    PEER_SPECIALISTS = "peer_specialists", "Peer support specialists"
    CLINICIANS = "clinicians", "Clinicians"
    YOUTH = "youth", "Young people"
    ORGANIZATIONS = "organizations", "Programs and organizations"
    GENERAL = "general", "Anyone"


class LinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", "Not checked yet"
    OK = "ok", "Working"
    REDIRECTED = "redirected", "Redirects elsewhere"
    BROKEN = "broken", "Broken"
    UNREACHABLE = "unreachable", "Could not be reached"


# A resource reviewed today is due its next review after this long.
REVIEW_INTERVAL = datetime.timedelta(days=365)


class ResourceQuerySet(models.QuerySet):
    def published(self) -> "ResourceQuerySet":
        return self.filter(status=EditorialStatus.PUBLISHED)

    def for_listing(self) -> "ResourceQuerySet":
        return self.prefetch_related("topics")

    def for_page(self) -> "ResourceQuerySet":
        """Everything a resource's own page shows; the search vector stays in the database."""
        return self.defer("search_vector").prefetch_related("topics")


@tracked(exclude=("topic_slugs",))
class Resource(models.Model):
    """An entry in the library: something worth reading, watching or calling."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    summary = models.TextField(
        max_length=2000, help_text="Two to four plain sentences in our own words."
    )
    url = models.URLField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    authors = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(
        max_length=3,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="The main language of the resource; search uses its stemming rules.",
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=Language.choices),
        default=list,
        blank=True,
        help_text="Every language the resource is available in.",
    )
    audience = ArrayField(
        models.CharField(max_length=20, choices=ResourceAudience.choices),
        default=list,
        blank=True,
    )
    topics = models.ManyToManyField(Topic, related_name="resources", blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text="For hotlines and warmlines.")
    text_number = models.CharField(
        max_length=80, blank=True, help_text="How to reach it by text, e.g. 'Text START to 88788'."
    )
    status = models.CharField(
        max_length=20, choices=EditorialStatus.choices, default=EditorialStatus.DRAFT
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    link_status = models.CharField(
        max_length=20, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED
    )
    link_http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    link_final_url = models.URLField(max_length=1000, blank=True)
    link_checked_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Example content loaded for demonstrations."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The slugs of its topics, kept by resources.services: the topic facet counts and filters
    # from this one column instead of joining the topics for every candidate.
    topic_slugs = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, editable=False
    )
    # Weighted words for full-text search (title, then summary, then publisher, authors and
    # topics), stemmed by the resource's language. Kept by resources.services.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            # "Title, A to Z": case and accents aside (migration 0006).
            models.Index(
                TitleKey("title"),
                "id",
                condition=Q(status=EditorialStatus.PUBLISHED),
                name="resource_title_order",
            ),
            # "Newest first": undated resources (year 0 here) come last; read backwards.
            models.Index(
                Coalesce("year", 0),
                "id",
                condition=Q(status=EditorialStatus.PUBLISHED),
                name="resource_newest",
            ),
            models.Index(fields=["link_status"], name="resource_link_status"),
            # Words and the facets a search is narrowed by, in one index (type through
            # btree_gin): a search narrowed to a few of a common word's matches skips through
            # the word's long list instead of reading all of it. Any one column alone is
            # searched as quickly as in an index of its own.
            GinIndex(
                fields=["search_vector", "topic_slugs", "kind", "audience", "languages"],
                name="resource_search",
            ),
            # The same words for the sample alone: counting a broad search reads one
            # resource in SAMPLE_EVERY instead of every match.
            GinIndex(
                fields=["search_vector"],
                condition=Q(status=EditorialStatus.PUBLISHED) & in_search_sample(),
                name="resource_search_sample",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="resource_year_plausible",
                violation_error_message="The year must be between 1900 and 2100.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # The main language is always among the languages it is available in (the facet).
        if self.language and self.language not in self.languages:
            self.languages = [self.language, *self.languages]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", args=[self.slug])

    @property
    def content_notes(self) -> list[str]:
        """The content notes of its topics (prefetched), each once."""
        return list(dict.fromkeys(t.content_note for t in self.topics.all() if t.content_note))

    @property
    def audience_labels(self) -> list[str]:
        return [ResourceAudience(value).label for value in self.audience]

    @property
    def language_labels(self) -> list[str]:
        return [Language(value).label for value in self.languages or [self.language]]


class LibraryWord(models.Model):
    """A word used in the library, for "Did you mean …?" suggestions (not stemmed)."""

    word = models.CharField(max_length=100, unique=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["word"]
        indexes = [
            # Nearest words first (KNN on <->), for "Did you mean …?".
            GistIndex(fields=["word"], opclasses=["gist_trgm_ops"], name="library_word_trgm"),
        ]

    def __str__(self) -> str:
        return self.word


class TopMatch(models.Model):
    """One of the best-ranked resources for a word that very many resources use.

    Ranking every match of such a word is too slow for a page, so a broad search ranks these
    instead (resources.search). Kept by resources.services; `word` is a stemmed word as the
    search vectors hold it.
    """

    word = models.CharField(max_length=200)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    rank = models.FloatField()

    class Meta:
        ordering = ["word", "-rank"]
        constraints = [
            # Also the index a search reads the candidates through (word first).
            models.UniqueConstraint(fields=["word", "resource"], name="top_match_once"),
        ]

    def __str__(self) -> str:
        return f"{self.word}: {self.resource_id}"


class CollectionQuerySet(models.QuerySet):
    def published(self) -> "CollectionQuerySet":
        return self.filter(status=EditorialStatus.PUBLISHED)


class Collection(models.Model):
    """A curated special collection: an introduction and ordered sections of resources."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(max_length=300, help_text="One sentence shown in the list.")
    introduction = models.TextField(max_length=4000)
    status = models.CharField(
        max_length=20, choices=EditorialStatus.choices, default=EditorialStatus.DRAFT
    )
    position = models.PositiveSmallIntegerField(default=100)
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:collection", args=[self.slug])


class CollectionSection(models.Model):
    """One ordered section of a collection."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    introduction = models.TextField(max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["collection", "position", "id"]

    def __str__(self) -> str:
        return f"{self.collection}: {self.title}"


class CollectionItem(models.Model):
    """A resource placed in a collection section, with an optional editor's note."""

    section = models.ForeignKey(CollectionSection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="collection_items"
    )
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "resource"], name="collection_item_once_per_section"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.resource}"
