"""The library search: ranking, web-search syntax in two languages, "Did you mean …?", facet
counts, sorting, keyset pages, bad input, snippets, keeping the search in step with what
curators save, query counts, the indexes behind it, and the resource page.

Most tests call `search_library` the way the view does; a few read the page itself.
"""

import base64
import datetime
import html as html_lib
import json
import random
import re
from urllib.parse import parse_qs, urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resources.filters import keyword_q
from resources.keyset import SORT_COLUMNS
from resources.models import LibraryWord, Resource, ResourceKind
from resources.related import RELATED_SQL
from resources.search import PAGE_SIZE, LibraryResults, search_library
from resources.services import refresh_library_words
from resources.suggest import suggest
from search.choices import EditorialStatus
from tests import factories

pytestmark = pytest.mark.django_db


# Helpers ---------------------------------------------------------------------------------------


def find(**params) -> LibraryResults:
    """search_library as the view calls it, with repeated values for lists."""
    return search_library(QueryDict(urlencode(params, doseq=True)))


def titles(found: LibraryResults) -> list[str]:
    return [resource.title for resource in found.page.results]


def every_result(**params) -> list[Resource]:
    """Every result of a search, following the Next links to the end."""
    found = find(**params)
    results = list(found.page.results)
    while found.page.next_cursor:
        found = find(**(params | {"after": found.page.next_cursor}))
        results += found.page.results
    return results


def get(client, **params):
    return client.get(reverse("resources:list"), params)


def library(client, **params) -> str:
    response = get(client, **params)
    assert response.status_code == 200
    return response.content.decode()


CARD_TITLE = re.compile(r"<h3><a href=\"[^\"]*\">(.*?)</a></h3>")
HEADING = re.compile(r'<h2 id="results-heading">(\d+) resources?(?:, showing (\d+) to (\d+))?</h2>')


def card_titles(html: str) -> list[str]:
    return [html_lib.unescape(re.sub(r"</?mark>", "", title)) for title in CARD_TITLE.findall(html)]


def heading_total(html: str) -> int:
    return int(HEADING.search(html).group(1))


def cursor(*values) -> str:
    """A page token made by hand, the way keyset.encode_cursor makes them."""
    text = json.dumps(list(values), separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# Ranking and web-search syntax -----------------------------------------------------------------


def test_a_title_match_ranks_above_a_summary_match_above_a_publisher_or_topic_match(
    make_resource, make_topic
):
    make_resource(title="Leaflet from the river", publisher="Lantern Press")
    make_resource(title="Notes on moving home", topics=[make_topic(name="Lantern walks")])
    make_resource(title="Evening walks", summary="Bring a lantern and a friend.")
    make_resource(title="The Lantern Guide", summary="Plain words about staying safe.")
    make_resource(title="Unrelated leaflet")
    found = find(q="lantern")
    assert found.sort == "relevance"
    ranked = titles(found)
    assert ranked[:2] == ["The Lantern Guide", "Evening walks"]
    # Equal ranks would list the older resources first: each is strictly ahead.
    assert set(ranked[2:]) == {"Leaflet from the river", "Notes on moving home"}


@pytest.fixture
def safety_corpus(make_resource):
    make_resource(title="Making a safety plan", summary="Steps to take before you leave.")
    make_resource(
        title="Going to court",
        summary="Think about your safety on the day, then plan the route home with a friend.",
    )
    make_resource(title="Stalking log", summary="Write down dates, times and what happened.")
    make_resource(title="Housing rights", summary="Tenancy and shelters explained.")


def test_quotes_match_a_phrase_only_when_its_words_are_adjacent(safety_corpus):
    assert titles(find(q='"safety plan"')) == ["Making a safety plan"]
    assert set(titles(find(q="safety plan"))) == {"Making a safety plan", "Going to court"}


def test_a_minus_sign_leaves_a_word_out(safety_corpus):
    assert titles(find(q="safety -court")) == ["Making a safety plan"]


def test_or_allows_either_word(safety_corpus):
    assert set(titles(find(q="court or stalking"))) == {"Going to court", "Stalking log"}
    assert titles(find(q="court stalking")) == []


# Two languages, accents folded -----------------------------------------------------------------


@pytest.fixture
def spanish_corpus(make_resource):
    make_resource(
        title="Guía sobre violencia doméstica",
        summary="Qué hacer y a quién llamar.",
        language="es",
    )
    make_resource(
        title="Apoyo para sobrevivientes",
        summary="Hablamos de violencia domestica sin juzgar.",
        language="es",
    )
    make_resource(title="Housing rights", summary="Tenancy and shelters explained.")


@pytest.mark.parametrize("q", ["violencia doméstica", "violencia domestica", "VIOLENCIA DOMÉSTICA"])
def test_accents_and_case_do_not_matter(spanish_corpus, q):
    assert set(titles(find(q=q))) == {"Guía sobre violencia doméstica", "Apoyo para sobrevivientes"}


def test_spanish_resources_are_stemmed_as_spanish(spanish_corpus):
    assert set(titles(find(q="violencias"))) == {
        "Guía sobre violencia doméstica",
        "Apoyo para sobrevivientes",
    }
    assert titles(find(q="sobreviviente")) == ["Apoyo para sobrevivientes"]


def test_the_accented_word_is_marked_whichever_way_it_was_typed(spanish_corpus):
    found = find(q="domestica", sort="title")
    assert [r.title_html for r in found.page.results][1] == (
        "Guía sobre violencia <mark>doméstica</mark>"
    )
    assert "<mark>domestica</mark>" in found.page.results[0].snippet


def test_a_spanish_resource_is_shown_in_its_language(client, spanish_corpus):
    html = library(client, q="sobreviviente")
    assert "<li>Spanish</li>" in html
    assert '<p lang="es">' in html


def test_an_english_exclusion_is_read_as_english(make_resource):
    # As Spanish, "-planning" would leave out only the word "planning", which an English
    # resource never holds (it holds "plan"): so this resource must be read as English only.
    make_resource(title="Court planning guide")
    make_resource(title="Court dates")
    assert titles(find(q="court -planning")) == ["Court dates"]


# Did you mean …? -------------------------------------------------------------------------------


@pytest.fixture
def planning_corpus(make_resource):
    make_resource(title="Safety planning with teens", kind=ResourceKind.TOOLKIT)
    make_resource(title="Planning a safe exit", summary="Safety first.")
    make_resource(title="Court dates")
    refresh_library_words()


def test_a_misspelt_search_suggests_the_library_words(planning_corpus):
    found = find(q="saftey planing")
    assert found.total == 0
    assert found.suggestion == "safety planning"
    assert set(titles(find(q=found.suggestion))) == {
        "Safety planning with teens",
        "Planning a safe exit",
    }


def test_a_search_of_known_words_suggests_nothing(planning_corpus):
    found = find(q="safety planning court")
    assert found.total == 0
    assert found.suggestion == ""


def test_no_suggestion_once_the_search_finds_five(make_resource):
    for n in range(4):
        make_resource(title=f"Safety guide {n}")
    refresh_library_words()
    assert find(q="safety or saftey").suggestion == "safety or safety"
    make_resource(title="Safety guide 4")
    found = find(q="safety or saftey")
    assert found.total == 5
    assert found.suggestion == ""


def test_a_topic_name_is_a_library_word(make_resource, make_topic):
    make_resource(title="Talking with friends")
    make_resource(title="Keeping a log", topics=[make_topic(name="Stalking")])
    refresh_library_words()
    found = find(q="stalking")
    assert titles(found) == ["Keeping a log"]
    assert found.suggestion == ""
    assert find(q="stalkng").suggestion == "stalking"


def test_the_suggestion_link_keeps_the_other_filters(client, planning_corpus):
    html = library(client, q="saftey planing", kind="toolkit", sort="newest")
    link = re.search(r'Did you mean <a href="([^"]+)">safety planning</a>\?', html)
    assert link is not None
    params = parse_qs(html_lib.unescape(link.group(1)).lstrip("?"))
    assert params == {"q": ["safety planning"], "kind": ["toolkit"], "sort": ["newest"]}
    assert card_titles(library(client, **{k: v[0] for k, v in params.items()})) == [
        "Safety planning with teens"
    ]


def test_the_suggestion_is_escaped(client, planning_corpus):
    html = library(client, q="<b>saftey</b>")
    assert "&lt;b&gt;safety&lt;/b&gt;</a>?" in html
    assert "<b>safety</b>" not in html


# Facet counts ----------------------------------------------------------------------------------

LANGUAGES = ["en", "en", "en", "es"]
YEARS = [None, 1995, 2004, 2008, 2013, 2019, 2021, 2024]
WORDS = ["Safety plan", "Housing guide", "Court guide", "Plan de seguridad", "Guía de vivienda"]


@pytest.fixture
def varied_library(make_resource, make_topic, make_collection):
    """Thirty published resources with every kind of choice, and unpublished ones beside them
    with options of their own (topic, kind, language, decade, collection) that must never count."""
    rng = random.Random(7)
    topics = [
        make_topic(name="Safety planning", slug="safety-planning"),
        make_topic(name="Housing", slug="housing"),
        make_topic(name="Self-injury", slug="self-injury", content_note="Describes self-injury."),
    ]
    kinds = ["article", "toolkit", "fact_sheet", "video", "hotline"]
    audiences = ["survivors", "friends_family", "advocates", "youth"]
    published = []
    for n in range(30):
        words = rng.choice(WORDS)
        published.append(
            make_resource(
                title=f"{words} {n:02d}",
                summary=rng.choice(["Plain words.", "About safety at home.", "Para la familia."]),
                kind=rng.choice(kinds),
                audience=rng.sample(audiences, rng.randint(0, 2)),
                language="es" if words in WORDS[3:] else rng.choice(LANGUAGES),
                languages=rng.sample(["en", "vi"], rng.randint(0, 1)),
                year=rng.choice(YEARS),
                topics=rng.sample(topics, rng.randint(0, 2)),
            )
        )
    hidden_topic = make_topic(name="Archive only", slug="archive-only")
    hidden = [
        make_resource(
            title=f"Safety plan draft {n}",
            kind="webinar",
            language="fr",
            year=1955,
            audience=["clinicians"],
            topics=[hidden_topic, topics[0]],
            status=status,
        )
        for n, status in enumerate(
            [EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW, EditorialStatus.ARCHIVED]
        )
    ]
    make_collection(title="Starting out", slug="starting-out", resources=published[:9] + hidden)
    make_collection(
        title="Unfinished", slug="unfinished", status=EditorialStatus.DRAFT, resources=published
    )


CHOICES = [
    {},
    {"topic": ["safety-planning", "housing"], "kind": ["toolkit", "article", "video"]},
    {"q": "safety or guía", "language": ["es", "vi"], "year_from": 2000, "year_to": 2019},
    {"collection": ["starting-out"], "audience": ["youth", "survivors"], "year_to": 2010},
]


@pytest.mark.parametrize("chosen", CHOICES, ids=lambda chosen: "-".join(chosen) or "browse")
def test_each_count_is_the_number_of_results_that_option_gives(varied_library, chosen):
    found = find(**chosen)
    assert found.total == len(every_result(**chosen)) > 0
    wrong = []
    for facet in found.facets:
        for option in facet.options:
            expected = len(every_result(**(chosen | {facet.param: [option.value]})))
            if option.count != expected:
                wrong.append((facet.param, option.value, option.count, expected))
    for decade in found.decades:
        expected = len(
            every_result(**(chosen | {"year_from": decade.decade, "year_to": decade.decade + 9}))
        )
        if decade.count != expected:
            wrong.append(("year", decade.decade, decade.count, expected))
    assert wrong == []


def test_unpublished_resources_and_collections_never_count(varied_library):
    found = find(q="safety")
    counts = {(f.param, o.value): o.count for f in found.facets for o in f.options}
    assert counts[("topic", "archive-only")] == 0
    assert counts[("kind", "webinar")] == 0
    assert counts[("language", "fr")] == 0
    assert counts[("audience", "clinicians")] == 0
    assert ("collection", "unfinished") not in counts
    assert 1950 not in [decade.decade for decade in found.decades]
    assert "Safety plan draft" not in " ".join(r.title for r in every_result(q="safety"))


def test_the_decades_count_every_dated_result_once(varied_library):
    found = find()
    dated = [r for r in every_result() if r.year is not None]
    assert sum(decade.count for decade in found.decades) == len(dated)
    assert [decade.decade for decade in found.decades] == [2020, 2010, 2000, 1990]
    assert [decade.label for decade in found.decades][-1] == "1990s"


def test_a_resources_own_language_is_always_among_its_languages(make_resource):
    resource = make_resource(title="Plan de seguridad", language="es", languages=["en"])
    resource.refresh_from_db()
    assert resource.languages == ["es", "en"]
    assert titles(find(language="es")) == titles(find(language="en")) == ["Plan de seguridad"]


def test_the_widest_year_range_is_allowed(make_resource):
    make_resource(year=1900)
    make_resource(year=2100)
    make_resource(year=None)
    assert find(year_from=1900, year_to=2100).total == 2
    assert find(year_from=2100, year_to=2100).total == 1


def test_a_year_range_holds_its_ends_and_leaves_out_undated_resources(make_resource):
    for year in [None, 1999, 2000, 2005, 2009, 2010]:
        make_resource(title=f"Guide {year}", year=year)
    assert [r.year for r in find(year_from=2000, year_to=2009, sort="newest").page.results] == [
        2009,
        2005,
        2000,
    ]
    assert [r.year for r in find(year_from=2005, sort="newest").page.results] == [2010, 2009, 2005]
    assert [r.year for r in find(year_to=2000, sort="newest").page.results] == [2000, 1999]


CHECKBOX = re.compile(
    r'<input type="checkbox" id="[^"]+" name="(\w+)" value="([\w-]+)"(?: checked| disabled)?>'
    r' <label for="[^"]+">[^<]*<span class="count">\((\d+)\)</span></label>'
)
DECADE = re.compile(r'<li><a href="([^"]+)">(\d{4})s</a> <span class="count">\((\d+)\)</span></li>')


def test_the_counts_on_the_page_match_the_results_each_option_gives(client, varied_library):
    chosen = {"q": "guide", "kind": "toolkit"}
    html = library(client, **chosen)
    options = CHECKBOX.findall(html)
    assert len(options) > 20
    assert ("kind", "toolkit") in [(param, value) for param, value, _ in options]
    wrong = []
    for param, value, count in options:
        page = library(client, **(chosen | {param: value}))
        total = heading_total(page)
        if int(count) != total or len(card_titles(page)) != min(total, PAGE_SIZE):
            wrong.append((param, value, count, total))
    decades = DECADE.findall(html)
    assert decades
    for href, decade, count in decades:
        response = client.get(reverse("resources:list") + html_lib.unescape(href))
        total = heading_total(response.content.decode())
        if int(count) != total:
            wrong.append(("year", decade, count, total))
    assert wrong == []


# Sorting ---------------------------------------------------------------------------------------


@pytest.fixture
def dated_library(make_resource):
    make_resource(title="Court dates", year=2015)
    make_resource(title="Always there", year=None, summary="Court support.")
    make_resource(title="Mapping safe places", year=2024)
    make_resource(title="Bail hearings", year=2019, summary="Court, court and court again.")
    make_resource(title="Zine for friends", year=None)


def test_without_words_the_library_is_listed_by_title(dated_library):
    found = find()
    assert found.sort == "title"
    assert titles(found) == [
        "Always there",
        "Bail hearings",
        "Court dates",
        "Mapping safe places",
        "Zine for friends",
    ]
    assert find(sort="relevance").sort == "title"


def test_title_order_ignores_upper_and_lower_case(make_resource):
    for title in ["banana guide", "Apple guide", "cherry guide", "Date guide"]:
        make_resource(title=title)
    assert titles(find(sort="title")) == [
        "Apple guide",
        "banana guide",
        "cherry guide",
        "Date guide",
    ]


def test_title_order_ignores_accents(make_resource):
    for title in ["Zona segura", "Ética del cuidado", "dolor y duelo", "Familia", "Émotions"]:
        make_resource(title=title)
    expected = ["dolor y duelo", "Émotions", "Ética del cuidado", "Familia", "Zona segura"]
    assert titles(find(sort="title")) == expected


def test_title_order_reads_its_index(index_scans_only, make_resource):
    make_resource(title="Ética del cuidado")
    with connection.cursor() as cursor:
        # On a tiny table a bitmap scan and a sort cost about the same as reading in order.
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    rows = Resource.objects.published().annotate(**SORT_COLUMNS).order_by("title_key", "pk")
    plan = rows[:21].explain()
    assert re.search(r"Index Scan using resource_title_order\b", plan)
    assert "Sort" not in plan


def test_newest_first_puts_undated_resources_last(dated_library):
    found = find(sort="newest")
    assert [r.year for r in found.page.results] == [2024, 2019, 2015, None, None]
    assert titles(found)[:3] == ["Mapping safe places", "Bail hearings", "Court dates"]


def test_words_sort_by_best_match_unless_another_order_is_chosen(dated_library):
    assert titles(find(q="court")) == ["Court dates", "Bail hearings", "Always there"]
    assert titles(find(q="court", sort="title")) == ["Always there", "Bail hearings", "Court dates"]
    assert titles(find(q="court", sort="newest")) == [
        "Bail hearings",
        "Court dates",
        "Always there",
    ]


@pytest.mark.parametrize(
    ("sort", "worked_out", "left_out"),
    [
        ("relevance", "ts_rank(", "library_title_key("),
        ("title", "library_title_key(", "ts_rank("),
        ("newest", "COALESCE(", "ts_rank("),
    ],
)
def test_a_search_works_out_only_the_order_in_use_for_every_match(
    dated_library, sort, worked_out, left_out
):
    with CaptureQueriesContext(connection) as queries:
        find(q="court", sort=sort)
    sample, counting = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH c AS")
    ]
    matches = counting[: counting.index(") SELECT ")]
    assert worked_out in matches
    assert left_out not in matches
    # The sample only counts.
    assert "MOD(" in sample
    assert worked_out not in sample[: sample.index(") SELECT ")]


def test_the_order_menu_offers_best_match_only_for_words(client, dated_library):
    assert "Best match" not in library(client)
    assert '<option value="" selected>Best match</option>' in library(client, q="court")


# Keyset pages ----------------------------------------------------------------------------------


@pytest.fixture
def library_of_45(make_resource):
    """45 resources matching "safety", in ties: each title thrice, each rank and year several
    times, five undated."""
    for n in range(45):
        make_resource(
            title=f"Safety note {n % 15:02d}" + " safety" * (n % 15 // 3),
            slug=f"safety-note-{n}",
            summary="Safety at home." if n % 2 else "Plain words.",
            year=None if n % 9 == 0 else 1990 + n % 5 * 7,
        )


def sort_keys(sort: str, results: list[Resource]) -> list:
    """Each result's value of the sort key, made to run ascending."""
    if sort == "relevance":
        english = "websearch_to_tsquery('library_english', 'safety')"
        ranks = dict(
            Resource.objects.annotate(
                rank=RawSQL(f"ts_rank(search_vector, {english})", [])
            ).values_list("pk", "rank")
        )
        return [-ranks[r.pk] for r in results]
    if sort == "newest":
        return [-(r.year or 0) for r in results]
    return [r.title for r in results]


@pytest.mark.parametrize("sort", ["title", "newest", "relevance"])
def test_next_twice_then_previous_gives_back_the_same_pages(library_of_45, sort):
    params = {"q": "safety", "sort": sort}
    first = find(**params)
    second = find(**params, after=first.page.next_cursor)
    third = find(**params, after=second.page.next_cursor)
    pages = [found.page for found in (first, second, third)]
    assert [len(page.results) for page in pages] == [20, 20, 5]
    assert [(page.start, page.end) for page in pages] == [(0, 20), (20, 40), (40, 45)]
    assert third.page.next_cursor == ""
    assert first.page.previous_cursor == ""

    every = first.page.results + second.page.results + third.page.results
    assert len({r.pk for r in every}) == 45
    keys = sort_keys(sort, every)
    assert keys == sorted(keys)

    back = find(**params, before=third.page.previous_cursor)
    assert [r.pk for r in back.page.results] == [r.pk for r in second.page.results]
    assert (back.page.start, back.page.end) == (20, 40)
    front = find(**params, before=back.page.previous_cursor)
    assert [r.pk for r in front.page.results] == [r.pk for r in first.page.results]
    assert front.page.previous_cursor == ""
    assert [r.pk for r in find(**params, after=front.page.next_cursor).page.results] == [
        r.pk for r in second.page.results
    ]


def test_ties_in_the_sort_are_settled_the_same_way_on_every_page(library_of_45):
    by_title = every_result(sort="title")
    assert [(r.title, r.pk) for r in by_title] == sorted((r.title, r.pk) for r in by_title)
    newest = every_result(sort="newest")
    assert [(r.year or 0, r.pk) for r in newest] == sorted(
        ((r.year or 0, r.pk) for r in newest), reverse=True
    )
    assert [r.year for r in newest][-5:] == [None] * 5


def test_the_page_heading_and_links_follow_the_pages(client, library_of_45):
    html = library(client)
    assert "45 resources, showing 1 to 20</h2>" in html
    assert 'rel="prev"' not in html
    next_href = html_lib.unescape(re.search(r'<a href="([^"]+)" rel="next">Next page', html)[1])
    html = client.get(reverse("resources:list") + next_href).content.decode()
    assert "45 resources, showing 21 to 40</h2>" in html
    assert 'rel="prev">Previous page' in html
    assert len(card_titles(html)) == PAGE_SIZE


def test_a_page_link_from_another_order_is_a_bad_request(client, library_of_45):
    token = find(sort="title").page.next_cursor
    response = get(client, sort="newest", after=token)
    assert response.status_code == 400
    assert "Page: that page link no longer fits this search" in response.content.decode()
    assert get(client, q="safety", before=token).status_code == 400


TAMPERED = [
    "garbage",
    "!!!",
    "é",
    cursor("title", "Safety", 1),
    cursor("title", 7, 1, 20),
    cursor("title", "Safety", "1", 20),
    cursor("title", "Safety", 1, -20),
    cursor("title", "Safety", 1, 2.5),
    cursor("newest", True, 1, 20),
    base64.urlsafe_b64encode(b'{"sort": "title"}').decode(),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "x" * 401,
]


def test_a_tampered_page_link_is_a_bad_request(client):
    answers = {token: get(client, after=token) for token in TAMPERED}
    assert {token: r.status_code for token, r in answers.items()} == dict.fromkeys(TAMPERED, 400)
    assert all("<li>Page: " in r.content.decode() for r in answers.values())


REFUSED = [
    ("newest", cursor("newest", 10**40, 1, 20)),
    ("newest", cursor("newest", 2020, 2**63, 20)),
    ("newest", cursor("newest", 2020, 1, 10**30)),
    ("title", cursor("title", "Z" * 301, 1, 20)),
    ("title", cursor("title", "Safety\x00", 1, 20)),
    ("title", cursor("title", "\ud800", 1, 0)),  # a lone surrogate: no text PostgreSQL can hold
    ("title", cursor("title", "Safe\udfffty", 1, 20)),
    ("relevance", cursor("relevance", 1e308, 1, 20)),
    ("relevance", cursor("relevance", -0.5, 1, 20)),
    ("relevance", cursor("relevance", 0.5, -(2**63), 20)),
]


def test_a_page_link_with_values_the_database_would_refuse_is_a_bad_request(client):
    wrong = []
    for sort, token in REFUSED:
        response = get(client, q="safety", sort=sort, after=token)
        if response.status_code != 400 or "<li>Page: " not in response.content.decode():
            wrong.append((sort, token, response.status_code))
    assert wrong == []


@pytest.mark.parametrize(
    ("sort", "token"),
    [
        ("newest", cursor("newest", 0, 1, 0)),
        ("title", cursor("title", "", 1, 0)),
        ("title", cursor("title", "Zzz", 1, 500)),
        ("relevance", cursor("relevance", 0, 1, 0)),
    ],
)
def test_a_page_link_past_either_end_is_answered(client, make_resource, sort, token):
    make_resource(title="Safety plan", year=2020)
    assert get(client, q="safety", sort=sort, after=token).status_code == 200
    assert get(client, q="safety", sort=sort, before=token).status_code == 200


# Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"topic": "no-such-topic"}, "Topic"),
        ({"kind": "pamphlet"}, "Type"),
        ({"audience": "everyone"}, "Written for"),
        ({"language": "klingon"}, "Language"),
        ({"collection": "no-such-collection"}, "Collection"),
        ({"collection": "unfinished"}, "Collection"),
        ({"year_from": 2010, "year_to": 2000}, "Last year"),
        ({"year_from": 1800}, "First year"),
        ({"year_to": 2101}, "Last year"),
        ({"year_from": "last year"}, "First year"),
        ({"year_to": "NaN"}, "Last year"),
        ({"year_to": "1e9"}, "Last year"),
        ({"sort": "popular"}, "Order"),
        ({"q": "s" * 201}, "Search words"),
        ({"q": "safety\x00plan"}, "Search words"),
        ({"topic": "\x00"}, "Topic"),
        ({"year_from": "\x00"}, "First year"),
        ({"after": "\x00"}, "Page"),
        ({"year_to": "2000.5"}, "Last year"),
        ({"after": "x", "before": "y"}, "Page"),
    ],
)
def test_invalid_parameters_get_a_friendly_400(client, make_collection, params, label):
    make_collection(slug="unfinished", status=EditorialStatus.DRAFT)
    response = get(client, **params)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Some of the search choices didn't work" in html
    assert f"<li>{label}: " in html
    assert 'role="alert"' in html
    assert "Traceback" not in html


def test_every_problem_is_listed(client):
    html = get(client, kind="pamphlet", year_from="soon", sort="x").content.decode()
    assert all(f"<li>{label}: " in html for label in ["Type", "First year", "Order"])


def test_blank_values_mean_no_choice(client, make_resource):
    make_resource(title="Safety plan")
    html = library(client, q=" ", year_from="", year_to=" ", kind="", sort="")
    assert card_titles(html) == ["Safety plan"]


ODD_WORDS = [
    "!!!",
    '"safety plan',
    'safety"',
    "-",
    "--safety",
    "or or",
    "safety or",
    "or",
    "' OR 1=1; DROP TABLE resources_resource; --",
    "safety & | ! ( ) : * <-> \\",
    "🙂 safety 🛟",
    "<script>alert(1)</script>",
    "%_%",
    "s" * 200,
    "safety\u200bplan",
    "\t\n safety \r",
]


def test_odd_words_never_fail(client, make_resource):
    make_resource(title="Making a safety plan")
    failed = []
    for q in ODD_WORDS:
        response = get(client, q=q)
        if response.status_code != 200 or "<script>alert(1)" in response.content.decode():
            failed.append(q)
    assert failed == []


def test_an_unclosed_quote_still_reads_as_a_phrase(safety_corpus):
    assert titles(find(q='"safety plan')) == ["Making a safety plan"]


@pytest.mark.parametrize("q", ["the", "The and of", "!!!", "-", "or or"])
def test_words_too_common_to_search_show_the_whole_library_with_a_notice(client, make_resource, q):
    make_resource(title="Making a safety plan")
    make_resource(title="Court dates")
    html = library(client, q=q)
    assert "Those words are too common to search for" in html
    assert heading_total(html) == 2
    assert '<option value="" selected>Title, A to Z</option>' in html


@pytest.mark.parametrize("q", ["son", "sea"])
def test_an_english_word_that_is_a_spanish_stop_word_is_still_searched(make_resource, q):
    make_resource(title="When your son tells you", summary="Listening without blame.")
    make_resource(title="Safe at sea", summary="Crew welfare at sea.")
    make_resource(title="Court dates")
    found = find(q=q)
    assert not found.keywords_ignored
    assert found.total == 1


# Snippets --------------------------------------------------------------------------------------


def test_snippets_mark_the_words_and_escape_the_summary(client, make_resource):
    make_resource(
        title="A <b>safety</b> plan & more",
        summary='A safety plan for ages 5 < 12 & "teens" <script>alert("x")</script> to fill in.',
    )
    found = find(q="safety")
    (resource,) = found.page.results
    assert resource.title_html == "A &lt;b&gt;<mark>safety</mark>&lt;/b&gt; plan &amp; more"
    assert "<mark>safety</mark> plan" in resource.snippet
    assert "<script>" not in resource.snippet
    assert "alert(&quot;x&quot;)" in resource.snippet
    assert "5 &lt; 12 &amp; &quot;teens&quot;" in resource.snippet
    html = library(client, q="safety")
    assert "<script>alert" not in html
    assert "<b>safety</b>" not in html
    assert "<mark>safety</mark>" in html


def test_without_words_nothing_is_marked(client, make_resource):
    make_resource(title="A <b>safety</b> plan", summary="<i>Safety</i> first.")
    html = library(client)
    assert "<mark>" not in html
    assert "A &lt;b&gt;safety&lt;/b&gt; plan" in html
    assert "&lt;i&gt;Safety&lt;/i&gt; first." in html


def test_spanish_snippets_mark_the_stemmed_word(make_resource):
    make_resource(title="Apoyo", summary="Hablamos de violencias sin juzgar.", language="es")
    (resource,) = find(q="violencia").page.results
    assert "<mark>violencias</mark>" in resource.snippet


# Keeping the search up to date -----------------------------------------------------------------


def test_a_changed_title_or_summary_is_searched_at_once(make_resource):
    resource = make_resource(title="Court dates", summary="Plain words.")
    resource.title = "Hearing dates"
    resource.save()
    assert titles(find(q="hearing")) == ["Hearing dates"]
    assert titles(find(q="court")) == []
    resource.summary = "Bring a lantern."
    resource.save()
    assert titles(find(q="lantern")) == ["Hearing dates"]


def test_a_changed_language_changes_the_stemming(make_resource):
    # Read as English "hablamos" and "hablar" share no stem; read as Spanish both are "habl".
    resource = make_resource(title="Hablamos", language="en")
    assert titles(find(q="hablar")) == []
    resource.language = "es"
    resource.save()
    assert titles(find(q="hablar")) == ["Hablamos"]
    assert find(language="es").total == 1


def test_a_renamed_topic_renames_its_resources_words(make_resource, make_topic):
    topic = make_topic(name="Stalking")
    make_resource(title="Keeping a log", topics=[topic])
    assert titles(find(q="stalking")) == ["Keeping a log"]
    topic.name = "Harassment"
    topic.save()
    assert titles(find(q="harassment")) == ["Keeping a log"]
    assert titles(find(q="stalking")) == []


def test_a_topic_with_a_new_slug_still_lists_and_counts_its_resources(make_resource, make_topic):
    topic = make_topic(slug="stalking")
    make_resource(title="Keeping a log", topics=[topic])
    topic.slug = "harassment"
    topic.save()
    found = find(topic="harassment")
    assert titles(found) == ["Keeping a log"]
    (topics,) = [facet for facet in found.facets if facet.param == "topic"]
    assert [(option.value, option.count) for option in topics.options] == [("harassment", 1)]


def filed_under(topic) -> tuple[list[str], list[str], int]:
    """What the search knows of a topic: resources found by its name, listed under its slug,
    and the count beside it."""
    cache.clear()  # browsing counts are shared for a while; this asks afresh
    browse = find()
    (topics,) = [facet for facet in browse.facets if facet.param == "topic"]
    counts = {option.value: option.count for option in topics.options}
    return titles(find(q=topic.name)), titles(find(topic=topic.slug)), counts.get(topic.slug, 0)


@pytest.mark.parametrize("side", ["resource", "topic"])
def test_filing_a_resource_under_a_topic_from_either_side_updates_the_search(
    make_resource, make_topic, side
):
    topic = make_topic(name="Stalking")
    resource = make_resource(title="Keeping a log")
    if side == "resource":
        resource.topics.add(topic)
    else:
        topic.resources.add(resource)
    assert filed_under(topic) == (["Keeping a log"], ["Keeping a log"], 1)
    if side == "resource":
        resource.topics.remove(topic)
    else:
        topic.resources.remove(resource)
    assert filed_under(topic) == ([], [], 0)


def test_clearing_a_resources_topics_updates_the_search(make_resource, make_topic):
    topic = make_topic(name="Stalking")
    resource = make_resource(title="Keeping a log", topics=[topic])
    resource.topics.clear()
    assert filed_under(topic) == ([], [], 0)


def test_clearing_a_topics_resources_updates_the_search(make_resource, make_topic):
    topic = make_topic(name="Stalking")
    make_resource(title="Keeping a log", topics=[topic])
    topic.resources.clear()
    assert filed_under(topic) == ([], [], 0)


def test_a_deleted_topics_name_no_longer_finds_its_resources(make_resource, make_topic):
    topic = make_topic(name="Stalking")
    make_resource(title="Keeping a log", topics=[topic], summary="Dates and times.")
    topic.delete()
    assert titles(find(q="stalking")) == []
    assert Resource.objects.get().topic_slugs == []


def test_a_new_resources_words_can_be_suggested_at_once(make_resource):
    refresh_library_words()
    assert suggest("lanternfsh") == ""
    make_resource(title="The lanternfish almanac")
    assert LibraryWord.objects.filter(word="lanternfish").exists()
    assert find(q="lanternfsh almanac").suggestion == "lanternfish almanac"


def test_an_unpublished_resources_words_are_not_suggested(make_resource):
    make_resource(title="The lanternfish almanac", status=EditorialStatus.DRAFT)
    refresh_library_words()
    assert not LibraryWord.objects.filter(word="lanternfish").exists()
    assert find(q="lanternfsh").suggestion == ""


def test_the_vocabulary_folds_accents_and_case(make_resource):
    make_resource(title="Guía sobre violencia Doméstica", language="es")
    refresh_library_words()
    assert LibraryWord.objects.filter(word="domestica").exists()
    assert not LibraryWord.objects.filter(word__in=["doméstica", "Doméstica"]).exists()
    assert find(q="violencia domestca").suggestion == "violencia domestica"


# Query counts and indexes ----------------------------------------------------------------------


def add_matching(count: int, topic) -> None:
    for n in range(count):
        factories.make_resource(
            title=f"Safety guide {n}",
            summary="Safety at home.",
            kind=ResourceKind.TOOLKIT,
            year=2010 + n % 10,
            audience=["survivors"],
            topics=[topic],
        )


def test_a_search_with_filters_makes_the_same_queries_for_5_or_25_resources(
    client, make_topic, make_collection, django_assert_max_num_queries
):
    topic = make_topic(slug="safety-planning", content_note="Mentions violence.")
    make_collection()
    params = {"q": "safety", "topic": topic.slug, "kind": "toolkit", "year_from": 2010}
    add_matching(5, topic)
    with CaptureQueriesContext(connection) as baseline:
        assert heading_total(library(client, **params)) == 5
    add_matching(20, topic)
    cache.clear()
    with django_assert_max_num_queries(len(baseline)):
        html = library(client, **params)
    assert "25 resources, showing 1 to 20</h2>" in html
    assert len(baseline) <= 7


def test_a_resource_page_makes_the_same_queries_for_few_or_many_topics_and_relations(
    client, make_resource, make_topic, django_assert_max_num_queries
):
    topics = [make_topic(content_note=f"Note {n}.") for n in range(2)]
    resource = make_resource(title="Safety guide", topics=topics)
    make_resource(title="Safety guide two", topics=topics[:1])
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(resource.get_absolute_url()).status_code == 200
    topics += [make_topic() for _ in range(8)]
    resource.topics.set(topics)
    for n in range(20):
        make_resource(title=f"Safety guide {n}", topics=topics[n % 10 :])
    cache.clear()
    with django_assert_max_num_queries(len(baseline)):
        html = client.get(resource.get_absolute_url()).content.decode()
    related = html[html.index('<h2 id="related-heading">') :]
    assert related.count("<li>") == 5
    assert len(baseline) <= 6


def test_a_keyword_filter_uses_the_search_index(index_scans_only, make_resource):
    make_resource(title="Safety plan")
    plan = Resource.objects.filter(keyword_q("safety")).explain()
    # One index scan per language's reading of the words.
    scans = re.findall(
        r"Bitmap Index Scan on resource_search\s.*\n\s+Index Cond: \(search_vector @@", plan
    )
    assert len(scans) == 2


def test_the_nearest_word_lookup_walks_the_trigram_index(index_scans_only, planning_corpus):
    # suggest keeps its SQL to itself: explain exactly the query it ran.
    with CaptureQueriesContext(connection) as queries:
        assert suggest("saftey") == "safety"
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(
        r"Index Scan using library_word_trgm on resources_libraryword w\s.*\n\s+Order By: .*<->",
        plan,
    )


# The resource page -----------------------------------------------------------------------------


@pytest.fixture
def related_library(make_resource, make_topic):
    planning, court = make_topic(name="Safety planning"), make_topic(name="Court")
    resource = make_resource(title="Safety planning for survivors", topics=[planning, court])
    make_resource(title="Safety planning for survivors (draft)", status=EditorialStatus.DRAFT)
    make_resource(title="Housing rights handbook", topics=[court])
    make_resource(title="Court preparation checklist", topics=[planning, court])
    make_resource(title="Safety planning for survivors at work", topics=[planning])
    make_resource(title="Safety planning for survivor families")
    make_resource(title="Quilting circle")
    make_resource(title="Zebra crossings")
    return resource


def test_related_resources_share_topics_first_then_the_closest_wording(client, related_library):
    html = client.get(related_library.get_absolute_url()).content.decode()
    section = html[html.index('<h2 id="related-heading">') :]
    related = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section)
    assert related[:4] == [
        "Court preparation checklist",
        "Safety planning for survivors at work",
        "Housing rights handbook",
        "Safety planning for survivor families",
    ]
    assert len(related) == 5
    assert "(draft)" not in html


def test_the_resource_page_lists_only_its_published_collections(
    client, make_resource, make_collection
):
    resource = make_resource()
    make_collection(title="Starting out", resources=[resource])
    make_collection(title="Unfinished", resources=[resource], status=EditorialStatus.DRAFT)
    make_collection(title="Elsewhere", resources=[make_resource()])
    html = client.get(resource.get_absolute_url()).content.decode()
    section = html[html.index('<h2 id="collections-heading">') :]
    assert re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', section)[:1] == ["Starting out"]
    assert "Unfinished" not in html
    assert "Elsewhere" not in html


def test_related_resources_work_out_the_resources_words_once(related_library):
    params = {"id": related_library.pk, "kind": related_library.kind}
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + RELATED_SQL, params | {"candidates": 150, "related": 5})
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Folded into the candidates' query, the words would be listed again for every candidate.
    assert "CTE me" in plan


def test_a_resource_with_no_other_resources_has_no_related_section(client, make_resource):
    resource = make_resource()
    assert "Related resources" not in client.get(resource.get_absolute_url()).content.decode()


def test_a_content_note_hides_the_summary_until_asked(client, make_resource, make_topic):
    topics = [
        make_topic(content_note="Describes self-injury."),
        make_topic(content_note="Describes self-injury."),
        make_topic(content_note="Mentions suicide."),
    ]
    resource = make_resource(topics=topics, summary="What recovery can look like.")
    html = client.get(resource.get_absolute_url()).content.decode()
    details = re.search(r'<details class="content-note">(.*?)</details>', html, re.S)
    assert details is not None
    inside = details.group(1)
    assert inside.index("Content note: Describes self-injury. Mentions suicide.") < inside.index(
        "What recovery can look like."
    )
    assert html.count("What recovery can look like.") == 1
    assert html.count("Describes self-injury.") == 1


def test_the_resource_page_links_out_without_a_referrer_and_says_when_it_was_reviewed(
    client, make_resource
):
    resource = make_resource(
        url="https://example.org/guide?a=1&b=2", last_reviewed=datetime.date(2025, 3, 4)
    )
    html = client.get(resource.get_absolute_url()).content.decode()
    assert '<a href="https://example.org/guide?a=1&amp;b=2" rel="noreferrer"' in html
    assert 'Open the resource <span class="leaves">(leaves this site)</span>' in html
    assert "Last reviewed by our curators on March 4, 2025." in html
    unreviewed = make_resource()
    html = client.get(unreviewed.get_absolute_url()).content.decode()
    assert "Our curators have not reviewed this entry yet." in html
