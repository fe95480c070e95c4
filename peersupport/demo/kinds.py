"""Made-up warmlines, drop-in centres and peer respites, the same every time.

Like the example groups, every name, address, phone number (555-01xx) and web address here is
fictional, and pages label them "Example listing". Warmlines serve the whole country or some
states, at hours real lines keep: around the clock, evenings into the small hours, weekends
only. Drop-in centres open on weekday daytimes; peer respites are houses staffed day and night.
"""

import datetime
from dataclasses import dataclass

from django.utils.text import slugify

from groups.hours import weekly_summary
from groups.models import (
    AddressVisibility,
    Audience,
    Cost,
    Facilitation,
    Format,
    Joining,
    LinkVisibility,
    ListingKind,
)
from peersupport.demo.listings import DemoClosure, DemoGroup, DemoHours, DemoPlace
from search.choices import Language

MIDNIGHT = datetime.time(0)
EVERY_DAY = range(7)
WEEKDAYS = range(5)
WEEKEND = (5, 6)


def daily(days, opens: datetime.time, closes: datetime.time) -> list[DemoHours]:
    """The same hours on each of `days`; hours closing at or before they open close the next
    day (5:00 pm to 2:00 am), and midnight to midnight is 24 hours."""
    overnight = closes <= opens
    return [DemoHours(day, opens, closes, overnight) for day in days]


def around_the_clock() -> list[DemoHours]:
    return daily(EVERY_DAY, MIDNIGHT, MIDNIGHT)


def t(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


@dataclass(frozen=True)
class Line:
    name: str
    area_code: str
    states: list[str]
    timezone: str
    hours: list[DemoHours]
    text: bool = False
    chat: bool = False
    who_may_call: str = ""
    audiences: tuple[str, ...] = (Audience.ANYONE,)
    languages: tuple[str, ...] = (Language.ENGLISH,)
    categories: tuple[str, ...] = ("mental-health",)


WARMLINES = [
    Line(
        "Example Any Hour Warmline",
        "800",
        [],
        "America/Chicago",
        around_the_clock(),
        text=True,
    ),
    Line(
        "Example Night Owl Warmline",
        "800",
        [],
        "America/Chicago",
        daily(EVERY_DAY, t(17), t(2)),
        chat=True,
        categories=("mental-health", "self-injury"),
    ),
    Line(
        "Example Weekend Warmline",
        "800",
        [],
        "America/New_York",
        daily(WEEKEND, t(10), t(22)),
        text=True,
        languages=(Language.ENGLISH, Language.SPANISH),
    ),
    Line(
        "Example Georgia Peer Warmline",
        "404",
        ["GA"],
        "America/New_York",
        daily(WEEKDAYS, t(9), t(21)) + daily(WEEKEND, t(12), t(18)),
        categories=("mental-health", "domestic-violence"),
    ),
    Line(
        "Example California Evening Warmline",
        "213",
        ["CA"],
        "America/Los_Angeles",
        daily(range(4), t(18), MIDNIGHT) + daily((4, 5, 6), t(18), t(2)),
        chat=True,
    ),
    Line(
        "Example New York Survivors’ Warmline",
        "212",
        ["NY", "NJ", "CT"],
        "America/New_York",
        daily(WEEKDAYS, t(13), t(21)),
        text=True,
        audiences=(Audience.WOMEN,),
        categories=("domestic-violence", "sexual-violence"),
    ),
    Line(
        "Example Texas Youth Warmline",
        "713",
        ["TX"],
        "America/Chicago",
        daily(WEEKDAYS, t(15), t(23)) + daily(WEEKEND, t(12), t(20)),
        text=True,
        who_may_call="Young people aged 13 to 24 who live in Texas.",
        audiences=(Audience.YOUTH,),
    ),
    Line(
        "Example Minnesota Overnight Warmline",
        "612",
        ["MN"],
        "America/Chicago",
        daily(EVERY_DAY, t(19), t(7)),
    ),
]


@dataclass(frozen=True)
class House:
    kind: str
    name: str
    metro_zip: str
    visibility: str
    hours: list[DemoHours]
    stay_length: str = ""
    eligibility: str = ""
    categories: tuple[str, ...] = ("mental-health",)


DROP_IN_CENTRES = [
    House(
        ListingKind.DROP_IN_CENTRE,
        "Example Open Door Drop-In Centre",
        "30303",
        AddressVisibility.PUBLIC,
        daily(WEEKDAYS, t(10), t(16)),
    ),
    House(
        ListingKind.DROP_IN_CENTRE,
        "Example Lakeside Peer Centre",
        "60601",
        AddressVisibility.PUBLIC,
        daily(WEEKDAYS, t(9), t(17)) + daily([5], t(11), t(15)),
    ),
    House(
        ListingKind.DROP_IN_CENTRE,
        "Example Safe Place Drop-In",
        "80202",
        AddressVisibility.AREA_ONLY,
        daily(WEEKDAYS, t(11), t(15)),
        categories=("domestic-violence", "intimate-partner-violence"),
    ),
    House(
        ListingKind.DROP_IN_CENTRE,
        "Example Harbor Wellness Drop-In",
        "98101",
        AddressVisibility.PUBLIC,
        daily(range(4), t(10), t(14)) + daily(range(4), t(16), t(19)),
    ),
    House(
        ListingKind.DROP_IN_CENTRE,
        "Example Riverside Drop-In Centre",
        "19107",
        AddressVisibility.AREA_ONLY,
        daily(WEEKDAYS, t(12), t(18)),
        categories=("mental-health", "co-occurring"),
    ),
]
RESPITES = [
    House(
        ListingKind.PEER_RESPITE,
        "Example Maple House Peer Respite",
        "02108",
        AddressVisibility.ON_REQUEST,
        around_the_clock(),
        "Up to 7 nights",
        "Adults aged 18 and over who live in Massachusetts and are going through a hard time "
        "with their mental health. You choose to come: nobody can be sent here.",
    ),
    House(
        ListingKind.PEER_RESPITE,
        "Example Cedar Rest Peer Respite",
        "97204",
        AddressVisibility.AREA_ONLY,
        around_the_clock(),
        "Up to 5 nights, and you can come back another time",
        "Adults aged 18 and over in Oregon who feel close to a crisis and want to stay "
        "somewhere calm with peers.",
    ),
    House(
        ListingKind.PEER_RESPITE,
        "Example Desert Sky Respite House",
        "87102",
        AddressVisibility.ON_REQUEST,
        around_the_clock(),
        "Usually 3 to 7 nights",
        "Adults aged 18 and over in New Mexico. You need to be safe to stay without medical "
        "care, and to want to stay.",
    ),
    House(
        ListingKind.PEER_RESPITE,
        "Example North Star Peer Respite",
        "55401",
        AddressVisibility.AREA_ONLY,
        around_the_clock(),
        "Up to 10 nights",
        "Adults aged 18 and over who live in Minnesota, including people who have been hurt "
        "by a partner or family member.",
        categories=("mental-health", "trauma-ptsd"),
    ),
]
LISTING_COUNT = len(WARMLINES) + len(DROP_IN_CENTRES) + len(RESPITES)


def holidays(today: datetime.date, hours: list[DemoHours]) -> list[DemoClosure]:
    """The next Christmas Day and New Year's Day, so closed dates are always ahead, when they
    fall on a day the listing would open."""
    open_days = {range_.weekday for range_ in hours}
    closures = []
    for month, day, note in [(12, 25, "Christmas Day"), (1, 1, "New Year’s Day")]:
        date = datetime.date(today.year, month, day)
        if date < today:
            date = date.replace(year=today.year + 1)
        if date.weekday() in open_days:
            closures.append(DemoClosure(date, note))
    return sorted(closures, key=lambda closure: closure.date)


def base(
    *,
    kind: str,
    name: str,
    organization: str,
    categories: list[str],
    phone: str,
    timezone: str,
    hours: list[DemoHours],
    today: datetime.date,
    n: int,
) -> DemoGroup:
    slug = slugify(name)
    org_slug = slugify(organization)
    return DemoGroup(
        name=name,
        slug=slug,
        organization=organization,
        categories=categories,
        summary="",
        description="",
        content_note="",
        audiences=[Audience.ANYONE],
        languages=[Language.ENGLISH],
        format=Format.PHONE if kind == ListingKind.WARMLINE else Format.IN_PERSON,
        facilitation=Facilitation.PEER,
        clinical_partner="",
        cost=Cost.FREE,
        cost_note="",
        joining=Joining.DROP_IN,
        cohort="open",
        how_to_join="",
        what_happens_next="",
        childcare=False,
        contact_phone=phone,
        contact_text="",
        contact_email=f"hello@{org_slug}.example.org",
        contact_website=f"https://{org_slug}.example.org/",
        safe_contact_hours="",
        online_url="",
        online_link_visibility=LinkVisibility.PRIVATE,
        serves_states=[],
        last_verified=today - datetime.timedelta(days=7 + 11 * n),
        place=None,
        kind=kind,
        timezone=timezone,
        hours=hours,
    )


def warmline(line: Line, n: int, today: datetime.date) -> DemoGroup:
    listing = base(
        kind=ListingKind.WARMLINE,
        name=line.name,
        organization="Example Peer Warmline Network",
        categories=list(line.categories),
        phone=f"({line.area_code}) 555-01{10 + n:02d}",
        timezone=line.timezone,
        hours=line.hours,
        today=today,
        n=n,
    )
    listing.audiences = list(line.audiences)
    listing.languages = list(line.languages)
    listing.serves_states = list(line.states)
    listing.who_may_call = line.who_may_call
    if line.text:
        listing.contact_text = f"({line.area_code}) 555-01{40 + n:02d}"
    if line.chat:
        listing.contact_chat = f"https://chat.{slugify(line.name)}.example.org/"
    if line.states:
        listing.closures = holidays(today, listing.hours)
    who = {
        Audience.WOMEN: "women who have been hurt by a partner",
        Audience.YOUTH: "young people aged 13 to 24",
    }.get(line.audiences[0], "anyone who wants to talk")
    languages = " and ".join(Language(value).label for value in line.languages)
    ways = ["call"] + (["text"] if line.text else []) + (["chat online"] if line.chat else [])
    week = weekly_summary(line.hours)
    # Day names keep their capitals; only "Every day" reads as running text.
    when = "any time, day or night" if week == "Every day, 24 hours" else week
    when = when.replace("Every day", "every day")
    listing.summary = f"A free peer-run line for {who}. Open {when}."
    listing.description = (
        f"When you call, a peer picks up. They have been through hard times too. You can talk "
        f"about whatever is on your mind, for as long or as short as you like. They will not "
        f"tell you what to do, and you don't have to give your name. Calls are in {languages}."
    )
    listing.how_to_join = (
        f"You can {', '.join(ways[:-1]) + ' or ' + ways[-1] if len(ways) > 1 else ways[0]} "
        "while the line is open. If the line is busy, try again in a few minutes."
    )
    listing.what_happens_next = (
        "A peer says hello and asks how you are. You talk about what you want to. At the end, "
        "they may tell you about other support if you would like that."
    )
    return listing


def house(spec: House, n: int, centre: dict, today: datetime.date) -> DemoGroup:
    is_respite = spec.kind == ListingKind.PEER_RESPITE
    where = f"{centre['city']}, {centre['state']}"
    listing = base(
        kind=spec.kind,
        name=spec.name,
        organization=f"Example Peer Support Centers of {where}",
        categories=list(spec.categories),
        phone=f"({(centre.get('area_codes') or ['555'])[0]}) 555-01{70 + n:02d}",
        timezone=centre["timezone"],
        hours=spec.hours,
        today=today,
        n=n,
    )
    public = spec.visibility == AddressVisibility.PUBLIC
    listing.place = DemoPlace(
        visibility=spec.visibility,
        name=spec.name if public else "",
        street=f"{200 + 10 * n} Example Street",
        city=centre["city"],
        state=centre["state"],
        postal_code=centre["zip_code"],
        timezone=centre["timezone"],
        area_latitude=float(centre["lat"]),
        area_longitude=float(centre["long"]),
        # Only a public place has a point of its own: a little way from its area's centre.
        venue_latitude=round(float(centre["lat"]) + 0.003, 6) if public else None,
        venue_longitude=round(float(centre["long"]) - 0.002, 6) if public else None,
        access={
            "step_free_access": True,
            "accessible_restroom": True,
            "parking": n % 2 == 0,
            "near_transit": True,
        },
        access_notes="",
    )
    if is_respite:
        listing.stay_length = spec.stay_length
        listing.eligibility = spec.eligibility
        listing.joining = Joining.INTAKE
        listing.summary = (
            "A calm house run by peers, where you can stay for a few nights instead of going "
            "to hospital."
        )
        listing.description = (
            "You have your own bedroom. Peers are in the house day and night. They have been "
            "through hard times too. You can talk, rest, cook together or keep to yourself. "
            "You keep your phone and can come and go. Staying is free."
        )
        listing.how_to_join = (
            "Call the house, at any time. A peer talks with you about how you are and what "
            "you need. If there is a free room and a stay would help, you agree on a day to "
            "come."
        )
        listing.what_happens_next = (
            "When you arrive, a peer shows you around and your room. You agree together how "
            "long you will stay and what would help."
        )
    else:
        listing.closures = holidays(today, listing.hours)
        listing.summary = (
            "A friendly place run by peers, where you can come in for a cup of tea and a chat."
        )
        listing.description = (
            "Come in and you will be welcomed by a peer. You can sit and rest, talk with "
            "others, join an activity or use the computer. There are no forms to fill in and "
            "it is free."
        )
        listing.how_to_join = (
            "Just come in while it is open. You don't need to book or call first."
            if public
            else "Call first and a peer will tell you where the centre is. Then you can come "
            "in any time it is open."
        )
        listing.what_happens_next = (
            "A peer says hello and shows you around. You only share what you want to."
        )
    return listing


def generate(places_by_zip: dict[str, dict], today: datetime.date) -> list[DemoGroup]:
    """The example warmlines, drop-in centres and peer respites."""
    listings = [warmline(line, n, today) for n, line in enumerate(WARMLINES)]
    for n, spec in enumerate(DROP_IN_CENTRES + RESPITES):
        listings.append(house(spec, n, places_by_zip[spec.metro_zip], today))
    return listings
