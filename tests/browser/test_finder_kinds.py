"""On a phone, with and without JavaScript: a person near 30303 chooses drop-in centres and peer
respites in the finder, sees one open now with only its area, and reaches its page."""

import pytest
from playwright.sync_api import expect

from groups.models import AddressVisibility, ListingKind
from tests import factories
from tests.browser.a11y import axe_violations, describe

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def centres(db):
    factories.make_gazetteer_place()  # Atlanta 30303
    group = factories.make_group(name="Lantern Circle")
    factories.make_meeting(group, place=factories.make_place())
    for name, kind in (
        ("Open Door Drop-In Centre", ListingKind.DROP_IN_CENTRE),
        ("Maple House Peer Respite", ListingKind.PEER_RESPITE),
    ):
        listing = factories.make_group(
            name=name,
            kind=kind,
            format="in_person",
            timezone="America/New_York",
            place=factories.make_place(
                address_visibility=AddressVisibility.AREA_ONLY,
                street_address="12 Hidden Lane",
                area_latitude=33.76,
                area_longitude=-84.39,
            ),
        )
        factories.open_around_the_clock(listing)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_a_person_finds_a_drop_in_centre_and_a_respite_near_them(
    browser, live_server, centres, javascript
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/groups/?near=30303")
        expect(page.locator("#results-heading")).to_contain_text("1 group within 25 miles")
        page.locator(".search-summary a", has_text="Change").click()
        page.locator("summary", has_text="Filter results").click()
        expect(page.get_by_label("Drop-in centre (1)")).to_be_visible()
        page.uncheck("#kind-support_group")
        page.check("#kind-drop_in_centre")
        page.check("#kind-peer_respite")
        page.locator("details.filters button[type=submit]").click()
        expect(page.locator("#results-heading")).to_contain_text("2 listings within 25 miles")
        expect(page.locator(".search-summary")).to_contain_text("2 filters")
        cards = page.locator("ol.results > li")
        expect(cards.first).to_contain_text("Open 24 hours")
        expect(cards.first).to_contain_text("Atlanta, GA 30303")
        expect(page.locator("main")).not_to_contain_text("Hidden Lane")
        expect(page.locator("main")).not_to_contain_text("Under 1 mile")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if javascript:  # axe runs as a script in the page
            violations = axe_violations(page)
            assert violations == [], describe(violations)
        page.get_by_role("link", name="Open Door Drop-In Centre").click()
        expect(page.locator("h1")).to_have_text("Open Door Drop-In Centre")
        expect(page.locator("p.when")).to_contain_text("Open 24 hours")
    finally:
        context.close()
