"""The pages of warmlines, drop-in centres and peer respites: when they are open, what they are
like, and what a confidential place never shows."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from groups.models import AddressVisibility, Category, ListingKind
from tests.external_links import external_links

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
# A Wednesday evening in Atlanta.
WEDNESDAY_8PM = datetime.datetime(2026, 12, 2, 20, 0, tzinfo=EASTERN)
KINDS = [ListingKind.WARMLINE, ListingKind.DROP_IN_CENTRE, ListingKind.PEER_RESPITE]


@pytest.fixture
def at_moment(monkeypatch):
    """Pages are drawn as if it were this moment."""

    def set_moment(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))

    set_moment(WEDNESDAY_8PM)
    return set_moment


def page(client, listing) -> str:
    response = client.get(listing.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def make_listing(make_group):
    def make(kind: str, **overrides):
        values = {"kind": kind, "timezone": "America/New_York", "format": "phone"}
        return make_group(**(values | overrides))

    return make


@pytest.fixture
def warmline(make_listing, make_hours):
    line = make_listing(
        ListingKind.WARMLINE,
        name="Evening Warmline",
        contact_phone="(404) 555-0142",
        description="You talk about whatever is on your mind.",
        how_to_join="Call the number below.",
        serves_states=["GA", "AL"],
    )
    for weekday in range(7):
        make_hours(
            line,
            weekday=weekday,
            opens=datetime.time(17),
            closes=datetime.time(2),
            closes_next_day=True,
        )
    return line


# When it is open ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_listing_with_hours_says_when_it_is_open_in_a_time_element(
    client, make_listing, make_hours, at_moment, kind
):
    listing = make_listing(kind)
    make_hours(listing, weekday=2, opens=datetime.time(9), closes=datetime.time(22, 30))
    html = page(client, listing)
    assert "When it’s open" in html
    assert (
        'Open now, closes at <time datetime="2026-12-02T22:30:00-05:00" '
        'data-zone="America/New_York">10:30 pm Eastern time</time>'
    ) in html
    assert "Hours: Wednesday, 9:00 am to 10:30 pm (Eastern time)." in html


def test_a_listing_closing_within_the_hour_counts_the_minutes_in_a_time_element(
    client, make_listing, make_hours, at_moment
):
    listing = make_listing(ListingKind.WARMLINE)
    make_hours(listing, weekday=2, opens=datetime.time(9), closes=datetime.time(20, 40))
    assert (
        '<time datetime="2026-12-02T20:40:00-05:00" data-zone="America/New_York">'
        "Open now, closes in 40 minutes</time>"
    ) in page(client, listing)


def test_a_closed_listing_says_when_it_opens_next(client, make_listing, make_hours, at_moment):
    listing = make_listing(ListingKind.DROP_IN_CENTRE)
    make_hours(listing, weekday=4, opens=datetime.time(10), closes=datetime.time(16))
    html = text_of(page(client, listing))
    assert "Closed today. Opens Friday at 10:00 am Eastern time" in html


def test_an_overnight_line_reads_as_one_range_every_night(client, warmline, at_moment):
    html = text_of(page(client, warmline))
    assert "Open now, closes at 2:00 am Eastern time" in html
    assert "Hours: Every day, 5:00 pm to 2:00 am (Eastern time)." in html


def test_a_24_hour_house_says_so(client, make_listing, make_hours, at_moment):
    respite = make_listing(ListingKind.PEER_RESPITE)
    for weekday in range(7):
        make_hours(
            respite,
            weekday=weekday,
            opens=datetime.time(0),
            closes=datetime.time(0),
            closes_next_day=True,
        )
    html = text_of(page(client, respite))
    assert "Open 24 hours" in html
    assert "Every day, 24 hours" in html


def test_upcoming_closed_dates_are_listed_and_past_ones_are_not(
    client, warmline, make_closure, at_moment
):
    make_closure(warmline, datetime.date(2026, 12, 25), note="Christmas Day")
    make_closure(warmline, datetime.date(2026, 11, 26), note="Thanksgiving")
    html = text_of(page(client, warmline))
    assert "Closed on these dates: Friday, December 25 (Christmas Day)" in html
    assert "Thanksgiving" not in html


def test_a_closed_date_today_changes_the_status(client, warmline, make_closure, at_moment):
    at_moment(datetime.datetime(2026, 12, 2, 16, 0, tzinfo=EASTERN))
    make_closure(warmline, datetime.date(2026, 12, 2))
    html = text_of(page(client, warmline))
    assert "Closed today. Opens tomorrow at 5:00 pm Eastern time" in html


def test_a_listing_without_hours_says_to_ask(client, make_listing, at_moment):
    html = page(client, make_listing(ListingKind.DROP_IN_CENTRE))
    assert "The opening hours are not listed yet." in html


# Warmlines ----------------------------------------------------------------------------------


def test_a_warmline_page_says_peers_answer_and_who_may_call(client, warmline, at_moment):
    html = text_of(page(client, warmline))
    assert "Peers answer: people who have been through something similar" in html
    assert "Who can call: People who live in Alabama or Georgia can call." in html
    assert "What a call is like You talk about whatever is on your mind." in html


def test_a_warmline_says_who_may_call_in_its_own_words(client, make_listing, at_moment):
    line = make_listing(ListingKind.WARMLINE, who_may_call="Young people aged 14 to 24 in Ohio.")
    assert "Who can call: Young people aged 14 to 24 in Ohio." in text_of(page(client, line))


def test_a_national_warmline_takes_calls_from_anyone_in_the_country(
    client, make_listing, at_moment
):
    line = make_listing(ListingKind.WARMLINE)
    assert "Anyone in the country can call." in page(client, line)


def test_a_warmline_points_to_the_crisis_lines_at_the_top(client, warmline, at_moment):
    html = page(client, warmline)
    assert 'id="help-now"' in html
    assert '<a href="#help-now">Go to the crisis lines at the top of this page</a>' in html
    assert html.index('id="help-now"') < html.index('href="#help-now"')


def test_a_warmline_without_text_or_chat_says_so(client, warmline, at_moment):
    html = page(client, warmline)
    assert '<a href="tel:4045550142">(404) 555-0142</a>' in html
    assert "This line does not take text messages." in html
    assert "This line has no online chat." in html


def test_a_warmline_with_text_and_chat_offers_both(client, make_listing, at_moment):
    line = make_listing(
        ListingKind.WARMLINE,
        contact_text="(404) 555-0143",
        contact_chat="https://chat.example.org/warmline",
    )
    html = page(client, line)
    assert '<a href="sms:4045550143">(404) 555-0143</a>' in html
    assert "does not take text messages" not in html
    [chat] = [link for link in external_links(html) if "chat.example.org" in link.href]
    assert "Chat by typing" in chat.words


# Drop-in centres and respites ---------------------------------------------------------------


def test_a_drop_in_centre_says_you_can_just_come_in(client, make_listing, at_moment):
    html = page(client, make_listing(ListingKind.DROP_IN_CENTRE))
    assert "You can just come in while it is open." in html
    assert "What a visit is like" in html


def test_a_confidential_drop_in_centre_says_to_get_in_touch_before_coming(
    client, make_listing, make_place, at_moment
):
    place = make_place(address_visibility=AddressVisibility.AREA_ONLY)
    html = page(client, make_listing(ListingKind.DROP_IN_CENTRE, place=place))
    assert "Get in touch first to find out where it is." in html
    assert "You don’t need to book or call first." not in html


def test_a_respite_page_says_how_to_ask_how_long_who_and_cost(client, make_listing, at_moment):
    respite = make_listing(
        ListingKind.PEER_RESPITE,
        how_to_join="Call the house to talk about a stay.",
        stay_length="Up to 7 nights",
        eligibility="Adults aged 18 and over who live in Fulton County.",
        cost="free",
    )
    html = text_of(page(client, respite))
    assert "How to ask for a stay Call the house to talk about a stay." in html
    assert "How long a stay lasts Up to 7 nights" in html
    assert "Who can stay Adults aged 18 and over who live in Fulton County." in html
    assert "Cost Free" in html
    assert html.count("Cost") == 1, "the cost is said once, with the stay"
    assert "What a stay is like" in html


@pytest.mark.parametrize("kind", [ListingKind.DROP_IN_CENTRE, ListingKind.PEER_RESPITE])
@pytest.mark.parametrize("visibility", [AddressVisibility.AREA_ONLY, AddressVisibility.ON_REQUEST])
def test_a_confidential_place_never_shows_its_street_address(
    client, make_listing, make_place, at_moment, kind, visibility
):
    place = make_place(
        address_visibility=visibility,
        street_address="12 Hidden Lane",
        address_line_2="Back door, suite 4",
        name="Quiet House",
        private_notes="zx81-door-code",
        city="Decatur",
        postal_code="30030",
    )
    html = page(client, make_listing(kind, place=place))
    for secret in ["12 Hidden Lane", "Back door", "Quiet House", "zx81-door-code"]:
        assert secret not in html
    assert "Decatur, GA" in html
    assert "the exact address is shared after you get in touch" in html


def test_a_public_drop_in_centre_shows_its_street_address(
    client, make_listing, make_place, at_moment
):
    place = make_place(address_visibility=AddressVisibility.PUBLIC, street_address="5 Main St")
    html = page(client, make_listing(ListingKind.DROP_IN_CENTRE, place=place))
    assert "5 Main St" in html


@pytest.mark.parametrize("kind", KINDS)
def test_the_title_names_the_listing_and_nothing_else(client, make_listing, at_moment, kind):
    listing = make_listing(kind, name="Harbor House")
    html = page(client, listing)
    assert "<title>Harbor House · Peer Support Directory</title>" in html


@pytest.mark.parametrize("kind", KINDS)
def test_example_listings_are_labelled(client, make_listing, at_moment, kind):
    html = page(client, make_listing(kind, is_demo=True))
    assert "This listing is made up to show how the directory works." in html


# Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [ListingKind.SUPPORT_GROUP, *KINDS])
def test_every_kind_of_page_makes_the_same_fixed_number_of_queries(
    client,
    make_listing,
    make_place,
    make_meeting,
    make_hours,
    make_closure,
    django_assert_num_queries,
    at_moment,
    kind,
):
    listing = make_listing(
        kind,
        place=make_place(),
        categories=list(Category.objects.filter(is_separated=False)[:3]),
    )
    for weekday in range(5):
        make_hours(listing, weekday=weekday)
        make_meeting(listing, place=make_place(), weekday=weekday)
    for day in range(3, 6):
        make_closure(listing, datetime.date(2026, 12, day))
    # The listing with its organisation and place, its meetings, categories, hours and
    # closures, and the crisis lines of the safety strip.
    with django_assert_num_queries(6):
        page(client, listing)
