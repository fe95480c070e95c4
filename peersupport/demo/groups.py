"""Made-up example groups across US metro areas, generated the same way every time.

Every organisation, address, phone number (555-01xx) and web address here is fictional;
pages label these listings "Example listing".
"""

import datetime
import random
from dataclasses import dataclass, field

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

NAME_WORDS = [
    "Lantern",
    "Open Door",
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
    "Morning Light",
    "Open Sky",
    "Quiet Strength",
    "Wildflower",
    "Horizon",
    "Bridges",
    "Evergreen",
    "Hearth",
]
NAME_KINDS = ["Circle", "Peer Group", "Support Group", "Sharing Circle", "Gathering"]
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

# category slug -> (plain theme, summary start, content note or "")
THEMES = {
    "domestic-violence": (
        "life after abuse at home",
        "For anyone who has lived with abuse at home",
        "Members sometimes talk about abuse they lived through.",
    ),
    "intimate-partner-violence": (
        "healing after an abusive relationship",
        "For people who were hurt or controlled by a partner",
        "Members sometimes talk about abuse by a partner.",
    ),
    "sexual-violence": (
        "healing after sexual violence",
        "For survivors of sexual violence",
        "Members sometimes talk about sexual assault.",
    ),
    "self-injury": (
        "living with self-injury",
        "For people who hurt themselves to cope",
        "Members sometimes talk about self-injury. Nobody describes injuries in detail.",
    ),
    "mental-health": (
        "living well with a mental health condition",
        "For people living with depression, anxiety or other conditions",
        "",
    ),
    "trauma-ptsd": (
        "living with the effects of trauma",
        "For people living with trauma or PTSD",
        "Members sometimes talk about traumatic events.",
    ),
    "co-occurring": (
        "mental health and substance use together",
        "For people facing mental health and substance use at the same time",
        "",
    ),
    "family-and-friends": (
        "supporting someone you care about",
        "For family and friends of someone going through abuse or a crisis",
        "",
    ),
    "people-who-use-violence": (
        "stopping violence and taking responsibility",
        "For people who have hurt a partner and want to stop",
        "",
    ),
}


@dataclass
class DemoPlace:
    visibility: str
    name: str
    street: str
    city: str
    state: str
    postal_code: str
    timezone: str
    area_latitude: float
    area_longitude: float
    venue_latitude: float | None
    venue_longitude: float | None
    access: dict[str, bool]
    access_notes: str


@dataclass
class DemoMeeting:
    frequency: str
    interval: int
    weekday: int
    week_of_month: int | None
    start: datetime.time
    end: datetime.time
    timezone: str
    valid_from: datetime.date


@dataclass
class DemoGroup:
    name: str
    slug: str
    organization: str
    categories: list[str]
    summary: str
    description: str
    content_note: str
    audiences: list[str]
    languages: list[str]
    format: str
    facilitation: str
    clinical_partner: str
    cost: str
    cost_note: str
    joining: str
    cohort: str
    how_to_join: str
    what_happens_next: str
    childcare: bool
    contact_phone: str
    contact_text: str
    contact_email: str
    contact_website: str
    safe_contact_hours: str
    online_url: str
    online_link_visibility: str
    serves_states: list[str]
    last_verified: datetime.date
    place: DemoPlace | None
    meetings: list[DemoMeeting] = field(default_factory=list)


def cycle(options: list, index: int):
    return options[index % len(options)]


def describe(theme: str, facilitation: str, audience_text: str) -> str:
    leader = {
        Facilitation.PEER: "Two volunteers who have lived through something similar lead "
        "the group.",
        Facilitation.PROFESSIONAL: "A trained counselor leads the group.",
        Facilitation.CO_FACILITATED: "A peer volunteer and a counselor lead the group together.",
    }[facilitation]
    return (
        f"A calm, welcoming group about {theme}, {audience_text}. {leader}\n\n"
        "Each meeting starts with a short check-in. You can say as much or as little as you "
        "like, or just listen. Then the group talks about a topic members chose, such as sleep, "
        "trust, setting boundaries or getting through hard days. What is said in the group stays "
        "in the group.\n\n"
        "Meetings end with each person naming one small thing they will do for themselves "
        "this week."
    )


def how_to_join(joining: str, cohort: str) -> str:
    steps = {
        Joining.DROP_IN: "Come along to any meeting. You don't need to call first or bring "
        "anything.",
        Joining.REGISTRATION: "Call, text or email the organiser to save a place. They will "
        "send you the details for your first meeting.",
        Joining.INTAKE: "Get in touch with the organiser for a short, private conversation "
        "(about 15 minutes) to check the group is a good fit for you right now.",
    }[joining]
    if cohort == Cohort.CLOSED:
        steps += " New members join when a new round starts, every few months."
    return steps


def what_happens_next(joining: str) -> str:
    if joining == Joining.DROP_IN:
        return (
            "At your first meeting, a facilitator will say hello and explain how the group works. "
            "You don't have to share anything. If it doesn't feel right, you can leave at any time."
        )
    return (
        "The organiser will get back to you within two working days, at the times you said are "
        "safe. They will tell you where and when the group meets and answer your questions. "
        "You can change your mind at any point."
    )


def generate(
    places_by_zip: dict[str, dict], nearby: dict[str, list[dict]], today: datetime.date
) -> list[DemoGroup]:
    """Build the example groups.

    `places_by_zip` maps each metro's ZIP code to its gazetteer row; `nearby` maps it to the
    ordinary ZIP codes within about 20 miles, which become the groups' areas.
    """
    rng = random.Random(20261122)
    categories = list(THEMES)
    shared = [slug for slug in categories if slug != "people-who-use-violence"]
    audiences = [value for value, _ in Audience.choices]
    languages = [value for value, _ in Language.choices]
    visibilities = [
        AddressVisibility.AREA_ONLY,
        AddressVisibility.PUBLIC,
        AddressVisibility.AREA_ONLY,
        AddressVisibility.ON_REQUEST,
    ]
    groups: list[DemoGroup] = []
    index = 0

    def common(metro: str, state: str, area_code: str) -> dict:
        nonlocal index
        i = index
        index += 1
        category = cycle(shared, i)
        if i % 37 == 5:
            category = "people-who-use-violence"
        extra = (
            [cycle(shared, i + 3)] if i % 3 == 0 and category != "people-who-use-violence" else []
        )
        theme, summary_start, note = THEMES[category]
        audience = [cycle(audiences, i)]
        if i % 5 == 0 and audience[0] != Audience.ANYONE:
            audience.append(cycle(audiences, i + 2))
        audience_text = {
            Audience.ANYONE: "open to anyone",
            Audience.WOMEN: "for women",
            Audience.MEN: "for men",
            Audience.LGBTQ: "for LGBTQ+ people",
            Audience.TRANS_NONBINARY: "for trans and non-binary people",
            Audience.YOUTH: "for young people aged 16 to 24",
            Audience.OLDER_ADULTS: "for adults over 55",
            Audience.FAMILY_FRIENDS: "for family and friends",
        }[audience[0]]
        language = ["en"]
        if i % 4 == 1:
            language = [cycle(languages[1:], i // 4)]
        elif i % 4 == 2:
            language = ["en", "es"]
        facilitation = cycle(
            [
                Facilitation.PEER,
                Facilitation.PEER,
                Facilitation.CO_FACILITATED,
                Facilitation.PROFESSIONAL,
            ],
            i,
        )
        if category == "people-who-use-violence":
            facilitation = Facilitation.CO_FACILITATED
        cost = cycle(
            [Cost.FREE, Cost.FREE, Cost.DONATION, Cost.SLIDING_SCALE, Cost.FREE, Cost.FEE], i
        )
        joining = cycle([Joining.DROP_IN, Joining.REGISTRATION, Joining.INTAKE], i)
        cohort = Cohort.CLOSED if i % 6 == 4 else Cohort.OPEN
        word = NAME_WORDS[(i * 7) % len(NAME_WORDS)]
        name = f"{word} {cycle(NAME_KINDS, i // 3)}"
        place_name = metro if state == "US" else f"{metro}, {state}"
        organization = cycle(
            [
                f"Example Peer Network of {place_name}",
                f"Example Healing Collective of {place_name}",
            ],
            i,
        )
        org_slug = slugify(organization)
        return {
            "name": name,
            "organization": organization,
            "categories": [category, *extra],
            "summary": f"{summary_start}."
            if audience[0] in (Audience.ANYONE, Audience.FAMILY_FRIENDS)
            else f"{summary_start}, {audience_text}.",
            "description": describe(theme, facilitation, audience_text),
            "content_note": note if i % 2 == 0 else "",
            "audiences": audience,
            "languages": language,
            "facilitation": facilitation,
            "clinical_partner": "Example Counseling Center"
            if facilitation != Facilitation.PEER or category == "people-who-use-violence"
            else "",
            "cost": cost,
            "cost_note": {
                Cost.FEE: "$10 a meeting; ask about fee waivers",
                Cost.SLIDING_SCALE: "Pay what you can, from $0 to $15",
            }.get(cost, ""),
            "joining": joining,
            "cohort": cohort,
            "how_to_join": how_to_join(joining, cohort),
            "what_happens_next": what_happens_next(joining),
            "childcare": i % 7 == 3,
            "contact_phone": f"({area_code}) 555-01{i % 100:02d}",
            "contact_text": f"({area_code}) 555-01{(i + 50) % 100:02d}" if i % 3 == 1 else "",
            "contact_email": f"groups@{org_slug}.example.org",
            "contact_website": f"https://{org_slug}.example.org/",
            "safe_contact_hours": cycle(
                ["Weekdays 9 am to 5 pm", "Any time by text", "Weekday evenings 6 pm to 8 pm", ""],
                i,
            ),
            "last_verified": today - datetime.timedelta(days=rng.randint(3, 400)),
            "state": state,
        }

    for metro, zip_code in METROS:
        centre = places_by_zip[zip_code]
        area_code = (centre.get("area_codes") or ["555"])[0]
        for n in range(GROUPS_PER_METRO):
            data = common(metro, centre["state"], area_code)
            data.pop("state")
            visibility = cycle(visibilities, n)
            fmt = Format.HYBRID if n == 5 else Format.IN_PERSON
            place = make_place(
                rng, rng.choice(nearby[zip_code]) if nearby[zip_code] else centre, visibility, n
            )
            group = DemoGroup(
                **data,
                slug=slugify(f"{data['name']} {metro} {centre['state']} {n}"),
                format=fmt,
                online_url="https://meet.example.org/" + slugify(data["name"])
                if fmt == Format.HYBRID
                else "",
                online_link_visibility=LinkVisibility.PRIVATE,
                serves_states=[],
                place=place,
            )
            group.meetings = make_meetings(rng, index, place.timezone, today)
            groups.append(group)

    online_states = [[], [], ["CA"], ["NY", "NJ", "CT"], ["TX"], [], ["GA", "FL"], []]
    for n in range(ONLINE_GROUPS):
        metro, zip_code = METROS[n % len(METROS)]
        centre = places_by_zip[zip_code]
        data = common("the Online Community", "US", (centre.get("area_codes") or ["555"])[0])
        data.pop("state")
        fmt = Format.PHONE if n % 6 == 5 else Format.ONLINE
        group = DemoGroup(
            **data,
            slug=slugify(f"{data['name']} online {n}"),
            format=fmt,
            online_url=("https://meet.example.org/" + slugify(data["name"]) + f"-{n}")
            if fmt == Format.ONLINE
            else "",
            online_link_visibility=LinkVisibility.PUBLIC if n % 4 == 0 else LinkVisibility.PRIVATE,
            serves_states=cycle(online_states, n),
            place=None,
        )
        group.name = (
            f"{group.name} (online)" if fmt == Format.ONLINE else f"{group.name} (by phone)"
        )
        group.meetings = make_meetings(rng, index, centre["timezone"], today)
        groups.append(group)
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
            "accessible_restroom": n % 3 == 0,
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
