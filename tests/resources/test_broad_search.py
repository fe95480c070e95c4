"""Broad library searches: words so common that counting and ranking every match would take
too long, so the counts come from the sample and "Best match" ranks the best matches of each
common word (resources.word_search.search_words).

The thresholds are lowered here so a few resources make a broad search; the sample is fixed
by its index: resources whose id is a multiple of SAMPLE_EVERY.
"""

import itertools
import re
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resources import search, services, word_search
from resources.filters import keyword_q
from resources.keyset import encode_cursor
from resources.models import SAMPLE_EVERY, CollectionItem, Resource, TopMatch, in_search_sample
from resources.search import LibraryResults, search_library
from resources.services import refresh_search_vectors, refresh_top_matches, update_top_matches
from resources.word_search import read_words
from search.facets import about

pytestmark = pytest.mark.django_db

# Ids well past anything the sequence hands out in a test run: the sequence is not rolled back
# between tests, so an id it hands out may or may not be in the sample.
FIRST_SAMPLED = SAMPLE_EVERY * 100_000
UNSAMPLED = (n for n in itertools.count(FIRST_SAMPLED) if n % SAMPLE_EVERY)


def find(**params) -> LibraryResults:
    return search_library(QueryDict(urlencode(params, doseq=True)))


def titles(found: LibraryResults) -> list[str]:
    return [resource.title for resource in found.page.results]


def ranked(word: str, **filters) -> list[str]:
    """Every published match of `word`, best first, ranked by the database over all of them."""
    rank = RawSQL("ts_rank(search_vector, websearch_to_tsquery('library_english', %s))", [word])
    matches = Resource.objects.published().filter(keyword_q(word), **filters)
    return list(matches.annotate(rank=rank).order_by("-rank", "pk").values_list("title", flat=True))


@pytest.fixture
def thresholds(monkeypatch):
    """Broad from 2 sampled matches (128 estimated); a word is common from 3 resources."""
    monkeypatch.setattr(word_search, "BROAD_MATCHES", 2 * SAMPLE_EVERY)
    monkeypatch.setattr(services, "COMMON_WORD_DOCUMENTS", 3)
    monkeypatch.setattr(services, "TOP_MATCHES_PER_WORD", 5)


@pytest.fixture
def shelter_library(thresholds, make_resource):
    """16 resources about shelters (3 of them in the sample), and 3 about something else."""
    sampled = [
        ("Finding a bed tonight", "article", "A shelter can take you in tonight."),
        ("What to pack", "article", "Bring this list to a shelter."),
        ("A night in a shelter, filmed", "video", "A short film about shelter life."),
    ]
    for n, (title, kind, summary) in enumerate(sampled):
        make_resource(id=FIRST_SAMPLED + n * SAMPLE_EVERY, title=title, kind=kind, summary=summary)
    unsampled = [
        ("Shelter rules explained", "article", "How a shelter works, shelter staff."),
        ("Shelter", "article", "Shelter shelter shelter: all about shelters."),
        ("Shelter and housing", "article", "From a shelter to a home."),
        ("Shelter for pets", "video", "Shelters that take pets."),
        ("Shelter stays for teens", "video", "Youth shelter."),
        *((f"Housing guide {n}", "article", f"Mentions a shelter once ({n}).") for n in range(8)),
        *((f"Court guide {n}", "article", "Going to court.") for n in range(3)),
    ]
    for title, kind, summary in unsampled:
        make_resource(id=next(UNSAMPLED), title=title, kind=kind, summary=summary)
    refresh_top_matches()


# Counting from the sample --------------------------------------------------------------------


def test_a_broad_search_estimates_its_counts_from_the_sample(shelter_library):
    found = find(q="shelter")
    assert found.total_estimated
    assert found.total == 3 * SAMPLE_EVERY
    assert found.total_text == "about 190"
    kinds = {o.value: o.count_text for f in found.facets if f.param == "kind" for o in f.options}
    assert kinds["article"] == "about 130"
    assert kinds["video"] == "under 100"
    assert kinds["book"] == "under 100"


def test_a_narrow_search_counts_exactly(thresholds, make_resource):
    make_resource(id=FIRST_SAMPLED, title="Shelter A", summary="A shelter.")
    make_resource(id=next(UNSAMPLED), title="Shelter B", summary="Another shelter.")
    found = find(q="shelter")
    assert not found.total_estimated
    assert found.total == 2
    assert not any(option.estimated for facet in found.facets for option in facet.options)


def test_the_page_says_the_counts_are_estimates(client, shelter_library):
    html = client.get(reverse("resources:list"), {"q": "shelter"}).content.decode()
    assert "About 190 resources, showing 1 to 5</h2>" in html
    assert '<label for="kind-article">Article <span class="count">(about 130)</span>' in html


@pytest.fixture
def thousands_more(shelter_library):
    """3,000 more articles, so reading every published resource costs what it would for real."""
    Resource.objects.bulk_create(
        Resource(
            id=next(UNSAMPLED),
            title=f"Court {n}",
            slug=f"court-{n}",
            kind="article",
            summary="Court.",
            url="https://example.org/",
            status="published",
        )
        for n in range(3000)
    )
    refresh_search_vectors()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE resources_resource")


def test_the_sample_is_counted_through_its_own_index(thousands_more):
    sample = Resource.objects.published().filter(keyword_q("shelter")).filter(in_search_sample())
    assert "resource_search_sample" in sample.order_by().explain()
    assert sample.count() == 3


def test_facets_are_read_through_the_words_index(index_scans_only, thousands_more):
    with connection.cursor() as cursor:
        # On a table this small, the order indexes (of published resources only) would do
        # as well: rule them out here (the test's transaction puts them back).
        cursor.execute("DROP INDEX resource_newest, resource_title_order")
    narrowed = Resource.objects.published().filter(
        keyword_q("shelter"), kind="video", topic_slugs__overlap=["stalking"]
    )
    plan = narrowed.order_by().explain()
    conditions = re.findall(r"Bitmap Index Scan on resource_search .*\n\s+Index Cond: (.*)", plan)
    assert any("kind" in c and "topic_slugs &&" in c for c in conditions), plan


@pytest.mark.parametrize("typed", ["-shelter", "-shelter the"])
def test_a_search_for_words_to_leave_out_reaches_the_sample_by_id(
    shelter_library, make_resource, typed
):
    # Two sampled resources without the word: broad (128 estimated).
    for n in range(2):
        make_resource(id=FIRST_SAMPLED + (20 + n) * SAMPLE_EVERY, title=f"Rent guide {n}")
    with CaptureQueriesContext(connection) as queries:
        found = find(q=typed)
    (sample,) = [q["sql"] for q in queries.captured_queries if "MOD(" in q["sql"]]
    assert "generate_series" in sample
    assert found.total_estimated
    assert found.total == 2 * SAMPLE_EVERY
    # Nothing to rank by: title order, through every match.
    assert found.sort == "title"
    assert titles(found) == [
        "Court guide 0",
        "Court guide 1",
        "Court guide 2",
        "Rent guide 0",
        "Rent guide 1",
    ]


def test_the_sample_reached_by_id_is_the_sample(shelter_library):
    by_id = Resource.objects.filter(pk__in=RawSQL(word_search.SAMPLE_IDS_SQL, []))
    assert sorted(by_id.values_list("pk", flat=True)) == sorted(
        Resource.objects.filter(in_search_sample()).values_list("pk", flat=True)
    )


def test_the_best_matches_condition_holds_inside_another_query(shelter_library, make_collection):
    make_collection(resources=list(Resource.objects.all()))
    best = Resource.objects.filter(word_search.best_matches_q(["shelter"]))
    placed = CollectionItem.objects.filter(resource__in=best)
    assert sorted(item.resource.title for item in placed) == sorted(ranked("shelter")[:5])


# Ranking the best matches ---------------------------------------------------------------------


def test_best_match_gives_the_very_best_of_a_one_word_search(shelter_library):
    found = find(q="shelter")
    assert found.best_only
    assert titles(found) == ranked("shelter")[:5]
    assert titles(found)[0] == "Shelter"
    # The list holds five; the page ends there and says why.
    assert not found.page.next_cursor


def test_the_last_ranked_page_offers_the_other_orders(client, shelter_library):
    html = client.get(reverse("resources:list"), {"q": "shelter"}).content.decode()
    assert "These are the best matches." in html
    assert "sort=newest" in html


def test_other_orders_still_reach_every_match(shelter_library):
    found = find(q="shelter", sort="title")
    assert found.total_estimated and not found.best_only
    assert titles(found) == sorted(ranked("shelter"), key=str.lower)


def test_choices_that_leave_few_are_counted_and_ranked_exactly(shelter_library):
    found = find(q="shelter", kind="video")
    assert not found.total_estimated
    assert found.total == 3
    assert titles(found) == ranked("shelter", kind="video")
    # The other options' counts are still the sample's.
    assert any(option.estimated for facet in found.facets for option in facet.options)


def every_page(**params) -> list[str]:
    found = find(**params)
    seen = titles(found)
    for _ in range(20):  # more pages than there can be
        if not found.page.next_cursor:
            return seen
        found = find(**params, after=found.page.next_cursor)
        seen += titles(found)
    raise AssertionError(f"The pages go round: {seen}")


def test_pages_of_a_narrowed_broad_search_follow_on(shelter_library, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    assert every_page(q="shelter", kind="video") == ranked("shelter", kind="video")


def test_pages_of_best_matches_follow_on_without_repeats(shelter_library, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    assert every_page(q="shelter") == ranked("shelter")[:5]
    # Narrowed by a choice, but still broad: the best matches of that type.
    assert every_page(q="shelter", kind="article") == [
        title for title in ranked("shelter", kind="article") if title in ranked("shelter")[:5]
    ]


def test_pages_going_back_mirror_pages_going_forward(shelter_library, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    first = find(q="shelter")
    second = find(q="shelter", after=first.page.next_cursor)
    back = find(q="shelter", before=second.page.previous_cursor)
    assert titles(back) == titles(first)
    assert back.page.start == 0


def test_a_common_word_without_a_list_yet_ranks_every_match(shelter_library):
    TopMatch.objects.all().delete()
    found = find(q="shelter")
    assert found.total_estimated and not found.best_only
    assert titles(found) == ranked("shelter")


def test_every_match_of_a_word_without_a_list_is_ranked_beside_the_best(
    shelter_library, make_resource
):
    make_resource(id=next(UNSAMPLED), title="Tenancy, tenancy", summary="Tenancy rights.")
    make_resource(id=next(UNSAMPLED), title="Know your rights", summary="A tenancy guide.")
    found = find(q="shelter or tenancy")
    assert found.best_only
    best = [*ranked("shelter")[:5], "Tenancy, tenancy", "Know your rights"]
    assert titles(found) == [t for t in ranked("shelter or tenancy") if t in best]
    assert "Tenancy, tenancy" in titles(found)


def test_when_no_best_match_meets_the_choices_every_match_is_counted_and_ranked(
    shelter_library, make_resource
):
    # Two sampled books: broad even with the choice, yet neither is among the best.
    for n in range(2):
        make_resource(
            id=FIRST_SAMPLED + (10 + n) * SAMPLE_EVERY,
            title=f"Book {n}",
            kind="book",
            summary="One shelter.",
        )
    found = find(q="shelter", kind="book")
    assert not found.total_estimated and not found.best_only
    assert found.total == 2
    assert titles(found) == ranked("shelter", kind="book")


def test_only_words_to_leave_out_are_put_in_title_order(shelter_library):
    found = find(q="-shelter")
    assert found.sort == "title"
    assert (
        titles(found)
        == sorted(
            (r.title for r in Resource.objects.exclude(title__icontains="shelter")), key=str.lower
        )[: len(titles(found))]
    )


def test_an_excluded_word_finds_nothing_through_the_lists(shelter_library):
    found = find(q="shelter -housing")
    assert "Shelter and housing" not in titles(found)
    # The best matches of "shelter" that leave housing out, ranked by the whole search.
    best = ranked("shelter")[:5]
    assert titles(found) == [title for title in ranked("shelter -housing") if title in best]


@pytest.fixture
def planning_library(thresholds, make_resource):
    """Every resource has both words; two of the sampled ones and three others the phrase."""
    sampled = [
        "Safety planning at home",
        "Safety planning with children",
        "Planning for safety",
        "Planning a move, and safety",
    ]
    for n, title in enumerate(sampled):
        make_resource(id=FIRST_SAMPLED + n * SAMPLE_EVERY, title=title)
    for title in [
        "Safety planning",
        "Safety planning for teens",
        "Safety planning at work",
        "Planning ahead for safety",
        "Safety first when planning",
    ]:
        make_resource(id=next(UNSAMPLED), title=title)
    refresh_top_matches()


def test_a_phrase_whose_words_are_common_is_broad_however_rare_the_phrase(planning_library):
    found = find(q='"safety planning"')
    # Four sampled resources have the words (256 estimated), two the phrase.
    assert found.total_estimated
    assert found.total_text == "about 130"
    assert found.best_only
    best = ranked("safety")[:5] + ranked("planning")[:5]
    assert titles(found) == [t for t in ranked('"safety planning"') if t in best]


def test_a_phrase_is_counted_with_the_phrase_not_just_its_words(thresholds, make_resource):
    make_resource(id=FIRST_SAMPLED, title="Safety planning")
    make_resource(id=next(UNSAMPLED), title="Planning for safety")
    make_resource(id=next(UNSAMPLED), title="Safety planning again")
    found = find(q='"safety planning"')
    assert not found.total_estimated
    assert found.total == 2
    assert titles(found) == ranked('"safety planning"')


def test_a_phrase_narrowed_to_few_by_a_choice_is_counted_exactly(planning_library, make_resource):
    make_resource(id=next(UNSAMPLED), title="Safety planning on film", kind="video")
    found = find(q='"safety planning"', kind="video")
    assert not found.total_estimated
    assert found.total == 1
    assert titles(found) == ["Safety planning on film"]


def test_a_hyphenated_word_is_searched_as_its_parts_together(thresholds, make_resource):
    make_resource(title="Self-injury and healing")
    make_resource(title="Caring for yourself after an injury")
    assert titles(find(q="self-injury")) == ["Self-injury and healing"]


def test_a_broad_phrase_in_title_order_reaches_every_match(planning_library):
    found = find(q='"safety planning"', sort="title")
    assert titles(found) == sorted(ranked('"safety planning"'), key=str.lower)


@pytest.mark.parametrize("rank", [1e-50, 1e-46, 1e31, -1.0])
def test_a_cursor_with_a_rank_no_search_gives_is_refused(client, shelter_library, rank):
    cursor = encode_cursor("relevance", rank, 5, 20)
    response = client.get(reverse("resources:list"), {"q": "shelter", "after": cursor})
    assert response.status_code == 400


# Keeping the lists ------------------------------------------------------------------------------


def test_the_lists_hold_the_best_matches_of_common_words_only(shelter_library):
    listed = TopMatch.objects.filter(word="shelter").order_by("-rank", "resource_id")
    assert [match.resource.title for match in listed] == ranked("shelter")[:5]
    # "court" is in three resources' summaries: common here. "explained" is in one title.
    assert TopMatch.objects.filter(word="court").count() == 3
    assert not TopMatch.objects.filter(word="explain").exists()


def test_a_saved_resource_that_ranks_among_the_best_joins_the_list(shelter_library, make_resource):
    best = make_resource(title="Shelter, shelter", summary="Shelter shelter shelter shelter.")
    assert titles(find(q="shelter"))[0] == "Shelter, shelter"
    best.title, best.summary = "Rent help", "Paying the rent."
    best.save()
    assert not TopMatch.objects.filter(resource=best).exists()
    assert "Rent help" not in titles(find(q="shelter"))


def test_a_saved_resource_below_the_best_stays_off_the_list(shelter_library, make_resource):
    weak = make_resource(title="Budget guide", summary="Money, and a shelter at the very end.")
    assert not TopMatch.objects.filter(resource=weak, word="shelter").exists()


def test_updating_nothing_changes_nothing_and_asks_nothing(shelter_library):
    before = sorted(TopMatch.objects.values_list("word", "resource_id", "rank"))
    with CaptureQueriesContext(connection) as queries:
        update_top_matches(resource_ids=[])
    assert len(queries) == 0
    assert sorted(TopMatch.objects.values_list("word", "resource_id", "rank")) == before


def test_refresh_library_rebuilds_the_lists(shelter_library, capsys):
    TopMatch.objects.all().delete()
    call_command("refresh_library")
    assert "best matches kept for" in capsys.readouterr().out
    assert TopMatch.objects.filter(word="shelter").count() == 5


def test_a_word_with_a_quote_can_be_listed_and_found(thresholds, make_resource):
    for n in range(3):
        make_resource(title=f"Guide {n}", summary="More at x.com/it's free.")
    refresh_top_matches()
    listed = TopMatch.objects.filter(word="x.com/it's")
    assert listed.count() == 3
    assert all(match.rank > 0 for match in listed)
    # A word without a list, quoted too, brings every match of its own.
    unlisted = make_resource(title="Guide 3", summary="At example.org/a'b only.")
    found = Resource.objects.filter(word_search.best_matches_q(["x.com/it's", "example.org/a'b"]))
    assert sorted(r.pk for r in found) == sorted([m.resource_id for m in listed] + [unlisted.pk])


def test_the_best_matches_are_read_through_their_index(index_scans_only, shelter_library):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + word_search.BEST_MATCHES_SQL, [["shelter", "shelt"]] * 3)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "top_match_once" in plan


def test_saving_the_lowest_listed_resource_unchanged_keeps_its_place(shelter_library):
    lowest = TopMatch.objects.filter(word="shelter").order_by("rank", "-resource_id").first()
    lowest.resource.save()
    assert TopMatch.objects.filter(word="shelter").count() == 5
    assert TopMatch.objects.filter(word="shelter", resource=lowest.resource).exists()


def test_an_unpublished_resource_leaves_the_lists(shelter_library):
    best = Resource.objects.get(title="Shelter")
    best.status = "draft"
    best.save()
    assert not TopMatch.objects.filter(resource=best).exists()
    assert "Shelter" not in titles(find(q="shelter"))


# Reading the words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "searchable", "words"),
    [
        # English stems, then Spanish ones.
        ("shelter", True, ["shelt", "shelter"]),
        ('"safety planning"', True, ["plan", "planning", "safeti", "safety"]),
        ("shelter -housing", True, ["shelt", "shelter"]),
        ("court or shelter", True, ["court", "shelt", "shelter"]),
        ("-housing", True, []),
        ("violencia doméstica", True, ["domest", "domestica", "violenci", "violencia"]),
    ],
)
def test_the_words_a_match_can_be_found_by(db, typed, searchable, words):
    read = read_words(typed)
    assert (read.searchable, read.stems) == (searchable, words)


def test_words_too_common_to_search_for_leave_nothing(db):
    assert not read_words("the and").searchable


@pytest.mark.parametrize(
    ("typed", "loose"),
    [
        ("shelter", None),
        ("shelter -housing", None),
        ('"safety planning"', {"english": "'safeti' & 'plan'", "spanish": "'safety' & 'planning'"}),
        (
            'court "safety plan" -"court date"',
            {"english": "'court' & 'safeti' & 'plan'", "spanish": "'court' & 'safety' & 'plan'"},
        ),
        ('-"safety planning"', None),
    ],
)
def test_a_phrase_is_loosened_to_its_words(db, typed, loose):
    assert read_words(typed).loose == loose


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "under 100"),
        (64, "under 100"),
        (100, "about 100"),
        (128, "about 130"),
        (1984, "about 2,000"),
        (71040, "about 71,000"),
    ],
)
def test_estimates_read_as_round_numbers(count, text):
    assert about(count) == text
