"""Browsing without a place or keywords, answered from memory (groups.browsing): the same counts
and pages as the database gives, every change seen at once, and "When" that follows the clock."""

import datetime
import random
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from groups import browsing
from groups.filters import DEFAULT_KINDS, DIMENSIONS
from groups.models import Audience, Category, Cost, Facilitation, Format, Joining, SupportGroup
from groups.search import PAGE_SIZE, Counting, GroupOptions, search_groups
from search.bitsets import Bitsets, from_positions, set_positions
from search.choices import EditorialStatus
from search.dimensions import with_choices
from tests import factories

SEPARATED = "people-who-use-violence"


def search(**params):
    from urllib.parse import urlencode

    return search_groups(QueryDict(urlencode(params, doseq=True)))


def names(found) -> list[str]:
    return [group.name for group in found.page]


# Bitsets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 70, 40_000])
def test_set_positions_skips_to_any_offset_across_blocks(size):
    rng = random.Random(size)
    rows = sorted(rng.sample(range(size), max(1, size // 3)))
    bits = from_positions(rows, size)
    assert bits.bit_count() == len(rows)
    for offset in (0, 1, len(rows) // 2, len(rows) - 1, len(rows), len(rows) + 5):
        assert set_positions(bits, offset, 20) == rows[offset : offset + 20]


def test_counts_keep_every_other_dimensions_choices():
    # Rows: 0 free+women, 1 free+men, 2 fee+women, 3 donation+women.
    sets = Bitsets(
        4,
        {
            ("cost", "free"): 0b0011,
            ("cost", "fee"): 0b0100,
            ("cost", "donation"): 0b1000,
            ("audience", "women"): 0b1101,
            ("audience", "men"): 0b0010,
        },
    )
    options = {"cost": ["free", "fee", "donation"], "audience": ["women", "men"]}
    counts = sets.counts(options, {"cost": ["free", "fee"], "audience": ["women"]}, 0b1111)
    assert counts.total == 2  # rows 0 and 2
    # Cost counts among women; audience counts among free or fee.
    assert counts.by_option == {
        ("cost", "free"): 1,
        ("cost", "fee"): 1,
        ("cost", "donation"): 1,
        ("audience", "women"): 2,
        ("audience", "men"): 1,
    }
    assert sets.counts(options, {}, 0b0111).total == 3  # only what `within` lets in


# Against the database ----------------------------------------------------------------------------


@pytest.fixture
def many_groups(db):
    """Groups varied on every dimension, some of them programs, some unpublished or another kind."""
    rng = random.Random(11)
    topics = list(Category.objects.filter(is_separated=False))
    separated = Category.objects.get(slug=SEPARATED)
    now = timezone.now()
    for n in range(60):
        program = n % 9 == 0
        group = factories.make_group(
            name=f"{rng.choice(['Harbor', 'Willow', 'Cedar', 'Open Door'])} {n:02d}",
            categories=[separated, *rng.sample(topics, rng.randint(0, 1))]
            if program
            else rng.sample(topics, rng.randint(1, 2)),
            format=rng.choice(list(Format)),
            audiences=rng.sample([a.value for a in Audience], rng.randint(0, 2)),
            languages=rng.sample(["en", "es", "vi"], rng.randint(1, 2)),
            cost=rng.choice([Cost.FREE, Cost.DONATION, Cost.SLIDING_SCALE]),
            facilitation=rng.choice(list(Facilitation)),
            joining=rng.choice(list(Joining)),
            childcare=rng.random() < 0.3,
            status=EditorialStatus.DRAFT if n % 13 == 5 else EditorialStatus.PUBLISHED,
            kind="warmline" if n % 17 == 3 else "support_group",
        )
        zone = rng.choice(["America/New_York", "America/Los_Angeles", "Pacific/Honolulu"])
        for _ in range(rng.randint(0, 2)):
            at = now + datetime.timedelta(minutes=rng.randint(-200, 60 * 24 * 8))
            start = at.astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0)
            if start.hour == 23:  # a meeting ends on the day it starts
                start -= datetime.timedelta(hours=1)
            end = start + datetime.timedelta(hours=1)
            factories.make_meeting(
                group,
                timezone=zone,
                weekday=start.weekday(),
                start_time=start.time(),
                end_time=end.time(),
                valid_from=datetime.date(2026, 1, 1),
            )


CHOSEN = [
    {},
    {"cost": ["free"]},
    {"audience": ["women"], "day": ["tue", "sat"]},
    {"soon": ["hours"]},
    {"soon": ["today", "yes"], "language": ["es"]},
    {"category": [SEPARATED]},
    {"category": [SEPARATED], "cost": ["free", "donation"]},
    {"format": ["online", "phone"], "childcare": ["yes"], "joining": ["drop_in"]},
    {"category": ["mental-health", "self-injury"], "time": ["evening"], "access": ["parking"]},
    {"kind": ["warmline", "support_group"], "cost": ["free"]},
    {"kind": ["warmline"]},
]


@pytest.mark.parametrize("chosen", CHOSEN, ids=[str(n) for n in range(len(CHOSEN))])
def test_memory_gives_the_counts_and_list_the_database_gives(many_groups, chosen):
    chosen = {"kind": DEFAULT_KINDS, **chosen}  # as the finder reads a query string
    options = GroupOptions.load()
    programs = options.lists_programs(chosen)
    candidates = SupportGroup.objects.published()
    if not programs:
        candidates = candidates.without_separated()
    separated = options.separated_slugs
    counting = Counting(options, hidden_categories=separated - set(chosen.get("category", [])))
    in_sql = counting.query(candidates, chosen).counts()

    index = browsing.current()
    values = {param: [v for v, _ in choices] for param, choices in options.choices.items()}
    in_memory = index.bitsets.counts(values, chosen, index.within(programs=programs))
    assert in_memory.total == in_sql.total
    assert {k: n for k, n in in_memory.by_option.items() if n} == {
        k: n for k, n in in_sql.by_option.items() if n
    }
    # The page lists the same groups in the same order.
    expected = list(
        with_choices(candidates, DIMENSIONS, chosen)
        .order_by("name", "pk")
        .values_list("name", flat=True)[:PAGE_SIZE]
    )
    assert names(search(**chosen)) == expected


def test_a_later_page_is_the_same_slice_the_database_gives(db):
    for n in range(45):
        factories.make_group(name=f"Circle {n:02d}", cost=Cost.FREE if n % 2 else Cost.DONATION)
    expected = list(
        SupportGroup.objects.filter(cost=Cost.FREE)
        .order_by("name", "pk")
        .values_list("name", flat=True)
    )
    assert names(search(cost="free", page="2")) == expected[PAGE_SIZE : 2 * PAGE_SIZE]
    assert names(search(cost="free", page="99")) == expected[PAGE_SIZE:]  # the last page


# Changes ---------------------------------------------------------------------------------------


def test_every_change_is_seen_by_the_next_request(db):
    group = factories.make_group(name="Harbor Circle", cost=Cost.FREE)
    assert names(search(cost="free")) == ["Harbor Circle"]
    SupportGroup.objects.filter(pk=group.pk).update(cost=Cost.DONATION)
    assert names(search(cost="free")) == []
    SupportGroup.objects.filter(pk=group.pk).update(status=EditorialStatus.ARCHIVED)
    assert search(cost="donation").page.paginator.count == 0
    SupportGroup.objects.filter(pk=group.pk).update(status=EditorialStatus.PUBLISHED)
    factories.make_meeting(group, weekday=5)
    assert search(day="sat").page.paginator.count == 1


def test_a_change_rolled_back_leaves_the_index_as_the_data_is(db):
    factories.make_group(name="Harbor Circle")
    assert search().page.paginator.count == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.make_group(name="Willow Circle")
        assert search().page.paginator.count == 2
        raise RuntimeError("roll back")
    assert names(search()) == ["Harbor Circle"]


def test_a_group_unpublished_after_the_index_was_read_is_not_shown(db, monkeypatch):
    group = factories.make_group(name="Harbor Circle")
    index = browsing.current()
    # Unpublished by another process just after this one read the version number.
    monkeypatch.setattr(browsing, "version", lambda: index.version)
    SupportGroup.objects.filter(pk=group.pk).update(status=EditorialStatus.ARCHIVED)
    assert browsing.current() is index
    assert names(search()) == []


# When ------------------------------------------------------------------------------------------


def test_when_is_read_again_once_a_meeting_ends(db):
    now = timezone.now()
    # Somewhere it is between 1 am and 10 pm, so a meeting starts and ends today there.
    zone = next(
        ZoneInfo(name)
        for name in ("America/New_York", "Asia/Tokyo", "Europe/London")
        if 1 <= now.astimezone(ZoneInfo(name)).hour < 22
    )
    local = now.astimezone(zone)
    group = factories.make_group(name="Harbor Circle")
    end = (local + datetime.timedelta(minutes=30)).replace(second=0, microsecond=0)
    factories.make_meeting(
        group,
        timezone=str(zone),
        weekday=local.weekday(),
        start_time=(local - datetime.timedelta(minutes=30)).time(),
        end_time=end.time(),
        valid_from=datetime.date(2026, 1, 1),
    )
    assert names(search(soon="hours")) == ["Harbor Circle"]
    index = browsing.current()
    assert now.timestamp() < index.when_until <= end.timestamp()
    # Once that moment has passed, the answers are worked out again.
    index.when_until = now.timestamp() - 1
    index.when = {}
    assert names(search(soon="today")) == ["Harbor Circle"]
    assert browsing.current().when_until > now.timestamp()
    # And once a new day has begun somewhere, the meetings are read again.
    index.midnight = now.timestamp() - 1
    index.meetings = []
    assert names(search(soon="hours")) == ["Harbor Circle"]
    assert index.meetings
