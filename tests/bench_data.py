"""Synthetic data and page cases for `make bench` (see tests/bench.py)."""

import datetime
import itertools
import random
import re
from collections.abc import Iterator
from urllib.parse import urlencode

from django.db import connection, transaction

from groups.filters import DIMENSIONS
from groups.gazetteer import load_places
from groups.models import (
    AddressVisibility,
    Audience,
    Category,
    Cost,
    Facilitation,
    Format,
    Joining,
    ListingKind,
    Meeting,
    MeetingPlace,
    OpeningHours,
    Organization,
    Place,
    SupportGroup,
)
from groups.services import refresh_categories, refresh_meeting_summaries
from resources.keyset import SORT_COLUMNS, encode_cursor
from resources.models import Resource, ResourceAudience, ResourceKind, Topic, TopMatch
from resources.services import (
    refresh_library_words,
    refresh_search_vectors,
    refresh_top_matches,
)
from search.choices import EditorialStatus, Language

WORDS = (
    "safety healing support trauma recovery peer planning housing family youth court "
    "advocacy violence stalking shelter wellness crisis listening coping grief trust "
    "boundaries survivors community hope resilience anxiety depression sleep parenting"
).split()
TOPICS = [
    "domestic-violence",
    "self-injury",
    "mental-health",
    "trauma",
    "safety-planning",
    "peer-support",
    "housing",
    "stalking",
]


# Bump when the synthetic library changes, so seeded benchmark databases are refilled.
LIBRARY_VERSION = "library v2"


def seed(*, groups: int, resources: int) -> bool:
    """Fill the benchmark database to the asked size; return whether anything was written."""
    load_places()
    wrote = False
    support_groups = SupportGroup.objects.filter(kind=ListingKind.SUPPORT_GROUP)
    if support_groups.count() != groups:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "TRUNCATE groups_meeting, groups_supportgroup_categories, groups_supportgroup,"
                    " groups_meetingplace, groups_organization CASCADE"
                )
            seed_groups(groups)
            refresh_meeting_summaries()
            refresh_categories()
        wrote = True
    others = SupportGroup.objects.exclude(kind=ListingKind.SUPPORT_GROUP)
    if others.count() != 2 * lines_for(groups):
        with transaction.atomic():
            SupportGroup.objects.exclude(kind=ListingKind.SUPPORT_GROUP).delete()
            seed_lines(lines_for(groups))
            refresh_meeting_summaries(
                group_ids=others.exclude(kind=ListingKind.WARMLINE).values_list("pk", flat=True)
            )
        wrote = True
    seeded = Resource.objects.filter(publisher__startswith=LIBRARY_VERSION)
    if Resource.objects.count() != resources or not seeded.exists():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "TRUNCATE resources_resource_topics, resources_resource, resources_topic,"
                    " resources_libraryword CASCADE"
                )
            seed_resources(resources)
            refresh_search_vectors()
            refresh_library_words()
            refresh_top_matches()
        wrote = True
    elif not TopMatch.objects.exists():
        refresh_top_matches()
        wrote = True
    if wrote:
        with connection.cursor() as cursor:
            # Filling the search columns rewrote every row; compact the tables as a restore would.
            cursor.execute("VACUUM FULL ANALYZE")
    return wrote


def seed_groups(count: int) -> None:
    rng = random.Random(1)
    zips = list(
        Place.objects.filter(kind=Place.Kind.ZIP).values_list(
            "postal_code", "city", "state", "latitude", "longitude", "timezone"
        )
    )
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Bench organization {n}", slug=f"bench-organization-{n}")
        for n in range(max(1, count // 50))
    )
    categories = list(Category.objects.all())
    visibilities = [value for value, _ in AddressVisibility.choices]
    places = []
    for _ in range(count):
        postal_code, city, state, lat, lon, tz = rng.choice(zips)
        public = rng.random() < 0.3
        places.append(
            MeetingPlace(
                street_address=f"{rng.randint(1, 999)} Bench Street",
                city=city,
                state=state,
                postal_code=postal_code,
                timezone=tz,
                address_visibility=AddressVisibility.PUBLIC
                if public
                else rng.choice(visibilities[1:]),
                venue_latitude=lat + 0.001 if public else None,
                venue_longitude=lon + 0.001 if public else None,
                area_latitude=lat,
                area_longitude=lon,
            )
        )
    places = MeetingPlace.objects.bulk_create(places, batch_size=5000)
    formats = [value for value, _ in Format.choices]
    groups = SupportGroup.objects.bulk_create(
        (
            SupportGroup(
                name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} group {n}",
                slug=f"bench-group-{n}",
                organization=rng.choice(organizations),
                summary="A synthetic group for timing pages.",
                description=" ".join(rng.choices(WORDS, k=60)),
                audiences=[rng.choice(Audience.values)],
                languages=rng.choice([["en"], ["en", "es"], [rng.choice(Language.values)]]),
                format=rng.choice(formats),
                facilitation=rng.choice(Facilitation.values),
                cost=rng.choice([Cost.FREE, Cost.DONATION, Cost.SLIDING_SCALE]),
                joining=rng.choice(Joining.values),
                how_to_join="Get in touch with the organiser.",
                status=EditorialStatus.PUBLISHED,
                last_verified=datetime.date(2026, 10, 1),
            )
            for n in range(count)
        ),
        batch_size=5000,
    )
    through = SupportGroup.categories.through
    through.objects.bulk_create(
        (through(supportgroup=group, category=rng.choice(categories)) for group in groups),
        batch_size=10000,
    )
    meetings = []
    for group, place in zip(groups, places, strict=True):
        hour = rng.choice([10, 13, 18, 19])
        meetings.append(
            Meeting(
                group=group,
                place=place,
                weekday=rng.randint(0, 6),
                start_time=datetime.time(hour, 0),
                end_time=datetime.time(hour + 1, 30),
                timezone=place.timezone,
                valid_from=datetime.date(2026, 1, 5),
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=10000)


def lines_for(groups: int) -> int:
    """About one warmline for every hundred groups (a few national, the rest for some states),
    and as many drop-in centres and peer respites."""
    return max(20, groups // 100)


# Weekly hours of the seeded lines: (weekdays, opens, closes); closing at or before opening
# runs past midnight.
LINE_HOURS = [
    (range(7), datetime.time(0), datetime.time(0)),  # around the clock
    (range(7), datetime.time(17), datetime.time(2)),  # evenings into the small hours
    (range(5), datetime.time(9), datetime.time(21)),  # weekdays
    ((5, 6), datetime.time(10), datetime.time(22)),  # weekends
]


def seed_lines(count: int) -> None:
    rng = random.Random(3)
    states = sorted(set(Place.objects.filter(kind=Place.Kind.ZIP).values_list("state", flat=True)))
    zones = dict(Place.objects.filter(kind=Place.Kind.ZIP).values_list("state", "timezone"))
    organization = Organization.objects.first()
    lines = []
    for n in range(count):
        served = [] if n % 100 == 0 else sorted(rng.sample(states, rng.choice([1, 1, 2, 3])))
        lines.append(
            SupportGroup(
                kind=ListingKind.WARMLINE,
                name=f"{rng.choice(WORDS).title()} warmline {n}",
                slug=f"bench-line-{n}",
                organization=organization,
                summary="A synthetic warmline for timing pages.",
                description="A peer answers.",
                format=Format.PHONE,
                facilitation=Facilitation.PEER,
                joining=Joining.DROP_IN,
                how_to_join="Call the line.",
                contact_phone="(800) 555-0110",
                serves_states=served,
                timezone=zones.get(served[0], "America/New_York") if served else "America/New_York",
                status=EditorialStatus.PUBLISHED,
            )
        )
    zips = list(
        Place.objects.filter(kind=Place.Kind.ZIP).values_list(
            "postal_code", "city", "state", "latitude", "longitude", "timezone"
        )
    )
    for n in range(count):
        postal_code, city, state, lat, lon, tz = rng.choice(zips)
        place = MeetingPlace.objects.create(
            street_address=f"{n} Bench Street",
            city=city,
            state=state,
            postal_code=postal_code,
            timezone=tz,
            address_visibility=AddressVisibility.AREA_ONLY,
            area_latitude=lat,
            area_longitude=lon,
        )
        kind = ListingKind.DROP_IN_CENTRE if n % 3 else ListingKind.PEER_RESPITE
        lines.append(
            SupportGroup(
                kind=kind,
                name=f"{rng.choice(WORDS).title()} {kind.label.lower()} {n}",
                slug=f"bench-place-{n}",
                organization=organization,
                summary="A synthetic centre or respite for timing pages.",
                description="Peers welcome you.",
                format=Format.IN_PERSON,
                facilitation=Facilitation.PEER,
                joining=Joining.DROP_IN,
                how_to_join="Come in while it is open.",
                timezone=tz,
                place=place,
                status=EditorialStatus.PUBLISHED,
            )
        )
    lines = SupportGroup.objects.bulk_create(lines, batch_size=5000)
    OpeningHours.objects.bulk_create(
        OpeningHours(
            listing=line,
            weekday=weekday,
            opens=opens,
            closes=closes,
            closes_next_day=closes <= opens,
        )
        for line in lines
        for days, opens, closes in [rng.choice(LINE_HOURS)]
        for weekday in days
    )


def library_words(rng: random.Random) -> list[str]:
    """A vocabulary in frequency order: the domain's words first, then made-up ones.

    Word frequencies in real text fall off steeply with rank (Zipf's law), so a common word
    here matches about a third of the library and a rare one a few hundred entries, as they
    would in a real specialist library, rather than every word matching everything.
    """
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    invented = set()
    while len(invented) < 6000:
        invented.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return WORDS + sorted(invented)


def seed_resources(count: int) -> None:
    rng = random.Random(2)
    vocabulary = library_words(rng)
    cumulative = list(
        itertools.accumulate(1 / rank**1.07 for rank in range(1, len(vocabulary) + 1))
    )
    topics = Topic.objects.bulk_create(
        Topic(name=slug.replace("-", " ").title(), slug=slug, position=n)
        for n, slug in enumerate(TOPICS)
    )

    def text(words: int) -> str:
        chosen = rng.choices(vocabulary, cum_weights=cumulative, k=words)
        if rng.random() < 0.05:  # some entries use the phrase the bench searches for
            chosen[rng.randrange(words)] = "safety planning"
        return " ".join(chosen)

    def make(n: int) -> Resource:
        language = rng.choice(["en"] * 9 + ["es"])
        return Resource(
            title=text(5).title() + f" {n}",
            slug=f"bench-resource-{n}",
            kind=rng.choice(ResourceKind.values),
            summary=text(40),
            url=f"https://example.org/bench/{n}",
            publisher=f"{LIBRARY_VERSION} publisher {n % 300}",
            year=rng.choice([None, *range(1995, 2027)]),
            language=language,
            languages=[language],
            audience=[rng.choice(ResourceAudience.values)],
            status=EditorialStatus.PUBLISHED,
        )

    resources = Resource.objects.bulk_create((make(n) for n in range(count)), batch_size=5000)
    through = Resource.topics.through
    through.objects.bulk_create(
        (
            through(resource=resource, topic=topic)
            for resource in resources
            for topic in rng.sample(topics, rng.choice([1, 1, 2]))
        ),
        batch_size=10000,
    )


def cases() -> list[tuple[str, str]]:
    group = (
        SupportGroup.objects.filter(kind=ListingKind.SUPPORT_GROUP)
        .order_by("pk")
        .values_list("slug", flat=True)[500]
    )
    resource = Resource.objects.order_by("pk").values_list("slug", flat=True)[500]
    vocabulary = library_words(random.Random(2))
    # About a third of the library uses the common word; a few hundred entries the rare one.
    common, rare = vocabulary[11], vocabulary[3000]
    typo = rare[:2] + rare[3] + rare[2] + rare[4:]  # two letters swapped
    middle = Resource.objects.count() // 2
    ordered = Resource.objects.published().annotate(**SORT_COLUMNS).order_by("title_key", "pk")
    key, pk = ordered.values_list("title_key", "pk")[middle]
    halfway = encode_cursor("title", key, pk, middle)
    separated = Category.objects.filter(is_separated=True).values_list("slug", flat=True)[0]
    return [
        ("home", "/"),
        ("safety", "/safety/"),
        ("groups near 30303", "/groups/?near=30303"),
        (
            "near 30303, centres and groups (kind)",
            "/groups/?near=30303&kind=drop_in_centre&kind=support_group",
        ),
        (
            "groups near 30303 + 2 filters",
            "/groups/?near=30303&category=self-injury&day=tue&day=wed",
        ),
        ("groups near Chicago, IL + keyword", "/groups/?near=Chicago%2C+IL&q=healing"),
        ("groups near a typo (Atlnta GA), 50 mi", "/groups/?near=Atlnta+GA&radius=50"),
        ("online groups, no place", "/groups/?format=online"),
        ("no place, centres and respites (kind)", "/groups/?kind=drop_in_centre&kind=peer_respite"),
        ("online groups, 2 filters, page 3", "/groups/?language=es&cost=free&page=3"),
        ("groups, no place, random 1–4 filters", browsing(random.Random(3))),
        ("groups, no place, random filters, page 2–5", browsing(random.Random(4), pages=True)),
        (
            "no place, programs beside a random topic",
            browsing(random.Random(5), beside=separated),
        ),
        ("group page", f"/groups/{group}/"),
        ("talk now: warmlines for a state", "/talk-now/?near=Georgia"),
        ("talk now: warmlines near a ZIP", "/talk-now/?near=30303"),
        ("library, page 1", "/resources/"),
        ("library, facets only (topic + type)", "/resources/?topic=self-injury&kind=article"),
        (f"library, common word ({common})", f"/resources/?q={common}"),
        (
            "library, common word + topic + type",
            f"/resources/?q={common}&topic=stalking&kind=video",
        ),
        (f"library, rare word ({rare})", f"/resources/?q={rare}"),
        ("library, phrase", "/resources/?q=%22safety+planning%22"),
        ("library, typo (Did you mean)", f"/resources/?q={typo}"),
        ("library, halfway through (keyset)", f"/resources/?after={halfway}"),
        ("resource page", f"/resources/{resource}/"),
    ]


def browsing(rng: random.Random, *, pages: bool = False, beside: str = "") -> Iterator[str]:
    """Finder addresses without a place or keywords, each with a filter combination not asked
    before: one to four filters, now and then two values of one ("any of"); with `pages`, a
    later page of the list; with `beside`, that topic chosen beside another one."""
    choices = {d.param: [value for value, _ in d.choices()] for d in DIMENSIONS}
    topics = list(Category.objects.values_list("slug", flat=True))
    choices["category"] = topics
    asked = set()
    while True:
        params = []
        for param in rng.sample(sorted(choices), rng.randint(1, 4)):
            values = choices[param]
            picked = rng.sample(values, 2 if len(values) > 2 and rng.random() < 0.25 else 1)
            params += [(param, value) for value in sorted(picked)]
        if beside:
            others = [topic for topic in topics if topic != beside]
            params = [(p, v) for p, v in params if p != "category"]
            params += [("category", beside), ("category", rng.choice(others))]
        if pages:
            params.append(("page", str(rng.randint(2, 5))))
        query = urlencode(sorted(params))
        if query not in asked:
            asked.add(query)
            yield f"/groups/?{query}"


def page_assets(call) -> list[bytes]:
    """The stylesheet and scripts every page loads, fetched through the app itself."""
    _, html, _ = call("/")
    paths = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    return [call(path.decode())[1] for path in paths]
