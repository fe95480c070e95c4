"""The library search: a typed search from the query string, and what it finds.

Browsing without words counts and pages through the published library by the choices alone;
a search with words is worked out by resources.word_search. Results page with keyset cursors
(resources.keyset), and a search that finds almost nothing offers "Did you mean …?"
(resources.suggest).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import QueryDict
from django.utils.html import escape

from resources.filters import (
    CHECKBOX_DIMENSIONS,
    DIMENSIONS,
    ColumnDimension,
    LibraryFilter,
)
from resources.keyset import SORT_COLUMNS, Keyset, KeysetPage
from resources.models import Collection, Resource, Topic
from resources.suggest import suggest
from resources.word_search import (
    COUNT_COLUMNS,
    NO_WORDS,
    read_words,
    search_words,
    with_snippets,
)
from search.counts import Counts, FacetQuery
from search.dimensions import with_choices
from search.facets import Facet, InvalidSearch, about, build_facets, count_text

PAGE_SIZE = 20
COUNTS_SECONDS = 120
# "Did you mean …?" is offered when a search finds fewer than this many resources as typed.
SUGGEST_BELOW = 5
CARD_FIELDS = ["title", "slug", "kind", "summary", "publisher", "year", "language"]


@dataclass(frozen=True)
class LibraryOptions:
    """What the library offers to choose from, read once per request."""

    topics: list[Topic]
    choices: dict[str, list[tuple[str, str]]]

    @classmethod
    def load(cls) -> "LibraryOptions":
        topics = list(Topic.objects.all())
        choices = {d.param: d.choices() for d in DIMENSIONS if isinstance(d, ColumnDimension)}
        # Topics and collections are the library's own.
        choices["topic"] = [(topic.slug, topic.name) for topic in topics]
        choices["collection"] = list(Collection.objects.published().values_list("slug", "title"))
        return cls(topics, choices)


@dataclass(frozen=True)
class LibrarySearch:
    """What someone asked the library for, read and checked from the query string."""

    keywords: str = ""
    # The chosen values by dimension; the year range as [first, last] (either may be None).
    chosen: dict[str, list] = field(default_factory=dict)
    sort: str = ""  # as asked; "" for the default
    after: str = ""  # page cursors
    before: str = ""
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_params(cls, params: QueryDict, options: LibraryOptions) -> "LibrarySearch":
        filterset = LibraryFilter(params, queryset=Resource.objects.none(), choices=options.choices)
        if not filterset.is_valid():
            raise InvalidSearch(filterset.error_messages())
        data = filterset.form.cleaned_data
        return cls(
            keywords=data.get("q", "").strip(),
            chosen=filterset.chosen(),
            sort=data.get("sort") or "",
            after=data.get("after", ""),
            before=data.get("before", ""),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
        )


@dataclass(frozen=True)
class YearOption:
    decade: int
    count: int
    estimated: bool = False

    @property
    def label(self) -> str:
        return f"{self.decade}s"

    @property
    def count_text(self) -> str:
        return count_text(self.count, self.estimated)


@dataclass
class LibraryResults:
    """What a library search found: one page of resources and what the page shows beside."""

    search: LibrarySearch
    sort: str  # the order the results are in
    keywords: str = ""  # the words searched for ("" when they were all too common)
    keywords_ignored: bool = False
    page: KeysetPage = field(default_factory=lambda: KeysetPage([]))
    total: int = 0
    facets: list[Facet] = field(default_factory=list)
    decades: list[YearOption] = field(default_factory=list)
    suggestion: str = ""
    topics: list[Topic] = field(default_factory=list)  # the chosen ones, for content notes
    # A broad search: the total is estimated from the sample, and "Best match" ranks only
    # the best matches of its common words (so its pages end sooner than the results do).
    total_estimated: bool = False
    best_only: bool = False

    @property
    def total_text(self) -> str:
        return about(self.total) if self.total_estimated else f"{self.total:,}"


def search_library(params: QueryDict) -> LibraryResults:
    """The library's answer to a query string; InvalidSearch when a parameter is wrong."""
    options = LibraryOptions.load()
    return find_resources(LibrarySearch.from_params(params, options), options)


def find_resources(search: LibrarySearch, options: LibraryOptions) -> LibraryResults:
    keywords, words = search.keywords, NO_WORDS
    if keywords:
        words = read_words(keywords)
        if not words.searchable:
            # Only very common words ("the", "and"): searching them would find nothing.
            keywords = ""
    sort = search.sort or ("relevance" if keywords else "title")
    if sort == "relevance" and not words.indexable:
        # Nothing to match better or worse: no words, or only words to leave out.
        sort = "title"
    results = LibraryResults(
        search, sort, keywords, keywords_ignored=bool(search.keywords) and not keywords
    )
    chosen = search.chosen
    candidates = Resource.objects.published()
    bounds = Keyset.read(sort, after=search.after, before=search.before, size=PAGE_SIZE)
    if keywords:
        found = search_words(candidates, keywords, words, chosen, bounds)
        counts = found.counts
        results.total_estimated, results.best_only = found.total_estimated, found.best_only
        rows = Resource.objects.filter(pk__any_of=found.page_ids).only(*CARD_FIELDS)
        by_id = {row.pk: row for row in with_snippets(rows, keywords)}
        page_rows = [by_id[pk] for pk in found.page_ids]
    else:
        counts = browsing_counts(candidates, chosen)
        rows = with_choices(candidates, DIMENSIONS, chosen).only(*CARD_FIELDS)
        rows = bounds.apply(rows.annotate(**SORT_COLUMNS)).order_by(*bounds.order_by())
        page_rows = list(rows[: bounds.rows_to_read])
        for row in page_rows:
            row.title_html, row.snippet = escape(row.title), ""
    results.page = bounds.turn_page(page_rows)
    results.total = counts.total
    results.facets = build_facets(CHECKBOX_DIMENSIONS, counts, chosen, options.choices)
    results.decades = decades(counts)
    if keywords and counts.total < SUGGEST_BELOW:
        results.suggestion = suggest(keywords)
    chosen_topics = set(chosen.get("topic", []))
    results.topics = [topic for topic in options.topics if topic.slug in chosen_topics]
    return results


def browsing_counts(candidates, chosen: dict[str, list]) -> Counts:
    """Counts without words depend only on the choices, so they are shared for a moment
    between visitors. Nothing anyone typed is in the key."""
    key = "library-counts:" + urlencode(sorted((p, str(v)) for p, vs in chosen.items() for v in vs))
    query = FacetQuery(candidates, DIMENSIONS, chosen, columns=COUNT_COLUMNS)
    return cache.get_or_set(key, query.counts, COUNTS_SECONDS)


def decades(counts: Counts) -> list[YearOption]:
    """The decades resources were published in, newest first, with their counts."""
    options = [
        YearOption(int(value), count, counts.estimated)
        for (param, value), count in counts.by_option.items()
        if param == "year"
    ]
    return sorted(options, key=lambda option: -option.decade)
