"""The group finder: nearby groups in distance order, online groups beside them, and counts.

Nearby groups are found from their meeting places through the earth-distance index (the box
pre-filter), then held to the exact radius. Confidential places are only ever measured from
their area point, and distances leave here as coarse bands (docs/safety.md, rule 6).
"""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import QueryDict
from django.template.defaultfilters import pluralize
from django.utils import timezone

from groups import browsing, schedule
from groups.earth import METERS_PER_MILE
from groups.filters import (
    COUNT_COLUMNS,
    DEFAULT_KINDS,
    DIMENSIONS,
    DIMENSIONS_BY_PARAM,
    ONLINE_FORMATS,
    GroupFilter,
    with_keywords,
)
from groups.geo import (
    DEFAULT_RADIUS,
    LIKELY_CHOICES,
    RADIUS_CHOICES,
    PlaceMatch,
    distance_band,
    find_place,
)
from groups.models import (
    Category,
    ListingKind,
    MeetingPlace,
    Place,
    SupportGroup,
    timetables,
    with_meetings,
)
from search.bitsets import set_positions
from search.counts import Counts, FacetQuery, OptionCondition
from search.dimensions import with_choices
from search.facets import Facet, InvalidSearch, build_facets

PAGE_SIZE = 20
KIND_NOUNS = {
    ListingKind.WARMLINE: "warmline",
    ListingKind.DROP_IN_CENTRE: "drop-in centre",
    ListingKind.PEER_RESPITE: "peer respite",
}
ONLINE_PREVIEW = 10
PROGRAMS_PREVIEW = 5  # each list of the programs' own section, beside other topics


@dataclass(frozen=True)
class GroupOptions:
    """What the finder offers to choose from, read once per request."""

    categories: list[Category]
    choices: dict[str, list[tuple[str, str]]]

    @classmethod
    def load(cls) -> "GroupOptions":
        categories = list(Category.objects.all())
        choices = {d.param: d.choices() for d in DIMENSIONS}
        choices["category"] = [(category.slug, category.name) for category in categories]
        return cls(categories, choices)

    @property
    def separated_slugs(self) -> set[str]:
        """Categories shown only when chosen: programs for people who use violence
        (docs/safety.md, rule 7)."""
        return {category.slug for category in self.categories if category.is_separated}

    def lists_programs(self, chosen: dict[str, list[str]]) -> bool:
        """Whether the results are the programs for people who use violence: only when every
        topic chosen is a separated one."""
        topics = set(chosen.get("category", []))
        return bool(topics) and topics <= self.separated_slugs

    def programs_beside(self, chosen: dict[str, list[str]]) -> list[str]:
        """The separated topics chosen beside other topics, whose programs then have a section
        of their own, never in the list of support groups."""
        topics = chosen.get("category", [])
        separated = [topic for topic in topics if topic in self.separated_slugs]
        return separated if len(separated) < len(topics) else []


@dataclass(frozen=True)
class GroupSearch:
    """What someone asked the finder for, read and checked from the query string."""

    near: str = ""
    radius: int = DEFAULT_RADIUS  # miles
    keywords: str = ""
    chosen: dict[str, list[str]] = field(default_factory=dict)  # filter values, by parameter
    sort: str = ""  # as asked; "" for the default
    page: str | None = None

    @classmethod
    def from_params(cls, params: QueryDict, options: GroupOptions) -> "GroupSearch":
        filterset = GroupFilter(
            params, queryset=SupportGroup.objects.none(), choices=options.choices
        )
        if not filterset.is_valid():
            raise InvalidSearch(filterset.error_messages())
        data = filterset.form.cleaned_data
        return cls(
            near=data.get("near", "").strip(),
            radius=data.get("radius") or DEFAULT_RADIUS,
            keywords=data.get("q", ""),
            chosen=filterset.chosen(),
            sort=data.get("sort") or "",
            page=params.get("page"),
        )

    @property
    def asked(self) -> dict[str, list[str]]:
        """The choices as asked for: without the kind the finder lists unless told."""
        return {
            param: values
            for param, values in self.chosen.items()
            if not (param == "kind" and values == DEFAULT_KINDS)
        }

    def query_string(self) -> str:
        """This search as a query string (first page)."""
        params = [("near", self.near)] if self.near else []
        if self.near and self.radius != DEFAULT_RADIUS:
            params.append(("radius", self.radius))
        if self.keywords:
            params.append(("q", self.keywords))
        params += [(param, value) for param, values in self.asked.items() for value in values]
        if self.sort:
            params.append(("sort", self.sort))
        return "?" + urlencode(params)


@dataclass
class GroupResults:
    """What the finder found for a search: the page of results and what the page shows beside."""

    search: GroupSearch
    place: Place | None = None
    place_choices: list[Place] = field(default_factory=list)
    place_unknown: bool = False
    place_state: str = ""  # a state asked for alone: its online groups, and a prompt for a town
    place_state_name: str = ""
    also_state: str = ""  # 'New York': the city was found; the state is offered beside it
    page: Page | None = None
    online: list[SupportGroup] = field(default_factory=list)
    online_more: bool = False
    facets: list[Facet] = field(default_factory=list)
    separated_chosen: bool = False
    separated_category: Category | None = None
    programs_only: bool = False  # only separated topics chosen: the results are programs
    programs: "Programs | None" = None  # separated topics chosen beside others
    without_programs: GroupSearch | None = None  # the search for support groups alone
    ways_out: list["WayOut"] = field(default_factory=list)  # when nothing matched

    @property
    def noun(self) -> str:
        """What the list is of: "group", "program", or the one other kind chosen."""
        if self.programs_only:
            return "program"
        kinds = self.search.chosen.get("kind", DEFAULT_KINDS)
        if kinds == DEFAULT_KINDS:
            return "group"
        return KIND_NOUNS.get(kinds[0], "listing") if len(kinds) == 1 else "listing"

    @property
    def sort(self) -> str:
        return self.search.sort or ("distance" if self.place else "name")

    @property
    def searched(self) -> bool:
        """Whether anything was asked: then the results come before the form."""
        return bool(self.search.near or self.search.asked or self.search.keywords)

    @property
    def summary(self) -> list[str]:
        """The search in a line: "Near Atlanta, GA", "25 miles", "2 filters", "“evening”"."""
        parts = []
        if self.place is not None:
            parts += [f"Near {self.place.city}, {self.place.state}", f"{self.search.radius} miles"]
        elif self.place_state:
            parts.append(f"Online in {self.place_state_name}")
        elif self.place_choices:
            parts.append("Which place?")
        elif self.search.near:
            parts.append("Place not found")
        if n := sum(len(values) for values in self.search.asked.values()):
            parts.append(f"{n} filter{pluralize(n)}")
        if self.search.keywords:
            parts.append(f"“{self.search.keywords}”")
        return parts

    @property
    def likely_choices(self) -> list[Place]:
        return self.place_choices[:LIKELY_CHOICES]

    @property
    def more_choices(self) -> list[Place]:
        return self.place_choices[LIKELY_CHOICES:]


def search_groups(params: QueryDict) -> GroupResults:
    """The finder's answer to a query string; InvalidSearch when a parameter is wrong."""
    options = GroupOptions.load()
    return find_groups(GroupSearch.from_params(params, options), options)


def find_groups(search: GroupSearch, options: GroupOptions) -> GroupResults:
    chosen_categories = set(search.chosen.get("category", []))
    separated = options.separated_slugs
    results = GroupResults(
        search,
        separated_chosen=bool(separated & chosen_categories),
        separated_category=next((c for c in options.categories if c.is_separated), None),
        programs_only=options.lists_programs(search.chosen),
    )
    if results.separated_chosen:
        others = [topic for topic in search.chosen["category"] if topic not in separated]
        without = {p: v for p, v in search.chosen.items() if p != "category"}
        results.without_programs = replace(
            search, chosen={**without, "category": others} if others else without
        )
    match = find_place(search.near) if search.near else PlaceMatch()
    results.place, results.place_choices = match.place, match.choices
    results.place_state, results.place_state_name = match.state, match.state_name
    results.also_state = match.also_state
    results.place_unknown = (
        bool(search.near) and not match.found and not match.ambiguous and not match.state
    )
    main, online = group_sets(search, match, options)
    # Browsing, without a place or keywords, is answered from memory (groups.browsing).
    index = browsing.current() if not search.near and not search.keywords else None
    program_distances: dict[int, float] = {}
    if (topics := options.programs_beside(search.chosen)) and not match.ambiguous:
        results.programs, program_distances = find_programs(
            search, match, options, topics=topics, sort=results.sort, index=index
        )

    counting = Counting(
        options,
        hidden_categories=separated - chosen_categories,
        counted_apart=results.programs.by_topic if results.programs else {},
    )
    if results.place is not None:
        # The counts, and every match with the distance to its nearest meeting, in one query.
        counts, distances = counting.query(main, search.chosen).counts_and_matches("meters_away")
        results.facets = counting.facets(counts, search.chosen)
        total = counts.total
    elif index is None:
        counts, distances = counting.query(main, search.chosen).counts(), {}
        results.facets, total = counting.facets(counts, search.chosen), counts.total
    else:
        within = index.within(programs=results.programs_only)
        values = {param: [v for v, _ in choices] for param, choices in options.choices.items()}
        counts, distances = index.bitsets.counts(values, search.chosen, within), {}
        results.facets, total = counting.facets(counts, search.chosen), counts.total

    if results.place is not None and results.sort == "distance":
        results.page = page_by_distance(distances, search.page)
    elif index is not None and results.sort == "name":
        matched = index.bitsets.matching(search.chosen, within)
        results.page = Paginator(range(total), PAGE_SIZE).get_page(search.page)
        offset = max(0, results.page.start_index() - 1)
        numbers = set_positions(matched, offset, PAGE_SIZE)
        # The programs' first few come in the same query.
        programs = results.programs.found if results.programs is not None else []
        results.page.object_list, programs[:] = in_order(
            index, numbers, [group.pk for group in programs]
        )
    else:
        if results.place is not None:
            main = SupportGroup.objects.filter(pk__any_of=list(distances))
        else:
            main = with_choices(main, DIMENSIONS, search.chosen)
        paginator = CountedPaginator(
            main.order_by(*ordering(results.sort)).for_cards(), PAGE_SIZE, count=total
        )
        results.page = paginator.get_page(search.page)
    results.page.object_list = list(results.page.object_list)
    if results.place is not None or results.place_unknown:
        results.online, results.online_more = online_preview(online, search.chosen)
    if total == 0 and (results.place or results.place_state or search.asked or search.keywords):
        results.ways_out = ways_out(search, match, options, index=index)
    cards = [*results.page.object_list, *results.online]
    if results.programs is not None:
        cards += [*results.programs.found, *results.programs.online]
    dress_cards(cards, {**distances, **program_distances})
    return results


def group_sets(
    search: GroupSearch, match: PlaceMatch, options: GroupOptions
) -> tuple[QuerySet, QuerySet]:
    """The groups the main list draws on, and the online groups shown beside them, before
    the filter choices."""
    base = SupportGroup.objects.published()
    if not options.lists_programs(search.chosen):
        base = base.without_separated()
    if search.keywords:
        base = with_keywords(base, search.keywords)
    online = base.filter(format__in=ONLINE_FORMATS)
    if match.place is not None:
        online = online.filter(
            Q(serves_states=[]) | Q(serves_states__contains=[match.place.state]),
            country=match.place.country,
        )
        main = base.exclude(format__in=ONLINE_FORMATS).near(match.place, miles=search.radius)
    elif match.state:
        main = online.filter(
            Q(serves_states=[]) | Q(serves_states__contains=[match.state]), country="US"
        )
    elif match.ambiguous:
        main = SupportGroup.objects.none()
    elif search.near:  # a place we don't know: the online groups stand in
        main = online
    else:
        main = base
    return main, online


@dataclass
class Programs:
    """Programs for people who use violence, when other topics are chosen beside theirs: a
    section of their own, counted on its own, never in the support groups' list
    (docs/safety.md, rule 7)."""

    search: GroupSearch  # the programs alone, with the same place and filters: "see all"
    found: list[SupportGroup]
    total: int
    by_topic: dict[str, int]  # how many each separated topic chosen gives: its option's count
    online: list[SupportGroup] = field(default_factory=list)
    online_more: bool = False

    @property
    def more(self) -> bool:
        return self.total > len(self.found) or self.online_more


def find_programs(
    search: GroupSearch,
    match: PlaceMatch,
    options: GroupOptions,
    *,
    topics: list[str],
    sort: str,
    index: browsing.BrowsingIndex | None = None,
) -> tuple[Programs, dict[int, float]]:
    """The first programs the search for them alone would list (nearest first near a place),
    how many there are under each topic, the first online ones near a place, and the
    distances of those found. Three queries at most; one when browsing (`index`)."""
    alone = replace(search, chosen={**search.chosen, "category": topics}, page=None)
    main, online = group_sets(alone, match, options)
    rows = with_choices(main, DIMENSIONS, alone.chosen)
    if index is not None:
        bitsets = index.bitsets
        matched = bitsets.matching(alone.chosen, index.within(programs=True))
        counted = {
            "total": matched.bit_count(),
            **{
                f"topic_{n}": (matched & bitsets.any_of("category", [topic])).bit_count()
                for n, topic in enumerate(topics)
            },
        }
    else:
        counted = rows.aggregate(
            total=Count("pk"),
            **{
                f"topic_{n}": Count("pk", filter=Q(category_slugs__contains=[topic]))
                for n, topic in enumerate(topics)
            },
        )
    near = match.place is not None
    if index is not None and sort == "name":
        # Only their ids: find_groups reads them with the page's groups.
        numbers = set_positions(matched, 0, PROGRAMS_PREVIEW)
        found = [SupportGroup(pk=index.ids[number]) for number in numbers]
    else:
        order = ["meters_away", "pk"] if near and sort == "distance" else ordering(sort)
        found = list(rows.order_by(*order).for_cards()[:PROGRAMS_PREVIEW])
    programs = Programs(
        alone,
        found,
        total=counted["total"],
        by_topic={topic: counted[f"topic_{n}"] for n, topic in enumerate(topics)},
    )
    if near:
        programs.online, programs.online_more = online_preview(
            online, alone.chosen, size=PROGRAMS_PREVIEW
        )
    return programs, {group.pk: group.meters_away for group in found} if near else {}


@dataclass(frozen=True)
class WayOut:
    """A change to a search that found nothing, and how many groups the changed search finds."""

    text: str
    href: str
    count: int


def ways_out(
    search: GroupSearch,
    match: PlaceMatch,
    options: GroupOptions,
    *,
    index: browsing.BrowsingIndex | None = None,
) -> list[WayOut]:
    """Only the changes that lead somewhere: a wider radius, one choice fewer, no keywords,
    or the online groups, each with the number of groups it finds. Asked only when nothing
    matched, one count each (counted in memory when browsing: `index`)."""

    def count(changed: GroupSearch, *, online: bool = False) -> int:
        if index is not None and not online:
            within = index.within(programs=options.lists_programs(changed.chosen))
            return index.bitsets.matching(changed.chosen, within).bit_count()
        main, online_groups = group_sets(changed, match, options)
        return with_choices(online_groups if online else main, DIMENSIONS, changed.chosen).count()

    found = []
    if match.place is not None and search.radius < RADIUS_CHOICES[-1]:
        widest = replace(search, radius=RADIUS_CHOICES[-1])
        main, _ = group_sets(widest, match, options)
        away = sorted(
            with_choices(main, DIMENSIONS, search.chosen).values_list("meters_away", flat=True)
        )
        for miles in (r for r in RADIUS_CHOICES if r > search.radius):
            if n := sum(1 for meters in away if meters <= miles * METERS_PER_MILE):
                wider = replace(search, radius=miles)
                text = f"Look further away: {groups(n)} within {miles} miles"
                found.append(WayOut(text, wider.query_string(), n))
                break
    labels = options.choices
    for param, values in search.asked.items():
        # Leaving out the kind lists support groups again.
        left = {p: v for p, v in search.chosen.items() if p != param}
        fewer = replace(search, chosen={"kind": DEFAULT_KINDS, **left})
        if n := count(fewer):
            names = dict(labels[param])
            chosen_names = " or ".join(names.get(value, value) for value in values)
            label = DIMENSIONS_BY_PARAM[param].label
            text = f"Leave out “{label}: {chosen_names}”: {groups(n)}"
            found.append(WayOut(text, fewer.query_string(), n))
    if search.keywords and (n := count(replace(search, keywords=""))):
        text = f"Search without the keywords: {groups(n)}"
        found.append(WayOut(text, replace(search, keywords="").query_string(), n))
    if match.place is not None and (n := count(search, online=True)):
        text = f"See the online and phone groups below: {groups(n)} you can join from home"
        found.append(WayOut(text, "#online-heading", n))
    return found


def groups(n: int) -> str:
    return f"{n} group{pluralize(n)}"


def online_preview(
    online: QuerySet, chosen: dict[str, list[str]], *, size: int = ONLINE_PREVIEW
) -> tuple[list, bool]:
    """The first online and phone groups, most recently checked first (through the partial
    index group_online_recent), and whether there are more."""
    rows = (
        with_choices(online, DIMENSIONS, chosen)
        .order_by(F("last_verified").desc(nulls_last=True), "name", "pk")
        .for_cards()
    )
    # One more than the preview tells whether to offer "see all" without counting them all.
    found = list(rows[: size + 1])
    return found[:size], len(found) > size


def dress_cards(groups: list[SupportGroup], distances: dict[int, float]) -> None:
    """Give every card what it shows: meetings (one query for all), distance band, and when
    it meets; for the other kinds, their place and whether they are open (three queries for
    all, when there are any)."""
    now = timezone.now()
    with_opening_hours([group for group in groups if group.kind != ListingKind.SUPPORT_GROUP])
    for group in with_meetings(groups):
        # Every card gets every attribute (online groups have no distance): a lookup that
        # fails in a template is slow as well as silent.
        group.distance = distances.get(group.pk)
        group.distance_band = (
            distance_band(group.distance, exact_place=all_public(group))
            if group.distance is not None
            else ""
        )
        group.meeting_status = schedule.status(group.card_meetings, now)
        timetable = getattr(group, "card_timetable", None)
        group.opening_status = timetable.status(now) if timetable else None


def with_opening_hours(listings: list[SupportGroup]) -> None:
    """Give each listing of another kind its `card_place` (the public part of where it is) and
    `card_timetable`, in three queries for all of them."""
    if not listings:
        return
    places = MeetingPlace.objects.filter(
        pk__any_of=[listing.place_id for listing in listings if listing.place_id]
    ).only("city", "state", "postal_code", "address_visibility")
    by_place = {place.pk: place for place in places}
    by_listing = timetables(listings)
    for listing in listings:
        listing.card_place = by_place.get(listing.place_id)
        listing.card_timetable = by_listing[listing.pk]


def all_public(group: SupportGroup) -> bool:
    """Whether every place the listing is found at has a public address."""
    own = getattr(group, "card_place", None)
    return (own is None or own.is_public) and all(
        m.place is None or m.place.is_public for m in group.card_meetings
    )


def in_order(
    index: browsing.BrowsingIndex, numbers: list[int], also: list[int] = ()
) -> tuple[list[SupportGroup], list[SupportGroup]]:
    """The groups of these rows of the browsing index in its order, and those of the ids
    `also`, in one query: still published ones only, should one have changed since the index
    was read."""
    ids = [index.ids[number] for number in numbers]
    wanted = [*ids, *also]
    by_id = SupportGroup.objects.published().filter(pk__any_of=wanted).for_cards().in_bulk()
    return [by_id[pk] for pk in ids if pk in by_id], [by_id[pk] for pk in also if pk in by_id]


def page_by_distance(distances: dict[int, float], number) -> Page:
    """A page of nearby results, nearest first, ordered from the distances already known."""
    ordered = sorted(distances, key=lambda pk: (distances[pk], pk))
    page = Paginator(ordered, PAGE_SIZE).get_page(number)
    by_id = SupportGroup.objects.filter(pk__in=list(page.object_list)).for_cards().in_bulk()
    page.object_list = [by_id[pk] for pk in page.object_list]
    return page


def ordering(sort: str) -> list:
    if sort == "verified":
        return [F("last_verified").desc(nulls_last=True), "name", "pk"]
    return ["name", "pk"]


@dataclass(frozen=True)
class Counting:
    """The finder's facet counts: separated categories are left out of the options unless
    chosen, and a separated program counts only under its separated categories
    (docs/safety.md, rule 7). Beside other topics, the programs are not among the candidates:
    their topics' counts come from their own section (`counted_apart`)."""

    options: GroupOptions
    hidden_categories: set[str]
    counted_apart: dict[str, int] = field(default_factory=dict)

    def query(self, candidates: QuerySet, chosen: dict[str, list[str]]) -> FacetQuery:
        # Choosing any other topic alone would leave a separated program out.
        only_under_separated = OptionCondition(
            "(NOT o.is_separated OR o.v = ANY(%s))",
            [sorted(self.options.separated_slugs)],
            ["is_separated"],
        )
        return FacetQuery(
            candidates,
            DIMENSIONS,
            chosen,
            columns=COUNT_COLUMNS,
            option_conditions={"category": only_under_separated},
        )

    def facets(self, counts: Counts, chosen: dict[str, list[str]]) -> list[Facet]:
        choices = self.options.choices
        visible = {
            **choices,
            "category": [
                (v, label) for v, label in choices["category"] if v not in self.hidden_categories
            ],
        }
        if self.counted_apart:
            apart = {("category", topic): n for topic, n in self.counted_apart.items()}
            counts = replace(counts, by_option={**counts.by_option, **apart})
        return build_facets(DIMENSIONS, counts, chosen, visible)


class CountedPaginator(Paginator):
    """A paginator told the total up front, so it doesn't ask the database again."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count
