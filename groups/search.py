"""The group finder: nearby groups in distance order, online groups beside them, and counts.

Nearby groups are found from their meeting places through the earth-distance index (the box
pre-filter), then held to the exact radius. Confidential places are only ever measured from
their area point, and distances leave here as coarse bands.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    F,
    Q,
    QuerySet,
)
from django.http import QueryDict
from django.utils import timezone

from groups import schedule
from groups.filters import DIMENSIONS, ONLINE_FORMATS, GroupFilter, with_keywords
from groups.geo import (
    PlaceMatch,
    distance_band,
    find_place,
)
from groups.models import Category, Place, SupportGroup, with_meetings
from search.facets import Counts, Facet, InvalidSearch, build_facets, count_options

PAGE_SIZE = 20
COUNTS_SECONDS = 120
ONLINE_PREVIEW = 10


@dataclass
class GroupSearch:
    filterset: GroupFilter
    place: Place | None = None
    place_choices: list[Place] = field(default_factory=list)
    place_unknown: bool = False
    page: Page | None = None
    online: list[SupportGroup] = field(default_factory=list)
    online_more: bool = False
    facets: list[Facet] = field(default_factory=list)
    separated_chosen: bool = False
    separated_category: Category | None = None

    @property
    def radius(self) -> int:
        return self.filterset.radius_miles

    @property
    def sort(self) -> str:
        return self.filterset.form.cleaned_data.get("sort") or (
            "distance" if self.place else "name"
        )


def search_groups(params: QueryDict) -> GroupSearch:
    categories = list(Category.objects.all())
    filterset = GroupFilter(params, queryset=SupportGroup.objects.none(), categories=categories)
    if not filterset.is_valid():
        raise InvalidSearch(filterset.error_messages())
    search = GroupSearch(filterset=filterset)
    chosen = filterset.chosen()
    separated = {category.slug for category in categories if category.is_separated}
    search.separated_category = next((c for c in categories if c.is_separated), None)
    search.separated_chosen = bool(separated & set(chosen.get("category", [])))

    base = SupportGroup.objects.published()
    if not search.separated_chosen:
        base = base.without_separated()
    keywords = filterset.form.cleaned_data.get("q", "")
    if keywords:
        base = with_keywords(base, keywords)

    near = filterset.form.cleaned_data.get("near", "").strip()
    match = find_place(near) if near else PlaceMatch()
    search.place, search.place_choices = match.place, match.choices
    search.place_unknown = bool(near) and not match.found and not match.ambiguous

    online = base.filter(format__in=ONLINE_FORMATS)
    if search.place is not None:
        online = online.filter(
            Q(serves_states=[]) | Q(serves_states__contains=[search.place.state]),
            country=search.place.country,
        )
        main = base.exclude(format__in=ONLINE_FORMATS).near(search.place, miles=search.radius)
    elif match.ambiguous:
        main = SupportGroup.objects.none()
    elif search.place_unknown:
        main = online
    else:
        main = base

    hidden = separated - set(chosen.get("category", []))
    counting = {
        "choices": filterset.option_choices,
        "hidden_categories": hidden,
        "separated_slugs": separated,
    }
    distances: dict[int, float] = {}
    if search.place is not None:
        # The counts, and every match with the distance to its nearest meeting, in one query.
        search.facets, counts = facet_counts(main, chosen, nearby=True, **counting)
        matches, distances, total = counts.matches, counts.values, counts.total
    elif near or keywords:
        search.facets, counts = facet_counts(main, chosen, **counting)
        total = counts.total
    else:
        # Browsing without a place or keywords: the counts depend only on the filter choices,
        # so they are shared for a moment. Nothing a person typed is in the cache key.
        key = "group-counts:" + urlencode(sorted((p, v) for p, vs in chosen.items() for v in vs))
        search.facets, total = cache.get_or_set(
            key, lambda: facet_total(main, chosen, **counting), COUNTS_SECONDS
        )
    if search.place is not None and search.sort == "distance":
        search.page = page_by_distance(matches, distances, params.get("page"))
    else:
        if search.place is not None:
            main = SupportGroup.objects.filter(pk__any_of=matches)
        else:
            main = filterset.filter_queryset(main)
        paginator = CountedPaginator(
            main.order_by(*ordering(search.sort)).for_cards(), PAGE_SIZE, count=total
        )
        search.page = paginator.get_page(params.get("page"))
    search.page.object_list = list(search.page.object_list)
    if search.place is not None or search.place_unknown:
        # Most recently checked first, through the partial index group_online_recent.
        online = (
            filterset.filter_queryset(online)
            .order_by(F("last_verified").desc(nulls_last=True), "name", "pk")
            .for_cards()
        )
        # One more than the preview tells whether to offer "see all" without counting them all.
        search.online = list(online[: ONLINE_PREVIEW + 1])
        search.online_more = len(search.online) > ONLINE_PREVIEW
        search.online = search.online[:ONLINE_PREVIEW]
    # The page and the online preview get their meetings in one query.
    cards = with_meetings([*search.page.object_list, *search.online])
    now = timezone.now()
    for group in cards:
        # Every card gets every attribute (online groups have no distance): a lookup that
        # fails in a template is slow as well as silent.
        group.distance = distances.get(group.pk)
        group.distance_band = distance_band(group.distance) if group.distance is not None else ""
        group.next_meeting = soonest(group, now)
    return search


def soonest(group: SupportGroup, now) -> schedule.Occurrence | None:
    found = schedule.next_meeting(group.card_meetings, now)
    return schedule.Occurrence(found[0]) if found else None


def page_by_distance(matches: list[int], distances: dict[int, float], number) -> Page:
    """A page of nearby results, nearest first, ordered from the distances already known."""
    ordered = sorted(matches, key=lambda pk: (distances[pk], pk))
    page = Paginator(ordered, PAGE_SIZE).get_page(number)
    by_id = SupportGroup.objects.filter(pk__in=list(page.object_list)).for_cards().in_bulk()
    page.object_list = [by_id[pk] for pk in page.object_list]
    return page


def ordering(sort: str) -> list:
    if sort == "verified":
        return [F("last_verified").desc(nulls_last=True), "name", "pk"]
    return ["name", "pk"]


def facet_counts(
    candidates: QuerySet,
    chosen: dict[str, list[str]],
    *,
    choices: dict[str, list[tuple[str, str]]],
    hidden_categories: set[str],
    separated_slugs: set[str],
    nearby: bool = False,
) -> tuple[list[Facet], Counts]:
    """Every option's count in one query (search.facets), with the total; for `nearby`
    candidates (`SupportGroup.objects.near`) also every match and its distance in meters.

    Separated categories are left out of the options unless chosen (safety rule 7).
    """
    counts = count_options(
        candidates,
        DIMENSIONS,
        chosen,
        # Conditions the database works out (meets in the next 7 days) are not columns: they
        # are worked out only for the rows that every other choice lets through.
        columns=["is_separated", *(d.column for d in DIMENSIONS if not d.sql)],
        want_ids=nearby,
        ids_with="meters_away" if nearby else "",
        # A separated program counts only under its separated categories: choosing any other
        # topic alone would leave it out (safety rule 7).
        part_conditions={
            "category": (
                "(NOT o.is_separated OR o.v = ANY(%s))",
                [sorted(separated_slugs)],
                ["is_separated"],
            )
        },
    )
    visible = {
        **choices,
        "category": [(v, label) for v, label in choices["category"] if v not in hidden_categories],
    }
    return build_facets(DIMENSIONS, counts, chosen, visible), counts


def facet_total(candidates: QuerySet, chosen: dict[str, list[str]], **counting) -> tuple:
    """The facets and the total alone: what the browsing cache keeps."""
    facets, counts = facet_counts(candidates, chosen, **counting)
    return facets, counts.total


class CountedPaginator(Paginator):
    """A paginator told the total up front, so it doesn't ask the database again."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count
