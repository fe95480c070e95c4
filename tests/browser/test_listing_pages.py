"""A warmline's and a peer respite's page on a phone: when it is open (with the visitor's own
time added by JavaScript), the way to the crisis lines at the top, and no axe violations."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from groups.models import AddressVisibility, ListingKind
from tests import factories
from tests.browser.a11y import axe_violations, describe, landmark_violations

PHONE = {"width": 390, "height": 844}
# Where screenshots of each kind's page go when asked for (LISTING_SCREENSHOTS=/some/dir).
SCREENSHOTS = os.environ.get("LISTING_SCREENSHOTS", "")


def every_day(listing, opens: datetime.time, closes: datetime.time) -> None:
    for weekday in range(7):
        factories.make_hours(
            listing, weekday=weekday, opens=opens, closes=closes, closes_next_day=closes <= opens
        )


@pytest.fixture
def listings(db) -> dict[str, str]:
    """One listing of each kind, by kind: its page's path."""
    warmline = factories.make_group(
        kind=ListingKind.WARMLINE,
        name="Example Night Owl Warmline",
        summary="A free peer-run line for anyone who wants to talk.",
        description="When you call, a peer picks up. You can talk about whatever is on your mind.",
        how_to_join="You can call or text while the line is open.",
        format="phone",
        timezone="America/Chicago",
        contact_phone="(800) 555-0111",
        contact_text="(800) 555-0141",
        is_demo=True,
    )
    every_day(warmline, datetime.time(17), datetime.time(2))
    factories.make_closure(warmline, datetime.date.today() + datetime.timedelta(days=20))
    respite = factories.make_group(
        kind=ListingKind.PEER_RESPITE,
        name="Example Maple House Peer Respite",
        summary="A calm house run by peers, where you can stay for a few nights.",
        description="You have your own bedroom. Peers are in the house day and night.",
        how_to_join="Call the house at any time. A peer talks with you about a stay.",
        timezone="America/New_York",
        stay_length="Up to 7 nights",
        eligibility="Adults aged 18 and over who live in Massachusetts.",
        contact_phone="(617) 555-0175",
        place=factories.make_place(
            address_visibility=AddressVisibility.AREA_ONLY, city="Boston", state="MA"
        ),
        is_demo=True,
    )
    every_day(respite, datetime.time(0), datetime.time(0))
    centre = factories.make_group(
        kind=ListingKind.DROP_IN_CENTRE,
        name="Example Open Door Drop-In Centre",
        summary="A friendly place run by peers, where you can come in for a chat.",
        description="Come in and you will be welcomed by a peer.",
        how_to_join="Just come in while it is open.",
        timezone="America/New_York",
        contact_phone="(404) 555-0170",
        place=factories.make_place(
            address_visibility=AddressVisibility.PUBLIC,
            name="Example Community Center",
            street_address="200 Example Street",
            venue_latitude=33.7555,
            venue_longitude=-84.3908,
        ),
        is_demo=True,
    )
    for weekday in range(5):
        factories.make_hours(centre, weekday=weekday, opens=datetime.time(10))
    group = factories.make_group(name="Example Lantern Circle", is_demo=True)
    factories.make_meeting(group, place=factories.make_place())
    return {
        listing.kind: listing.get_absolute_url() for listing in (warmline, respite, centre, group)
    }


@pytest.mark.parametrize("kind", [ListingKind.WARMLINE, ListingKind.PEER_RESPITE], ids=str)
def test_on_a_phone_a_page_says_when_it_is_open_and_leads_to_the_crisis_lines(
    browser, live_server, listings, kind
):
    # A visitor somewhere else, so their own time is added beside the listing's.
    context = browser.new_context(viewport=PHONE, timezone_id="America/Los_Angeles")
    try:
        page = context.new_page()
        page.goto(live_server.url + listings[kind])
        expect(page.get_by_role("heading", name="When it’s open")).to_be_visible()
        status = page.locator("p.when")
        expect(status).to_contain_text("Open")
        if kind == ListingKind.WARMLINE:
            expect(status.locator(".your-time")).to_contain_text("your time")
        else:
            expect(status).to_contain_text("Open 24 hours")
            expect(page.get_by_text("Up to 7 nights")).to_be_visible()
        link = page.get_by_role("link", name="Go to the crisis lines at the top of this page")
        link.click()
        expect(page.locator("#help-now")).to_be_in_viewport()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        violations = axe_violations(page) + landmark_violations(page)
        assert violations == [], describe(violations)
    finally:
        context.close()


def test_each_kind_of_page_fits_a_phone_screen(browser, live_server, listings, tmp_path):
    """Every kind's page on a 390 px phone, no sideways scroll; screenshots are kept in
    LISTING_SCREENSHOTS when it is set, to look at."""
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    context = browser.new_context(viewport=PHONE, timezone_id="America/Los_Angeles")
    try:
        page = context.new_page()
        for kind, path in listings.items():
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], kind
            shot = folder / f"{kind}-390.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0
    finally:
        context.close()
