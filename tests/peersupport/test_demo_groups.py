"""The generated example groups say the same thing in their words as in their fields.

Every test here runs over the whole demo set, built by the same function `load_demo` uses, so a
contradiction anywhere (a "drop in" group that asks you to register, a group "for women"
tagged for anyone, a program for people who use violence promising secrecy) names the groups
that have it. Building the set reads the ZIP code package but no database.
"""

import datetime
import re
from collections import Counter
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import zipcodes

from groups.hours import overlapping, weekly_summary
from groups.models import (
    AddressVisibility,
    Audience,
    Cohort,
    Cost,
    Format,
    Joining,
    LinkVisibility,
    ListingKind,
)
from groups.schedule import clock
from groups.services import TIMES_OF_DAY
from peersupport.demo import groups as demo_groups
from peersupport.demo import kinds as demo_kinds
from peersupport.demo import load
from search.choices import Language

pytestmark = pytest.mark.xdist_group("demo")

TODAY = datetime.date(2026, 3, 2)
SEPARATED = "people-who-use-violence"
KINDS = [ListingKind.WARMLINE, ListingKind.DROP_IN_CENTRE, ListingKind.PEER_RESPITE]
IN_PERSON_FORMATS = {Format.IN_PERSON, Format.HYBRID}
ONLINE_FORMATS = {Format.ONLINE, Format.HYBRID}

# Words that say how someone joins.
DROP_IN_WORDS = (
    r"drop[ -]?in|walk[ -]?in|come (along )?to any meeting|join any meeting|need to sign up"
)
SIGN_UP_WORDS = (
    r"regist|save a place|sign up first|book a place|conversation|intake|screening|"
    r"before your first meeting|new round"
)
# Words that name who a group is for.
AUDIENCE_PATTERNS = {
    Audience.WOMEN: r"\bwomen\b|\bwoman\b",
    Audience.MEN: r"\bmen\b|\bman\b",
    Audience.LGBTQ: r"lgbt|\bqueer\b|\bgay\b|\blesbian",
    Audience.TRANS_NONBINARY: r"\btrans\b|transgender|non-?binary",
    Audience.YOUTH: r"\byoung\b|\byouth|\bteen|aged 1\d",
    Audience.OLDER_ADULTS: r"over 55|over 60|older adults|older people|seniors|elders",
    Audience.FAMILY_FRIENDS: r"family and friends|families|loved ones",
}
# Words that say how a group meets.
ONLINE_WORDS = r"\bonline\b|\bvideo\b|\blink\b|camera|zoom"
PHONE_WORDS = r"by phone|number to call|dial[- ]?in|conference line"
IN_PERSON_WORDS = (
    r"in person|face to face|\broom\b|where the group meets|exact place|address|venue|"
    r"building|come to any meeting"
)
# Promises of secrecy that a program for people who use violence cannot keep.
SECRECY_WORDS = (
    r"stays? in the group|stays? in the room|confidential|kept private|keeps? (it|this|what)|"
    r"keep what|never (be )?(shared|passed on|told)|nobody (else|outside)|between us"
)


@pytest.fixture(scope="module")
def areas() -> tuple[dict, dict]:
    return load.demo_areas()


@pytest.fixture(scope="module")
def groups(areas) -> list[demo_groups.DemoGroup]:
    """The demo set as `load_demo` builds it (`load.generate_groups`, without reading the
    ZIP codes again)."""
    return demo_groups.generate(*areas, TODAY)


def words(group: demo_groups.DemoGroup) -> str:
    """Everything a group's page says about it in sentences."""
    return "\n".join(
        [
            group.name,
            group.summary,
            group.description,
            group.content_note,
            group.how_to_join,
            group.what_happens_next,
        ]
    )


def says(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def audiences_named(text: str) -> set[str]:
    return {audience for audience, pattern in AUDIENCE_PATTERNS.items() if says(pattern, text)}


def languages_named(text: str) -> set[str]:
    return {language.value for language in Language if language.label in text}


def time_of_day(time: datetime.time) -> str:
    if time < datetime.time(12):
        return "morning"
    return "afternoon" if time < datetime.time(17) else "evening"


# The whole set ---------------------------------------------------------------------------------


def test_the_loader_builds_this_same_set_every_time(groups):
    assert load.generate_groups(TODAY) == groups


def test_the_demo_builds_the_number_of_groups_the_loader_expects(groups):
    assert len(groups) == demo_groups.GROUP_COUNT
    assert len({group.slug for group in groups}) == len(groups)


def test_each_topic_is_offered_to_several_audiences(groups):
    """Audiences are not tied to topics: not every domestic violence group is for anyone."""
    by_topic: dict[str, set[str]] = {}
    for group in groups:
        by_topic.setdefault(group.categories[0], set()).update(group.audiences)
    narrow = {
        topic: sorted(audiences)
        for topic, audiences in by_topic.items()
        if topic != "family-and-friends" and len(audiences) < 4
    }
    assert narrow == {}
    assert len(by_topic) == len(demo_groups.THEMES)


def test_each_way_of_joining_is_offered_in_person_online_and_in_both(groups):
    seen = {(group.format, group.joining) for group in groups}
    for fmt in (Format.IN_PERSON, Format.ONLINE, Format.HYBRID):
        for joining in Joining:
            assert (fmt, joining) in seen, (fmt, joining)
    assert {(Format.PHONE, joining) for joining in (Joining.REGISTRATION, Joining.INTAKE)} <= seen


# How someone joins -----------------------------------------------------------------------------


def test_groups_described_as_drop_in_are_drop_in_and_no_others_are(groups):
    described = {group.slug for group in groups if says(DROP_IN_WORDS, words(group))}
    drop_in = {group.slug for group in groups if group.joining == Joining.DROP_IN}
    assert sorted(described - drop_in) == []
    assert sorted(drop_in - described) == []


def test_drop_in_groups_never_ask_people_to_register_first(groups):
    wrong = [
        group.slug
        for group in groups
        if group.joining == Joining.DROP_IN and says(SIGN_UP_WORDS, words(group))
    ]
    assert wrong == []


def test_groups_that_ask_people_to_register_say_so_in_how_to_join(groups):
    wrong = [
        group.slug
        for group in groups
        if group.joining != Joining.DROP_IN and not says(SIGN_UP_WORDS, group.how_to_join)
    ]
    assert wrong == []


def test_intake_groups_say_there_is_a_conversation_first(groups):
    wrong = [
        group.slug
        for group in groups
        if (group.joining == Joining.INTAKE) != says("conversation", group.how_to_join)
    ]
    assert wrong == []


def test_closed_groups_and_phone_groups_are_never_drop_in(groups):
    # A closed group starts together; a phone group's number is sent after you register.
    wrong = [
        group.slug
        for group in groups
        if group.joining == Joining.DROP_IN
        and (group.cohort == Cohort.CLOSED or group.format == Format.PHONE)
    ]
    assert wrong == []


def test_an_online_link_is_shown_exactly_when_people_can_drop_in(groups):
    """A private link is 'Sent after you register', which a drop-in group never asks for."""
    online = [group for group in groups if group.format in ONLINE_FORMATS]
    assert online
    wrong = [
        group.slug
        for group in online
        if (group.online_link_visibility == LinkVisibility.PUBLIC)
        != (group.joining == Joining.DROP_IN)
    ]
    assert wrong == []
    assert all(group.online_url for group in online)


def test_the_text_says_where_to_find_the_link(groups):
    wrong = [
        group.slug
        for group in groups
        if group.format in ONLINE_FORMATS
        and says("link on this page", group.how_to_join)
        != (group.online_link_visibility == LinkVisibility.PUBLIC)
    ]
    assert wrong == []


def test_each_online_link_belongs_to_one_group(groups):
    links = Counter(group.online_url for group in groups if group.online_url)
    assert [url for url, seen in links.items() if seen > 1] == []


def test_drop_in_groups_at_a_private_place_say_to_ask_where_first(groups):
    """'Come along, no need to call first' cannot be right when the place is shared on asking."""
    wrong = [
        group.slug
        for group in groups
        if group.joining == Joining.DROP_IN
        and group.place is not None
        and group.place.visibility != AddressVisibility.PUBLIC
        and (
            not says("where the group meets", group.how_to_join)
            or says(r"need to (call|get in touch)", group.how_to_join)
        )
    ]
    assert wrong == []


# Who a group is for ----------------------------------------------------------------------------


def test_every_audience_a_group_is_described_for_is_tagged(groups):
    wrong = {
        group.slug: sorted(audiences_named(words(group)) - set(group.audiences)) for group in groups
    }
    assert {slug: missing for slug, missing in wrong.items() if missing} == {}


def test_every_audience_a_group_is_tagged_for_is_named_in_its_summary(groups):
    wrong = {
        group.slug: sorted(
            set(group.audiences) - {Audience.ANYONE} - audiences_named(group.summary)
        )
        for group in groups
    }
    assert {slug: missing for slug, missing in wrong.items() if missing} == {}


def test_groups_open_to_anyone_are_described_for_no_one_in_particular(groups):
    anyone = [group for group in groups if Audience.ANYONE in group.audiences]
    assert anyone
    assert [group.slug for group in anyone if group.audiences != [Audience.ANYONE]] == []
    assert [group.slug for group in anyone if audiences_named(words(group))] == []


def test_only_groups_open_to_anyone_say_anyone_may_come(groups):
    wrong = [
        group.slug
        for group in groups
        if says(r"\banyone\b|\beveryone\b|\ball welcome", words(group))
        and group.audiences != [Audience.ANYONE]
    ]
    assert wrong == []


def test_groups_for_family_and_friends_are_about_family_and_friends(groups):
    wrong = [
        group.slug
        for group in groups
        if ("family-and-friends" in group.categories)
        != (Audience.FAMILY_FRIENDS in group.audiences)
    ]
    assert wrong == []


# Programs for people who use violence ----------------------------------------------------------


def separated(groups: list[demo_groups.DemoGroup]) -> list[demo_groups.DemoGroup]:
    found = [group for group in groups if SEPARATED in group.categories]
    assert found
    return found


def test_programs_for_people_who_use_violence_promise_no_secrecy(groups):
    wrong = [group.slug for group in separated(groups) if says(SECRECY_WORDS, words(group))]
    assert wrong == []


def test_programs_for_people_who_use_violence_say_what_they_pass_on(groups):
    for group in separated(groups):
        assert says(r"court|probation", group.description), group.slug
        assert says(r"at risk|in danger", group.description), group.slug
        assert says(r"stop", group.summary), group.slug


def test_programs_for_people_who_use_violence_start_with_a_conversation(groups):
    assert {group.joining for group in separated(groups)} == {Joining.INTAKE}


def test_programs_for_people_who_use_violence_keep_to_their_own_topic(groups):
    wrong = [
        group.slug
        for group in separated(groups)
        if group.categories != [SEPARATED] or Audience.FAMILY_FRIENDS in group.audiences
    ]
    assert wrong == []


def test_programs_for_people_who_use_violence_share_no_name_with_other_groups(groups):
    """A survivor must never mistake such a program for a group like the one they looked for."""
    others = {group.name for group in groups if SEPARATED not in group.categories}
    assert [group.name for group in separated(groups) if group.name in others] == []


def test_no_group_promises_that_everything_said_stays_in_the_group(groups):
    # Leaders must act when a life is in danger, and nobody can promise what other members do.
    wrong = [group.slug for group in groups if says(r"stays? in the (group|room)", words(group))]
    assert wrong == []


# Languages, format, cost, childcare, contact ---------------------------------------------------


def test_the_description_names_the_languages_the_group_meets_in(groups):
    wrong = {
        group.slug: (sorted(languages_named(words(group))), sorted(group.languages))
        for group in groups
        if languages_named(words(group)) != set(group.languages)
    }
    assert wrong == {}


def test_sign_language_groups_never_meet_by_phone(groups):
    asl = [group for group in groups if Language.ASL in group.languages]
    assert asl
    assert [group.slug for group in asl if group.format == Format.PHONE] == []
    assert [group.slug for group in asl if says(r"\bcall\b", group.how_to_join)] == []


def test_the_words_about_how_a_group_meets_agree_with_its_format(groups):
    wrong = []
    for group in groups:
        text = words(group)
        if says(ONLINE_WORDS, text) != (group.format in ONLINE_FORMATS):
            wrong.append((group.slug, group.format, "online"))
        if says(PHONE_WORDS, text) != (group.format == Format.PHONE):
            wrong.append((group.slug, group.format, "phone"))
        if says(IN_PERSON_WORDS, text) != (group.format in IN_PERSON_FORMATS):
            wrong.append((group.slug, group.format, "in person"))
    assert wrong == []


def test_groups_meet_somewhere_exactly_when_they_meet_in_person(groups):
    wrong = [
        group.slug
        for group in groups
        if (group.place is not None) != (group.format in IN_PERSON_FORMATS)
    ]
    assert wrong == []


def test_what_the_text_says_about_cost_agrees_with_the_cost(groups):
    wrong = []
    for group in groups:
        text = words(group)
        if says(r"\bfree\b|no cost|no charge|costs nothing", text) and group.cost != Cost.FREE:
            wrong.append((group.slug, "free"))
        if says(r"donation", text) and group.cost != Cost.DONATION:
            wrong.append((group.slug, "donation"))
        if says(r"\$\d", text) and group.cost not in (Cost.FEE, Cost.SLIDING_SCALE):
            wrong.append((group.slug, "price"))
        if ("$" in group.cost_note) != (group.cost in (Cost.FEE, Cost.SLIDING_SCALE)):
            wrong.append((group.slug, "cost note"))
    assert wrong == []


def test_childcare_is_offered_only_where_people_meet_in_person(groups):
    with_childcare = [group for group in groups if group.childcare]
    assert with_childcare
    assert [g.slug for g in with_childcare if g.format not in IN_PERSON_FORMATS] == []


def test_the_text_mentions_childcare_exactly_when_it_is_offered(groups):
    wrong = [
        group.slug
        for group in groups
        if says(r"child ?care|children", words(group)) != group.childcare
    ]
    assert wrong == []


def test_every_way_of_getting_in_touch_the_text_names_is_listed(groups):
    wrong = []
    for group in groups:
        text = "\n".join([group.how_to_join, group.what_happens_next, group.safe_contact_hours])
        if says(r"\btext", text) and not group.contact_text:
            wrong.append((group.slug, "text"))
        if says(r"\bcall\b", text) and not group.contact_phone:
            wrong.append((group.slug, "call"))
        if says(r"\bemail", text) and not group.contact_email:
            wrong.append((group.slug, "email"))
    assert wrong == []


def test_an_accessible_restroom_is_never_up_a_step(groups):
    wrong = []
    for group in groups:
        if group.place is None:
            continue
        access = group.place.access
        if access["accessible_restroom"] and not access["step_free_access"]:
            wrong.append((group.slug, "restroom"))
        if says("step-free", group.place.access_notes) != access["step_free_access"]:
            wrong.append((group.slug, "notes"))
    assert wrong == []


def test_times_of_day_in_a_group_s_words_are_when_it_meets(groups):
    wrong = []
    for group in groups:
        times = {time_of_day(meeting.start) for meeting in group.meetings}
        for time in TIMES_OF_DAY:
            pattern = rf"\b{time}s?\b" + (r"|\bnights?\b|after work" if time == "evening" else "")
            if says(pattern, words(group)) and time not in times:
                wrong.append((group.slug, time))
    assert wrong == []


def test_online_groups_for_some_states_meet_in_a_timezone_of_one_of_them(groups):
    zones: dict[str, set[str]] = {}
    for row in zipcodes.list_all():
        zones.setdefault(row["state"], set()).add(row["timezone"])
    wrong = [
        group.slug
        for group in groups
        if group.serves_states
        and {meeting.timezone for meeting in group.meetings}
        - {zone for state in group.serves_states for zone in zones[state]}
    ]
    assert wrong == []


# Warmlines, drop-in centres and peer respites -----------------------------------------------

PHONE_NUMBER = re.compile(r"^\((\d{3})\) 555-01\d\d$")


@pytest.fixture(scope="module")
def listings(areas) -> list[demo_groups.DemoGroup]:
    """The other kinds, as `load_demo` builds them after the groups."""
    return demo_kinds.generate(areas[0], TODAY)


def of_kind(listings, kind: str) -> list[demo_groups.DemoGroup]:
    return [listing for listing in listings if listing.kind == kind]


def hours_of(listing) -> list[SimpleNamespace]:
    return [SimpleNamespace(**vars(hours)) for hours in listing.hours]


def test_the_loader_builds_the_groups_then_the_other_kinds_every_time(groups, listings):
    assert load.generate_listings(TODAY) == groups + listings
    assert len(listings) == demo_kinds.LISTING_COUNT
    every = groups + listings
    assert len({listing.slug for listing in every}) == len(every)


def test_there_are_several_of_every_kind(listings):
    kinds = Counter(listing.kind for listing in listings)
    assert kinds[ListingKind.SUPPORT_GROUP] == 0
    assert all(kinds[kind] >= 4 for kind in KINDS)


def test_every_phone_number_is_a_made_up_555_01xx_number(groups, listings):
    numbers = [
        (listing.slug, number)
        for listing in groups + listings
        for number in (listing.contact_phone, listing.contact_text)
        if number
    ]
    assert [(slug, number) for slug, number in numbers if not PHONE_NUMBER.match(number)] == []


def test_every_other_kind_is_open_at_hours_the_database_accepts_without_overlaps(listings):
    wrong = []
    for listing in listings:
        ZoneInfo(listing.timezone)
        if not listing.hours:
            wrong.append((listing.slug, "no hours"))
        for hours in listing.hours:
            if hours.closes_next_day != (hours.closes <= hours.opens):
                wrong.append((listing.slug, hours))
        if overlapping(hours_of(listing)):
            wrong.append((listing.slug, "overlapping"))
    assert wrong == []


def test_warmlines_serve_the_nation_and_several_states(listings):
    lines = of_kind(listings, ListingKind.WARMLINE)
    assert sum(1 for line in lines if not line.serves_states) >= 2
    assert len({state for line in lines for state in line.serves_states}) >= 4


def test_warmlines_include_24_hour_overnight_and_weekend_only_lines(listings):
    weeks = [weekly_summary(hours_of(line)) for line in of_kind(listings, ListingKind.WARMLINE)]
    assert "Every day, 24 hours" in weeks
    assert "Every day, 5:00 pm to 2:00 am" in weeks
    assert "Saturday and Sunday, 10:00 am to 10:00 pm" in weeks


def test_a_warmline_s_summary_says_the_hours_it_keeps(listings):
    wrong = []
    for line in of_kind(listings, ListingKind.WARMLINE):
        for hours in line.hours:
            # The summary writes each opening time the hours have ("from 5:00 pm").
            opening = "any time" if hours.opens == hours.closes else clock(hours.opens)
            if opening not in line.summary:
                wrong.append((line.slug, opening))
    assert wrong == []


def test_a_warmline_offers_texting_and_chat_exactly_when_it_has_them(listings):
    wrong = []
    for line in of_kind(listings, ListingKind.WARMLINE):
        if says(r"\btext\b", line.how_to_join) != bool(line.contact_text):
            wrong.append((line.slug, "text"))
        if says(r"\bchat\b", line.how_to_join) != bool(line.contact_chat):
            wrong.append((line.slug, "chat"))
        if line.place is not None:
            wrong.append((line.slug, "a place"))
    assert wrong == []


def test_a_warmline_for_one_audience_names_it(listings):
    wrong = []
    for line in of_kind(listings, ListingKind.WARMLINE):
        named = audiences_named(line.summary)
        tagged = set(line.audiences) - {Audience.ANYONE}
        if named != tagged:
            wrong.append((line.slug, named, tagged))
    assert wrong == []


def test_a_warmline_names_the_languages_of_its_calls(listings):
    wrong = [
        line.slug
        for line in of_kind(listings, ListingKind.WARMLINE)
        if languages_named(line.description) != set(line.languages)
    ]
    assert wrong == []


def test_drop_in_centres_open_on_weekday_daytimes(listings):
    wrong = []
    for centre in of_kind(listings, ListingKind.DROP_IN_CENTRE):
        weekdays = {hours.weekday for hours in centre.hours}
        if not set(range(4)) <= weekdays:
            wrong.append((centre.slug, weekdays))
        for hours in centre.hours:
            if hours.closes_next_day or hours.opens < datetime.time(9):
                wrong.append((centre.slug, hours))
            if hours.closes > datetime.time(19):
                wrong.append((centre.slug, hours))
    assert wrong == []


def test_respites_are_staffed_around_the_clock_and_say_how_long_and_who(listings):
    wrong = []
    for respite in of_kind(listings, ListingKind.PEER_RESPITE):
        if weekly_summary(hours_of(respite)) != "Every day, 24 hours":
            wrong.append((respite.slug, "hours"))
        if not (respite.stay_length and respite.eligibility and respite.how_to_join):
            wrong.append((respite.slug, "stay"))
        if respite.cost == Cost.FREE and "free" not in respite.description.lower():
            wrong.append((respite.slug, "cost"))
    assert wrong == []


def test_drop_in_centres_and_respites_are_places_in_their_own_timezone(listings):
    wrong = []
    for listing in of_kind(listings, ListingKind.DROP_IN_CENTRE) + of_kind(
        listings, ListingKind.PEER_RESPITE
    ):
        place = listing.place
        if (
            place is None
            or place.timezone != listing.timezone
            or listing.meetings
            or (
                place.visibility != AddressVisibility.PUBLIC
                and (place.name or place.venue_latitude or place.street in words(listing))
            )
        ):
            wrong.append(listing.slug)
    assert wrong == []


def test_most_respites_keep_their_address_private(listings):
    respites = of_kind(listings, ListingKind.PEER_RESPITE)
    assert all(respite.place.visibility != AddressVisibility.PUBLIC for respite in respites)


def test_a_drop_in_centre_at_a_private_place_says_to_get_in_touch_first(listings):
    wrong = [
        centre.slug
        for centre in of_kind(listings, ListingKind.DROP_IN_CENTRE)
        if (centre.place.visibility != AddressVisibility.PUBLIC)
        != says(r"will tell you where", centre.how_to_join)
    ]
    assert wrong == []


def test_closed_dates_are_ahead_and_on_days_the_listing_would_open(listings):
    wrong = []
    for listing in listings:
        for closure in listing.closures:
            if closure.date < TODAY or closure.date.weekday() not in {
                hours.weekday for hours in listing.hours
            }:
                wrong.append((listing.slug, closure))
    assert wrong == []
    assert any(listing.closures for listing in listings)
