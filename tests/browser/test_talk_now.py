""" "Talk to someone now" on a phone, with and without JavaScript: from the home page, a state
typed in, the lines open now first with a way to call, the crisis lines a tap away, and no axe
violations."""

import datetime

import pytest
from playwright.sync_api import expect

from groups.models import ListingKind
from tests import factories
from tests.browser.a11y import axe_violations, describe, landmark_violations

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def lines(db):
    factories.make_gazetteer_place()  # Atlanta 30303, GA
    for name, states, open_all_day in (
        ("Example Any Hour Warmline", [], True),
        ("Example Georgia Peer Warmline", ["GA"], True),
        ("Example Ohio Warmline", ["OH"], True),
        ("Example Quiet Line", [], False),
    ):
        line = factories.make_group(
            name=name,
            kind=ListingKind.WARMLINE,
            format="phone",
            timezone="America/Chicago",
            serves_states=states,
            contact_phone="(800) 555-0110",
            contact_text="(800) 555-0140",
            is_demo=True,
        )
        if open_all_day:
            factories.open_around_the_clock(line)
        else:  # Mondays, half an hour
            factories.make_hours(line, opens=datetime.time(9), closes=datetime.time(9, 30))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_a_person_finds_a_line_open_now_for_their_state(
    browser, live_server, lines, javascript
):
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=javascript, timezone_id="America/Los_Angeles"
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.get_by_label("Your state, town or ZIP code").fill("Georgia")
        page.get_by_role("button", name="Show lines open now").click()
        expect(page.get_by_role("heading", name="Talk to someone now")).to_be_visible()
        heading = page.get_by_role("heading", name="Open now for people in Georgia (2)")
        expect(heading).to_be_visible()
        open_now = page.locator("section", has=heading)
        expect(open_now).to_contain_text("Example Georgia Peer Warmline")
        expect(open_now).to_contain_text("Example Any Hour Warmline")
        expect(open_now).not_to_contain_text("Example Ohio Warmline")
        expect(open_now.get_by_role("link", name="(800) 555-0110").first).to_have_attribute(
            "href", "tel:8005550110"
        )
        later = page.locator(
            "section", has=page.get_by_role("heading", name="Not open right now (1)")
        )
        expect(later).to_contain_text("Example Quiet Line")
        expect(later).to_contain_text("Opens")
        page.get_by_role("link", name="Go to the crisis lines at the top of this page").click()
        expect(page.locator("#help-now")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if javascript:  # axe runs as a script in the page
            violations = axe_violations(page) + landmark_violations(page)
            assert violations == [], describe(violations)
    finally:
        context.close()
