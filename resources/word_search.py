"""A library search with words: counted on a sample first, then counted and ranked exactly or,
for a broad search, from the best matches of its common words.

Counting and ranking every match of a word that tens of thousands of resources use takes far
longer than a page may (PRODUCT.md's 25 ms), so a search whose words match at least
BROAD_MATCHES resources (as the fixed sample tells) gets estimated counts, and "Best match"
ranks the best matches of each common word (TopMatch, kept by resources.services).
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from resources import textsearch
from resources.filters import DIMENSIONS, keyword_q
from resources.keyset import SORT_COLUMNS, Keyset
from resources.models import SAMPLE_EVERY, Resource, TopMatch, in_search_sample
from search.counts import Counts, FacetQuery
from search.dimensions import with_choices

# A search whose words match at least this many resources (as the sample estimates) is
# broad (resources.services.COMMON_WORD_DOCUMENTS is below this on purpose).
BROAD_MATCHES = 2000
COUNT_COLUMNS = ["topic_slugs", "kind", "audience", "languages", "year"]
SAMPLE_IDS_SQL = (
    f"SELECT generate_series(0, (SELECT max(id) FROM resources_resource), {SAMPLE_EVERY})"  # noqa: S608
)
# Control characters can't occur in our text, so they safely mark the matches until the
# snippet has been escaped.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
TITLE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"


@dataclass(frozen=True)
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


NO_WORDS = Words(searchable=False, stems=[], indexable=False)


@dataclass(frozen=True)
class WordMatches:
    """What a search with words found: the counts, one page of ids (and one more), and how
    broad it was."""

    counts: Counts
    page_ids: list[int]
    total_estimated: bool = False  # the total is the sample's, scaled up
    # "Best match" ranked only the best matches of its common words, so its pages end
    # sooner than the results do.
    best_only: bool = False


def read_words(keywords: str) -> Words:
    """English, the library's main language, decides which words are too common: "son" is a
    Spanish stop word but an English word worth finding (Spanish resources can't match it)."""
    english_query = f"websearch_to_tsquery('{textsearch.ENGLISH}', %s)"
    spanish_query = f"websearch_to_tsquery('{textsearch.SPANISH}', %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT numnode({english_query}) > 0, querytree({english_query}),"
            f" querytree({spanish_query})",
            [keywords] * 3,
        )
        searchable, english, spanish = cursor.fetchone()
    # querytree keeps the part of a query an index can use ("T" when none), words quoted.
    quoted = re.findall(r"'((?:[^']|'')*)'", f"{english} {spanish}")
    indexable = "T" not in (english, spanish)
    loose = None
    if "<" in english + spanish and indexable:
        loose = {
            config: re.sub(r"<(-|\d+)>", "&", text)
            for config, text in (("english", english), ("spanish", spanish))
        }
    stems = sorted({word.replace("''", "'") for word in quoted})
    return Words(searchable, stems, indexable=indexable, loose=loose)


def search_words(
    candidates: QuerySet, keywords: str, words: Words, chosen: dict[str, list], bounds: Keyset
) -> WordMatches:
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
    matches = candidates.filter(keyword_q(keywords))
    sampled, required = matches, None
    if words.loose:
        # Count what has the phrase's words in any order; only the counts need the phrase.
        sampled = candidates.filter(textsearch.matches_query(words.loose))
        required = keyword_q(keywords)
    sampled = sampled.filter(in_search_sample())
    if not words.indexable:
        # Nothing the word index can find (only words to leave out): reach the sample by id.
        sampled = sampled.filter(pk__in=RawSQL(SAMPLE_IDS_SQL, []))  # noqa: S611
    sample = FacetQuery(sampled, DIMENSIONS, chosen, columns=COUNT_COLUMNS, required=required)
    sample_counts, sample_candidates = sample.counts_and_candidates()
    if sample_candidates.all * SAMPLE_EVERY < BROAD_MATCHES:
        # Matching, ranking, counting and picking the page in one pass over the matches.
        exact = FacetQuery(
            keyed(matches, bounds, keywords),
            DIMENSIONS,
            chosen,
            columns=[*COUNT_COLUMNS, bounds.key],
        )
        return WordMatches(*exact.counts_and_page(bounds.page_query()))
    counts = sample_counts.scaled(SAMPLE_EVERY)
    chosen_matches = with_choices(matches, DIMENSIONS, chosen)
    if sample_candidates.chosen * SAMPLE_EVERY < BROAD_MATCHES:
        # The choices leave few enough to count and rank them all, in one pass again.
        return exactly(counts, chosen_matches, bounds, keywords)
    if bounds.key != "rank":
        ids = page_ids(chosen_matches, bounds, keywords)
        return WordMatches(counts, ids, total_estimated=True)
    best = chosen_matches.filter(best_matches_q(words.stems))
    ids = page_ids(best, bounds, keywords)
    # Past the last of them a page is empty; only when none meets the choices at all are
    # all the matches ranked instead (slower, never wrong), on every page alike.
    if ids or (bounds.pk is not None and best.exists()):
        # Words without a list put every match of theirs among those ranked.
        best_only = TopMatch.objects.filter(word__in=words.stems).exists()
        return WordMatches(counts, ids, total_estimated=True, best_only=best_only)
    return exactly(counts, chosen_matches, bounds, keywords)


def exactly(counts: Counts, rows: QuerySet, bounds: Keyset, keywords: str) -> WordMatches:
    """The exact total of `rows` and one page of them, in one pass; the facets stay as counted."""
    found = FacetQuery(keyed(rows, bounds, keywords), [], {}, columns=[bounds.key])
    total, ids = found.counts_and_page(bounds.page_query())
    return WordMatches(Counts(counts.by_option, total.total, counts.estimated), ids)


# The resources a broad "Best match" ranks: the listed best of each word that has a list, and
# every match of each word that has none (a rare word, or one grown common since the last
# refresh_top_matches). Words reach the query as data (three times).
BEST_MATCHES_SQL = f"""
WITH listed AS (
    SELECT DISTINCT word FROM resources_topmatch WHERE word = ANY(%s)
), unlisted AS (
    SELECT string_agg({textsearch.quoted_word_sql("w")}, ' | ')::tsquery AS query
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


def keyed(rows: QuerySet, bounds: Keyset, keywords: str) -> QuerySet:
    """The rows with the key their page is ordered by. Only the key in use is worked out for
    every match: each costs time per row (the title key unaccents every title)."""
    key = textsearch.rank(keywords) if bounds.key == "rank" else SORT_COLUMNS[bounds.key]
    return rows.annotate(**{bounds.key: key})


def page_ids(rows: QuerySet, bounds: Keyset, keywords: str) -> list[int]:
    """The ids of one page and one more, in the page's order, from where its cursor points."""
    ordered = bounds.apply(keyed(rows, bounds, keywords)).order_by(*bounds.order_by())
    return list(ordered.values_list("pk", flat=True)[: bounds.rows_to_read])


def with_snippets(rows: QuerySet, keywords: str) -> list[Resource]:
    """The page's rows with their rank, and the matching words marked in title and summary."""
    marked = rows.annotate(
        rank=textsearch.rank(keywords),
        **SORT_COLUMNS,
        marked_title=textsearch.headline("title", keywords, TITLE_OPTIONS),
        marked_summary=textsearch.headline("summary", keywords, SNIPPET_OPTIONS),
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
