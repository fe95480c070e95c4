"""The library search: ranked full-text matches, facet counts, snippets, "Did you mean …?".

Results page with keyset cursors (resources.keyset). A broad search is counted on a sample and
ranked from the best matches of its words (search_words).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from resources.filters import (
    CHECKBOX_DIMENSIONS,
    DIMENSIONS,
    DIMENSIONS_BY_PARAM,
    LibraryFilter,
    keyword_q,
    loose_keyword_q,
)
from resources.keyset import SORT_COLUMNS, Keyset
from resources.models import (
    SAMPLE_EVERY,
    Resource,
    Topic,
    TopMatch,
    in_search_sample,
)
from resources.services import quoted_word_sql
from search.facets import (
    Counts,
    Facet,
    InvalidSearch,
    about,
    build_facets,
    count_options,
    count_text,
)

PAGE_SIZE = 20
COUNTS_SECONDS = 120
# A misspelt word is swapped for the nearest library word at least this similar, and only
# when the search finds fewer than SUGGEST_BELOW resources as typed.
SUGGEST_SIMILARITY = 0.25
SUGGEST_BELOW = 5
# A search whose words match at least this many resources (as the sample estimates) is
# broad: counting or ranking every match would take longer than a page may (PRODUCT.md's
# 25 ms), so its counts are estimated and "Best match" ranks the best matches of its common
# words (resources.services.COMMON_WORD_DOCUMENTS, below this on purpose).
BROAD_MATCHES = 2000
COUNT_COLUMNS = ["topic_slugs", "kind", "audience", "languages", "year"]
SAMPLE_IDS_SQL = (
    f"SELECT generate_series(0, (SELECT max(id) FROM resources_resource), {SAMPLE_EVERY})"  # noqa: S608
)
CARD_FIELDS = ["title", "slug", "kind", "summary", "publisher", "year", "language"]

# The query as each resource's language reads it, for ranking and snippets.
QUERY_SQL = (
    "CASE resources_resource.language WHEN 'es'"
    " THEN websearch_to_tsquery('library_spanish', %s)"
    " ELSE websearch_to_tsquery('library_english', %s) END"
)
CONFIG_SQL = (
    "CASE resources_resource.language WHEN 'es'"
    " THEN 'library_spanish' ELSE 'library_english' END::regconfig"
)
# Control characters can't occur in our text, so they safely mark the matches until the
# snippet has been escaped.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
TITLE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"


def keyword_sql(sql: str, keywords: str, *extra: str) -> RawSQL:
    """One of our constant SQL texts around QUERY_SQL; the words travel as parameters."""
    return RawSQL(sql, [keywords, keywords, *extra])  # noqa: S611


@dataclass
class Words:
    """What the search words come to, read as the library's two languages read them."""

    searchable: bool  # False when all are too common to search for ("the", "and")
    stems: list[str]  # the stemmed words a match can be found by (not those after a minus)
    # False when either language's reading leaves the word index nothing to find: only
    # words to leave out ("-violence"), or those and stop words ("-violence the").
    indexable: bool = True
    # With a phrase: each language's query with its phrases loosened to their words in any
    # order, which the index tells without reading where each word stands in each candidate.
    loose: dict[str, str] | None = None


@dataclass
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
class LibrarySearch:
    filterset: LibraryFilter
    keywords: str = ""
    keywords_ignored: bool = False
    sort: str = "title"
    results: list[Resource] = field(default_factory=list)
    total: int = 0
    start: int = 0  # how many results come before this page
    next_cursor: str = ""
    previous_cursor: str = ""
    facets: list[Facet] = field(default_factory=list)
    decades: list[YearOption] = field(default_factory=list)
    suggestion: str = ""
    topics: list[Topic] = field(default_factory=list)
    chosen: dict[str, list] = field(default_factory=dict)
    # A broad search: the total is estimated from the sample, and "Best match" ranks only
    # the best matches of its common words (so its pages end sooner than the results do).
    total_estimated: bool = False
    best_only: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.results)

    @property
    def total_text(self) -> str:
        if self.total_estimated:
            return about(self.total)
        return f"{self.total:,}"


def search_library(params: QueryDict) -> LibrarySearch:
    filterset = LibraryFilter(params, queryset=Resource.objects.none())
    if not filterset.is_valid():
        raise InvalidSearch(filterset.error_messages())
    data = filterset.form.cleaned_data
    chosen = filterset.chosen()
    search = LibrarySearch(filterset=filterset, keywords=data.get("q", "").strip(), chosen=chosen)
    words = Words(False, [], indexable=False)
    if search.keywords:
        words = read_words(search.keywords)
        if not words.searchable:
            # Only very common words ("the", "and"): searching them would find nothing.
            search.keywords, search.keywords_ignored = "", True
    search.sort = data.get("sort") or ("relevance" if search.keywords else "title")
    if search.sort == "relevance" and not words.indexable:
        # Nothing to match better or worse: no words, or only words to leave out.
        search.sort = "title"

    candidates = Resource.objects.published()
    bounds = Keyset.read(search.sort, after=data.get("after", ""), before=data.get("before", ""))
    if search.keywords:
        counts, page_ids = search_words(search, candidates, words, chosen, bounds)
    else:
        # Browsing without words: counts depend only on the choices, so they are shared for
        # a moment between visitors. Nothing anyone typed is in the key.
        key = "library-counts:" + urlencode(
            sorted((p, str(v)) for p, vs in chosen.items() for v in vs)
        )
        counts = cache.get_or_set(
            key,
            lambda: count_options(candidates, DIMENSIONS, chosen, columns=COUNT_COLUMNS),
            COUNTS_SECONDS,
        )
    search.total = counts.total
    search.facets = build_facets(CHECKBOX_DIMENSIONS, counts, chosen, filterset.option_choices)
    search.decades = sorted(
        (
            YearOption(int(value), count, counts.estimated)
            for (param, value), count in counts.by_option.items()
            if param == "year"
        ),
        key=lambda option: -option.decade,
    )

    if search.keywords:
        rows = Resource.objects.filter(pk__any_of=page_ids).only(*CARD_FIELDS)
        by_id = {row.pk: row for row in with_snippets(rows, search.keywords)}
        page_rows = [by_id[pk] for pk in page_ids]
    else:
        rows = with_choices(candidates, chosen).only(*CARD_FIELDS).annotate(**SORT_COLUMNS)
        page_rows = list(bounds.apply(rows).order_by(*bounds.order_by())[: PAGE_SIZE + 1])
        for row in page_rows:
            row.title_html, row.snippet = escape(row.title), ""
    bounds.turn_page(search, page_rows, PAGE_SIZE)
    if search.keywords and search.total < SUGGEST_BELOW:
        search.suggestion = suggest(search.keywords)
    chosen_topics = set(chosen.get("topic", []))
    search.topics = [t for t in filterset.topics if t.slug in chosen_topics]
    return search


def search_words(
    search: LibrarySearch,
    candidates: QuerySet,
    words: Words,
    chosen: dict[str, list],
    bounds: Keyset,
) -> tuple[Counts, list[int]]:
    """The counts, and the ids of one page (plus one), for a search with words.

    The sample is counted first. Most searches then count and rank every match exactly, in
    one pass. A broad one, where that pass would read too many resources, keeps the sample's
    counts, scaled up; its page comes from every match when the choices leave few, and
    otherwise, for "Best match", from the best matches of its common words (TopMatch), which
    hold the very best of a one-word search.

    A phrase is costly beyond its matches: every resource with all its words is read to see
    whether they stand together. So the sample counts those too, and a phrase that many
    resources have the words of is broad, however few have the phrase.
    """
    matches = candidates.filter(keyword_q(search.keywords))
    sampled, required = matches, None
    if words.loose:
        sampled, required = (
            candidates.filter(loose_keyword_q(words.loose)),
            keyword_q(search.keywords),
        )
    sampled = sampled.filter(in_search_sample())
    if not words.indexable:
        # Nothing the word index can find (only words to leave out): reach the sample by id.
        sampled = sampled.filter(pk__in=RawSQL(SAMPLE_IDS_SQL, []))  # noqa: S611
    sample = count_options(
        sampled,
        DIMENSIONS,
        chosen,
        columns=COUNT_COLUMNS,
        count_candidates=True,
        required=required,
    )
    if sample.candidates * SAMPLE_EVERY < BROAD_MATCHES:
        # Matching, ranking, counting and picking the page in one pass over the matches.
        counts = count_options(
            keyed(matches, bounds, search.keywords),
            DIMENSIONS,
            chosen,
            columns=[*COUNT_COLUMNS, bounds.key],
            page=bounds.page_query(PAGE_SIZE + 1),
        )
        return counts, counts.matches
    counts = sample.scaled(SAMPLE_EVERY)
    chosen_matches = with_choices(matches, chosen)
    if sample.chosen_candidates * SAMPLE_EVERY < BROAD_MATCHES:
        # The choices leave few enough to count and rank them all, in one pass again.
        return exactly(counts, chosen_matches, bounds, search.keywords)
    search.total_estimated = True
    if bounds.key != "rank":
        return counts, page_ids(chosen_matches, bounds, search.keywords)
    best = chosen_matches.filter(best_matches_q(words.stems))
    ids = page_ids(best, bounds, search.keywords)
    # Past the last of them a page is empty; only when none meets the choices at all are
    # all the matches ranked instead (slower, never wrong), on every page alike.
    if ids or (bounds.pk is not None and best.exists()):
        # Words without a list put every match of theirs among those ranked.
        search.best_only = TopMatch.objects.filter(word__in=words.stems).exists()
        return counts, ids
    search.total_estimated = False
    return exactly(counts, chosen_matches, bounds, search.keywords)


def exactly(
    counts: Counts, rows: QuerySet, bounds: Keyset, keywords: str
) -> tuple[Counts, list[int]]:
    """The exact total of `rows` and one page of them, in one pass; the facets stay as counted."""
    found = count_options(
        keyed(rows, bounds, keywords),
        [],
        {},
        columns=[bounds.key],
        page=bounds.page_query(PAGE_SIZE + 1),
    )
    counts.total = found.total
    return counts, found.matches


# The resources a broad "Best match" ranks: the listed best of each word that has a list, and
# every match of each word that has none (a rare word, or one grown common since the last
# refresh_top_matches). Words reach the query as data (three times).
BEST_MATCHES_SQL = f"""
WITH listed AS (
    SELECT DISTINCT word FROM resources_topmatch WHERE word = ANY(%s)
), unlisted AS (
    SELECT string_agg({quoted_word_sql("w")}, ' | ')::tsquery AS query
    FROM unnest(%s::text[]) AS w WHERE w NOT IN (SELECT word FROM listed)
)
SELECT coalesce(array_agg(DISTINCT id), '{{}}') FROM (
    SELECT resource_id AS id FROM resources_topmatch WHERE word = ANY(%s)
    UNION ALL
    SELECT r.id FROM resources_resource AS r, unlisted
    WHERE unlisted.query IS NOT NULL AND r.search_vector @@ unlisted.query
) AS found
"""  # noqa: S608 (constant text; words travel as parameters)


def best_matches_q(stems: list[str]) -> Q:
    """The resources to rank for these words, as a condition. The database works out their
    ids once, as an array, and starts from those few rather than from every match."""
    # The cast makes ANY read the subquery's one value as an array, not as a set of rows.
    ids = RawSQL(BEST_MATCHES_SQL, [stems] * 3)  # noqa: S611
    return Q(
        Func(
            F("pk"),
            ids,
            arg_joiner=" = ANY(",
            template="%(expressions)s::bigint[])",
            output_field=BooleanField(),
        )
    )


def with_choices(rows: QuerySet, chosen: dict[str, list]) -> QuerySet:
    for param, values in chosen.items():
        rows = rows.filter(DIMENSIONS_BY_PARAM[param].to_q(values))
    return rows


def keyed(rows: QuerySet, bounds: Keyset, keywords: str) -> QuerySet:
    """The rows with the key their page is ordered by. Only the key in use is worked out for
    every match: each costs time per row (the title key unaccents every title)."""
    if bounds.key == "rank":
        key = keyword_sql(f"ts_rank(search_vector, {QUERY_SQL})", keywords)
    else:
        key = SORT_COLUMNS[bounds.key]
    return rows.annotate(**{bounds.key: key})


def page_ids(rows: QuerySet, bounds: Keyset, keywords: str) -> list[int]:
    """The ids of one page and one more, in the page's order, from where its cursor points."""
    ordered = bounds.apply(keyed(rows, bounds, keywords))
    return list(ordered.order_by(*bounds.order_by()).values_list("pk", flat=True)[: PAGE_SIZE + 1])


# Snippets and suggestions ------------------------------------------------------------------


def with_snippets(rows: QuerySet, keywords: str) -> list[Resource]:
    """The page's rows with their rank, and the matching words marked in title and summary."""
    marked = rows.annotate(
        rank=keyword_sql(f"ts_rank(search_vector, {QUERY_SQL})", keywords),
        **SORT_COLUMNS,
        marked_title=keyword_sql(
            f"ts_headline({CONFIG_SQL}, title, {QUERY_SQL}, %s)", keywords, TITLE_OPTIONS
        ),
        marked_summary=keyword_sql(
            f"ts_headline({CONFIG_SQL}, summary, {QUERY_SQL}, %s)", keywords, SNIPPET_OPTIONS
        ),
    )
    page = list(marked)
    for resource in page:
        resource.title_html = highlight(resource.marked_title)
        resource.snippet = highlight(resource.marked_summary)
    return page


def highlight(marked: str) -> SafeString:
    """Escape the text, then turn our match markers into <mark> elements."""
    text = str(escape(marked)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(text)  # noqa: S308 (escaped above; only our own tags added)


def read_words(keywords: str) -> Words:
    """English, the library's main language, decides which words are too common: "son" is a
    Spanish stop word but an English word worth finding (Spanish resources can't match it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery('library_english', %s)) > 0,"
            " querytree(websearch_to_tsquery('library_english', %s)),"
            " querytree(websearch_to_tsquery('library_spanish', %s))",
            [keywords] * 3,
        )
        searchable, english, spanish = cursor.fetchone()
    # querytree keeps the part of a query an index can use ("T" when none), words quoted.
    quoted = re.findall(r"'((?:[^']|'')*)'", f"{english} {spanish}")
    words = Words(
        searchable,
        sorted({word.replace("''", "'") for word in quoted}),
        indexable="T" not in (english, spanish),
    )
    if "<" in english + spanish and words.indexable:
        words.loose = {
            config: re.sub(r"<(-|\d+)>", "&", text)
            for config, text in (("english", english), ("spanish", spanish))
        }
    return words


def suggest(keywords: str) -> str:
    """The search with each word the library never uses replaced by its nearest library word,
    or "" when every word is known (or nothing near enough is)."""
    words = re.findall(r"[^\W\d_]{3,}", keywords)
    if not words:
        return ""
    with connection.cursor() as cursor:
        # The trigram index hands over the nearest words directly (<-> is its distance);
        # the typing distance then picks among them, since trigrams forgive swapped letters
        # poorly ("saftey").
        cursor.execute(
            """
            SELECT typed.word, folded.word, known.word IS NOT NULL, near.word, near.documents
            FROM unnest(%s::text[]) AS typed(word)
            CROSS JOIN LATERAL (SELECT unaccent(lower(typed.word)) AS word) AS folded
            LEFT JOIN resources_libraryword AS known ON known.word = folded.word
            LEFT JOIN LATERAL (
                SELECT w.word, w.documents
                FROM resources_libraryword AS w
                WHERE similarity(w.word, folded.word) >= %s
                ORDER BY w.word <-> folded.word
                LIMIT 5
            ) AS near ON NOT (known.word IS NOT NULL)
            """,
            [words, SUGGEST_SIMILARITY],
        )
        found = cursor.fetchall()
    candidates: dict[str, list[tuple[int, int, str]]] = {}
    for typed, folded, known, near, documents in found:
        if not known and near:
            rank = (typing_distance(folded, near), -documents, near)
            candidates.setdefault(typed, []).append(rank)
    replacements = {
        typed: min(ranks)[2]
        for typed, ranks in candidates.items()
        if min(ranks)[0] <= max(1, len(typed) // 3)
    }
    if not replacements:
        return ""
    return re.sub(r"[^\W\d_]{3,}", lambda m: replacements.get(m.group(0), m.group(0)), keywords)


def typing_distance(a: str, b: str) -> int:
    """Edits between two words, counting a swap of neighbouring letters as one edit."""
    previous2, previous = [], list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]
