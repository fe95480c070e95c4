"""Made-up example groups across US metro areas, generated the same way every time.

Every organisation, address, phone number (555-01xx) and web address here is fictional;
pages label these listings "Example listing". A group's fields are chosen here; its sentences
are then written from those fields (`peersupport.demo.wording`), so the two never disagree.
"""

import datetime
import random

from django.utils.text import slugify

from groups.models import (
    AddressVisibility,
    Audience,
    Cohort,
    Cost,
    Facilitation,
    Format,
    Frequency,
    Joining,
    LinkVisibility,
)
from peersupport.demo import wording
from peersupport.demo.listings import DemoGroup, DemoMeeting, DemoPlace
from peersupport.demo.wording import FAMILY, SEPARATED, THEMES
from search.choices import Language

# (metro, a central ZIP code): the gazetteer supplies each one's centre and timezone.
METROS = [
    ("Atlanta", "30303"),
    ("Boston", "02108"),
    ("Chicago", "60601"),
    ("Dallas", "75201"),
    ("Denver", "80202"),
    ("Detroit", "48226"),
    ("Houston", "77002"),
    ("Los Angeles", "90012"),
    ("Miami", "33130"),
    ("Minneapolis", "55401"),
    ("New York", "10001"),
    ("Philadelphia", "19107"),
    ("Phoenix", "85004"),
    ("Portland", "97204"),
    ("San Diego", "92101"),
    ("San Francisco", "94102"),
    ("Seattle", "98101"),
    ("St. Louis", "63101"),
    ("Tampa", "33602"),
    ("Washington", "20001"),
    ("Baltimore", "21201"),
    ("Charlotte", "28202"),
    ("Nashville", "37203"),
    ("Albuquerque", "87102"),
    ("Salt Lake City", "84111"),
    ("New Orleans", "70112"),
    ("Saint Paul", "55102"),
    ("Springfield", "62701"),
    ("Springfield", "01103"),
    ("Anchorage", "99501"),
    ("Honolulu", "96813"),
]
GROUPS_PER_METRO = 8
ONLINE_GROUPS = 30
GROUP_COUNT = len(METROS) * GROUPS_PER_METRO + ONLINE_GROUPS
# Who online and phone groups take members from; empty means anyone in the country.
ONLINE_STATES = [[], [], ["CA"], ["NY", "NJ", "CT"], ["TX"], [], ["GA", "FL"], []]

NAME_WORDS = [
    "Lantern",
    "Front Porch",
    "Still Water",
    "New Leaf",
    "Common Ground",
    "Safe Harbor",
    "Steady Steps",
    "Kindred",
    "Willow",
    "Riverbend",
    "Compass",
    "Cedar",
    "Lighthouse",
    "Open Sky",
    "Quiet Strength",
    "Wildflower",
    "Horizon",
    "Bridges",
    "Evergreen",
    "Hearth",
]
NAME_KINDS = ["Circle", "Peer Group", "Support Group", "Sharing Circle", "Gathering"]
# Programs for people who use violence have names of their own, so that nobody looking for a
# survivors' group takes one of them for the group they wanted.
SEPARATED_NAME_WORDS = ["Turning Point", "New Choices", "Changing Course", "Fresh Start"]
STREETS = [
    "Maple Avenue",
    "Oak Street",
    "Elm Street",
    "Park Road",
    "Church Street",
    "Main Street",
    "Library Lane",
    "River Road",
    "Spring Street",
    "Grove Avenue",
]
VENUES = [
    "Example Public Library, community room",
    "Example Community Center, room B",
    "Example Wellness Center, second floor",
    "Example Faith Hall, side entrance",
]
VISIBILITIES = [
    AddressVisibility.AREA_ONLY,
    AddressVisibility.PUBLIC,
    AddressVisibility.AREA_ONLY,
    AddressVisibility.ON_REQUEST,
]
# Seven audiences against eight topics, so that over the set each topic meets every audience.
# Family and friends go only with their own topic, whose words are about them.
PERSON_AUDIENCES = [
    Audience.ANYONE,
    Audience.WOMEN,
    Audience.MEN,
    Audience.LGBTQ,
    Audience.TRANS_NONBINARY,
    Audience.YOUTH,
    Audience.OLDER_ADULTS,
]
SECOND_AUDIENCE = {
    Audience.WOMEN: Audience.OLDER_ADULTS,
    Audience.MEN: Audience.YOUTH,
    Audience.LGBTQ: Audience.YOUTH,
    Audience.TRANS_NONBINARY: Audience.LGBTQ,
    Audience.YOUTH: Audience.LGBTQ,
    Audience.OLDER_ADULTS: Audience.WOMEN,
}


def cycle(options: list, index: int):
    return options[index % len(options)]


def choose_audiences(i: int, category: str) -> list[str]:
    if category == FAMILY:
        return [Audience.FAMILY_FRIENDS]
    first = cycle(PERSON_AUDIENCES, i)
    if i % 5 == 0 and first != Audience.ANYONE:
        return [first, SECOND_AUDIENCE[first]]
    return [first]


def choose_languages(i: int) -> list[str]:
    languages = [value for value, _ in Language.choices]
    if i % 4 == 1:
        return [cycle(languages[1:], i // 4)]
    if i % 4 == 2:
        return [Language.ENGLISH, Language.SPANISH]
    return [Language.ENGLISH]


def make_group(
    rng: random.Random,
    i: int,
    *,
    fmt: str,
    place: DemoPlace | None,
    where: str,
    slug_end: str,
    area_code: str,
    serves_states: list[str],
    timezone: str,
    today: datetime.date,
) -> DemoGroup:
    """The `i`th example group: its fields first, then the sentences that describe them."""
    shared = [slug for slug in THEMES if slug != SEPARATED]
    category = SEPARATED if i % 37 == 5 else cycle(shared, i)
    extras = [slug for slug in shared if slug not in (category, FAMILY)]
    categories = (
        [category, cycle(extras, i // 3)] if i % 3 == 0 and category != SEPARATED else [category]
    )
    languages = choose_languages(i)
    if fmt == Format.PHONE and Language.ASL in languages:
        fmt = Format.ONLINE
    facilitation = (
        Facilitation.CO_FACILITATED
        if category == SEPARATED
        else cycle(
            [
                Facilitation.PEER,
                Facilitation.PEER,
                Facilitation.CO_FACILITATED,
                Facilitation.PROFESSIONAL,
            ],
            i,
        )
    )
    cost = cycle([Cost.FREE, Cost.FREE, Cost.DONATION, Cost.SLIDING_SCALE, Cost.FREE, Cost.FEE], i)
    cohort = Cohort.CLOSED if i % 6 == 4 else Cohort.OPEN
    joining = cycle([Joining.DROP_IN, Joining.REGISTRATION, Joining.INTAKE], i)
    if category == SEPARATED:
        # Such programs check first who they can help and whether anyone is at risk.
        joining = Joining.INTAKE
    elif joining == Joining.DROP_IN and (cohort == Cohort.CLOSED or fmt == Format.PHONE):
        joining = Joining.REGISTRATION
    if category == SEPARATED:
        name = f"{cycle(SEPARATED_NAME_WORDS, i)} Program"
    else:
        name = f"{NAME_WORDS[(i * 7) % len(NAME_WORDS)]} {cycle(NAME_KINDS, i // 3)}"
    slug = slugify(f"{name} {slug_end}")
    if fmt == Format.ONLINE:
        name += " (online)"
    elif fmt == Format.PHONE:
        name += " (by phone)"
    organization = cycle(
        [f"Example Peer Network of {where}", f"Example Healing Collective of {where}"], i
    )
    org_slug = slugify(organization)
    contact_text = (
        f"({area_code}) 555-01{(i + 50) % 100:02d}"
        if i % 3 == 1 or Language.ASL in languages
        else ""
    )
    online = fmt in (Format.ONLINE, Format.HYBRID)
    group = DemoGroup(
        name=name,
        slug=slug,
        organization=organization,
        categories=categories,
        summary="",
        description="",
        content_note=THEMES[category].content_note if i % 2 == 0 else "",
        audiences=choose_audiences(i, category),
        languages=languages,
        format=fmt,
        facilitation=facilitation,
        clinical_partner="" if facilitation == Facilitation.PEER else "Example Counseling Center",
        cost=cost,
        cost_note={
            Cost.FEE: "$10 a meeting; ask about fee waivers",
            Cost.SLIDING_SCALE: "Pay what you can, from $0 to $15",
        }.get(cost, ""),
        joining=joining,
        cohort=cohort,
        how_to_join="",
        what_happens_next="",
        childcare=i % 7 == 3 and fmt in (Format.IN_PERSON, Format.HYBRID),
        contact_phone=f"({area_code}) 555-01{i % 100:02d}",
        contact_text=contact_text,
        contact_email=f"groups@{org_slug}.example.org",
        contact_website=f"https://{org_slug}.example.org/",
        safe_contact_hours=cycle(
            [
                "Weekdays 9 am to 5 pm",
                "Any time by text" if contact_text else "Weekdays 10 am to 2 pm",
                "Weekday evenings 6 pm to 8 pm",
                "",
            ],
            i,
        ),
        online_url=f"https://meet.example.org/{slug}" if online else "",
        # Drop-in groups show their link: a private one is "sent after you register".
        online_link_visibility=LinkVisibility.PUBLIC
        if online and joining == Joining.DROP_IN
        else LinkVisibility.PRIVATE,
        serves_states=serves_states,
        last_verified=today - datetime.timedelta(days=rng.randint(3, 400)),
        place=place,
    )
    group.summary = wording.summary(group)
    group.description = wording.describe(group)
    group.how_to_join = wording.how_to_join(group)
    group.what_happens_next = wording.what_happens_next(group)
    group.meetings = make_meetings(rng, i, timezone, today)
    return group


def generate(
    places_by_zip: dict[str, dict], nearby: dict[str, list[dict]], today: datetime.date
) -> list[DemoGroup]:
    """Build the example groups.

    `places_by_zip` maps each metro's ZIP code to its gazetteer row; `nearby` maps it to the
    ordinary ZIP codes within about 20 miles, which become the groups' areas.
    """
    rng = random.Random(20261122)
    groups: list[DemoGroup] = []
    for m, (metro, zip_code) in enumerate(METROS):
        centre = places_by_zip[zip_code]
        # One hybrid group in each metro, at a public place in every other one.
        hybrid = 5 + m % 2
        for n in range(GROUPS_PER_METRO):
            area = rng.choice(nearby[zip_code]) if nearby[zip_code] else centre
            place = make_place(rng, area, cycle(VISIBILITIES, n), n)
            groups.append(
                make_group(
                    rng,
                    len(groups),
                    fmt=Format.HYBRID if n == hybrid else Format.IN_PERSON,
                    place=place,
                    where=f"{metro}, {centre['state']}",
                    slug_end=f"{metro} {centre['state']} {n}",
                    area_code=(centre.get("area_codes") or ["555"])[0],
                    serves_states=[],
                    timezone=place.timezone,
                    today=today,
                )
            )
    for n in range(ONLINE_GROUPS):
        states = cycle(ONLINE_STATES, n)
        # A group for some states meets in a timezone of one of them, with a local number.
        metros = [m for m in METROS if places_by_zip[m[1]]["state"] in states] or METROS
        centre = places_by_zip[cycle(metros, n)[1]]
        groups.append(
            make_group(
                rng,
                len(groups),
                fmt=Format.PHONE if n % 5 == 4 else Format.ONLINE,
                place=None,
                where="the Online Community",
                slug_end=f"online {n}",
                area_code=(centre.get("area_codes") or ["555"])[0],
                serves_states=states,
                timezone=centre["timezone"],
                today=today,
            )
        )
    return groups


def make_place(rng: random.Random, area: dict, visibility: str, n: int) -> DemoPlace:
    """A made-up venue in `area`, a gazetteer ZIP whose centre is the place's area point."""
    area_lat, area_lon = float(area["lat"]), float(area["long"])
    public = visibility == AddressVisibility.PUBLIC
    return DemoPlace(
        visibility=visibility,
        name=cycle(VENUES, n) if public else "",
        street=f"{100 + rng.randint(0, 80) * 10} {cycle(STREETS, n + rng.randint(0, 9))}",
        city=area["city"],
        state=area["state"],
        postal_code=area["zip_code"],
        timezone=area["timezone"],
        area_latitude=area_lat,
        area_longitude=area_lon,
        venue_latitude=round(area_lat + rng.uniform(-0.01, 0.01), 6) if public else None,
        venue_longitude=round(area_lon + rng.uniform(-0.01, 0.01), 6) if public else None,
        access={
            "step_free_access": n % 2 == 0,
            # An accessible restroom is no use up a flight of steps.
            "accessible_restroom": n % 2 == 0 and n % 3 == 0,
            "parking": n % 2 == 1,
            "near_transit": n % 4 != 3,
        },
        access_notes="Step-free entrance at the side of the building." if n % 2 == 0 else "",
    )


def make_meetings(
    rng: random.Random, i: int, timezone: str, today: datetime.date
) -> list[DemoMeeting]:
    starts = [
        datetime.time(10, 0),
        datetime.time(13, 30),
        datetime.time(18, 0),
        datetime.time(18, 30),
        datetime.time(19, 0),
        datetime.time(15, 0),
    ]
    start = cycle(starts, i + rng.randint(0, 5))
    end = (
        datetime.time(start.hour + 1, start.minute + 30)
        if start.minute < 30
        else datetime.time(start.hour + 2, 0)
    )
    valid_from = datetime.date(today.year, 1, 5) + datetime.timedelta(days=rng.randint(0, 6))
    pattern = i % 6
    if pattern == 4:
        first = DemoMeeting(
            Frequency.WEEKLY, 2, valid_from.weekday(), None, start, end, timezone, valid_from
        )
    elif pattern == 5:
        first = DemoMeeting(
            Frequency.MONTHLY,
            1,
            rng.randint(0, 6),
            cycle([1, 2, 3, -1], i // 6),
            start,
            end,
            timezone,
            valid_from,
        )
    else:
        first = DemoMeeting(
            Frequency.WEEKLY, 1, rng.randint(0, 6), None, start, end, timezone, valid_from
        )
    meetings = [first]
    if i % 5 == 2:
        second_day = (first.weekday + 3) % 7
        meetings.append(
            DemoMeeting(
                Frequency.WEEKLY,
                1,
                second_day,
                None,
                datetime.time(18, 30),
                datetime.time(20, 0),
                timezone,
                valid_from,
            )
        )
    return meetings
