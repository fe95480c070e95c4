"""A person finds a group by ZIP code, narrows it down, opens it and saves the dates."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from groups.models import AddressVisibility, Category
from groups.schedule import clock
from groups.services import refresh_meeting_summaries
from tests import factories
from tests.browser.a11y import axe_violations, describe


@pytest.fixture
def atlanta(db):
    """A tiny gazetteer and three groups around Atlanta: two nearby, one far away."""
    factories.make_gazetteer_place()
    factories.make_gazetteer_place(kind="town", latitude=33.76, longitude=-84.39)
    dv = Category.objects.get(slug="domestic-violence")
    mh = Category.objects.get(slug="mental-health")
    groups = {}
    for name, category, lat, weekday in [
        ("Lantern Circle", dv, 33.80, 1),
        ("Harbor Group", mh, 33.70, 3),
        ("Faraway Circle", dv, 35.20, 1),
    ]:
        group = factories.make_group(
            name=name, slug=name.lower().replace(" ", "-"), categories=[category]
        )
        place = factories.make_place(
            area_latitude=lat, area_longitude=-84.39, address_visibility=AddressVisibility.AREA_ONLY
        )
        factories.make_meeting(
            group, place=place, weekday=weekday, valid_from=datetime.date(2026, 1, 5)
        )
        groups[name] = group
    refresh_meeting_summaries()
    return groups


def test_search_by_zip_then_filter_then_open_a_group_and_get_its_calendar(
    page, live_server, atlanta
):
    page.goto(live_server.url + "/")
    page.fill("#near", "30303")
    page.locator("form[aria-label='Find a group'] button").click()
    expect(page.locator("#results-heading")).to_contain_text("2 groups within 25 miles")
    expect(page.locator(".results")).not_to_contain_text("Faraway Circle")
    assert "30303" not in page.title()

    page.locator("summary", has_text="Filter results").click()
    page.check("#category-domestic-violence")
    page.locator("details.filters button[type=submit]").click()
    expect(page.locator("#results-heading")).to_contain_text("1 group within 25 miles")

    page.get_by_role("link", name="Lantern Circle").click()
    expect(page.locator("h1")).to_have_text("Lantern Circle")
    expect(page.locator("main")).to_contain_text("The organiser shares the exact place")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add these meetings to your calendar").click()
    with open(download.value.path(), encoding="utf-8") as calendar_file:
        content = calendar_file.read()
    assert "RRULE:" in content and "Hidden Lane" not in content


def test_a_place_typed_into_the_finder_page_comes_back_nearest_first(page, live_server, atlanta):
    # The finder's own form holds the order too; before a place is given it must not send
    # "by name", or the place typed in next would be listed alphabetically.
    page.goto(live_server.url + "/groups/")
    page.fill("#near", "30303")
    page.get_by_role("button", name="Show groups").click()
    expect(page.locator("#results-heading")).to_contain_text("2 groups within 25 miles")
    assert page.locator("ol.results h2").all_inner_texts() == ["Lantern Circle", "Harbor Group"]
    expect(page.locator("#sort")).to_have_value("")
    expect(page.locator("#sort option:checked")).to_have_text("Nearest first")

    page.locator("summary", has_text="Filter results").click()
    page.select_option("#sort", "name")
    page.locator("details.filters button[type=submit]").click()
    expect(page.locator("ol.results h2").first).to_have_text("Harbor Group")


def test_without_javascript_there_is_no_location_button_to_press(browser, live_server, atlanta):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/groups/")
    expect(page.locator("[data-locate]")).to_be_hidden()
    expect(page.locator("[data-locate-note]")).to_be_hidden()
    expect(page.locator("[data-exit-hint]")).to_be_hidden()
    context.close()


def test_the_shift_hint_shows_with_a_mouse_but_not_on_a_touch_only_phone(
    browser, page, live_server, atlanta
):
    page.goto(live_server.url + "/groups/")
    expect(page.locator("[data-exit-hint]")).to_be_visible()
    expect(page.locator("[data-locate]")).to_be_visible()
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    touch = phone.new_page()
    touch.goto(live_server.url + "/groups/")
    expect(touch.locator(".exit-bar a.exit-button")).to_be_visible()
    expect(touch.locator("[data-exit-hint]")).to_be_hidden()
    phone.close()


def test_the_finder_works_with_the_keyboard_alone(page, live_server, atlanta):
    page.goto(live_server.url + "/groups/")
    page.locator("#near").focus()
    page.keyboard.type("Atlanta, GA")
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_contain_text("within 25 miles of Atlanta, GA")
    # Tab from the place box to the first result without a mouse.
    link = page.get_by_role("link", name="Harbor Group")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Harbor Group":
            break
    else:
        pytest.fail("Harbor Group could not be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Harbor Group")
    assert link


def test_an_ambiguous_place_offers_choices_and_an_unknown_one_says_so(page, live_server, atlanta):
    factories.make_gazetteer_place(
        kind="town", state="TX", latitude=33.11, longitude=-94.16, timezone="America/Chicago"
    )
    page.goto(live_server.url + "/groups/?near=Atlanta")
    expect(page.locator("#results-heading")).to_have_text("Which place did you mean?")
    page.get_by_role("link", name="Atlanta, GA").click()
    expect(page.locator("#results-heading")).to_contain_text("of Atlanta, GA")
    page.goto(live_server.url + "/groups/?near=Nowhereville")
    expect(page.locator("main")).to_contain_text("We couldn't find that place")


@pytest.mark.parametrize(
    "query",
    [
        "?near=30303",
        "?near=30303&category=domestic-violence&day=tue",
        "?near=Nowhereville",
        "?near=Atlanta",
    ],
)
def test_search_pages_have_no_axe_violations(page, live_server, atlanta, query):
    page.goto(live_server.url + "/groups/" + query)
    page.locator("summary", has_text="Filter results").click()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_group_page_has_no_axe_violations_in_print_or_on_a_phone(page, live_server, atlanta):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/groups/lantern-circle/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.emulate_media(media="print")
    expect(page.locator(".exit-bar")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()


def test_use_my_location_puts_only_the_nearest_zip_in_the_address(browser, live_server, atlanta):
    context = browser.new_context(
        geolocation={"latitude": 33.75321, "longitude": -84.38912}, permissions=["geolocation"]
    )
    page = context.new_page()
    addresses = []
    page.on("request", lambda request: addresses.append(request.url))
    page.goto(live_server.url + "/groups/?category=domestic-violence")
    page.get_by_role("button", name="Use my location").click()
    expect(page.locator("#results-heading")).to_contain_text("1 group within 25 miles of Atlanta")
    assert page.url.endswith("/groups/?radius=25&category=domestic-violence&near=30303")
    for address in addresses:
        assert "33.7" not in address and "84.3" not in address, address
    context.close()


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        # 6:30 pm in Atlanta, or 8:00 pm while a meeting is going on.
        ("America/Chicago", r"^ \(\d{1,2}:[03]0 pm your time\)$"),
        (
            "Asia/Tokyo",
            r"^ \(\w+day, \w+ \d{1,2}, \d{1,2}:[03]0 am your time\)$",
        ),
    ],
)
def test_the_visitors_own_time_is_written_like_ours_with_the_date_when_the_day_differs(
    browser, live_server, atlanta, zone, shown
):
    context = browser.new_context(timezone_id=zone)
    page = context.new_page()
    page.goto(live_server.url + "/groups/?near=30303")
    note = page.locator(".your-time").first
    expect(note).to_be_visible()
    assert re.match(shown, note.inner_text()), note.inner_text()
    context.close()


def test_a_meeting_going_on_now_says_until_when_in_the_visitors_time_too(browser, live_server, db):
    factories.make_gazetteer_place()
    zone, local = factories.zone_in_its_day()
    group = factories.make_group(name="Now Circle", slug="now-circle")
    ends = local + datetime.timedelta(minutes=45)
    factories.make_meeting(
        group,
        place=factories.make_place(),
        timezone=zone,
        weekday=local.weekday(),
        start_time=(local - datetime.timedelta(minutes=15)).time(),
        end_time=ends.time(),
        valid_from=local.date() - datetime.timedelta(days=7),
    )
    refresh_meeting_summaries()
    visitor = "America/Los_Angeles" if zone != "America/Los_Angeles" else "Asia/Tokyo"
    context = browser.new_context(timezone_id=visitor)
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/groups/?near=30303")
    when = page.locator(".results li.when").first
    expect(when).to_contain_text("In progress until")
    mine = ends.astimezone(ZoneInfo(visitor))
    assert f"{clock(mine.time())} your time)" in when.inner_text(), when.inner_text()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_on_a_phone_the_results_come_first_and_the_journey_ends_at_what_happens_next(
    browser, live_server, atlanta, javascript
):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 844}, has_touch=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("#near", "30303")
    page.locator("form[aria-label='Find a group'] button").click()
    expect(page.locator("#results-heading")).to_contain_text("2 groups within 25 miles")
    expect(page.locator(".search-summary")).to_contain_text("Near Atlanta, GA · 25 miles")
    # The first result is on the first screen, above the form.
    first = page.locator("ol.results > li").first.bounding_box()
    assert first["y"] < 844, first
    assert first["y"] < page.locator("#finder").bounding_box()["y"]
    assert page.locator("ol.results h2").all_inner_texts() == ["Lantern Circle", "Harbor Group"]

    page.locator(".search-summary a", has_text="Change").click()
    assert page.url.endswith("#finder")
    page.locator("summary", has_text="Filter results").click()
    page.check("#category-domestic-violence")
    page.locator("details.filters button[type=submit]").click()
    expect(page.locator("#results-heading")).to_contain_text("1 group within 25 miles")
    expect(page.locator(".search-summary")).to_contain_text("1 filter")

    page.get_by_role("link", name="Lantern Circle").click()
    expect(page.locator("h1")).to_have_text("Lantern Circle")
    expect(page.locator("#next-heading")).to_have_text("What happens next")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def programs(atlanta):
    """Two programs for people who use violence near Atlanta, beside the support groups."""
    separated = Category.objects.get(slug="people-who-use-violence")
    for name, lat in [("Turning Point Program", 33.72), ("New Paths Program", 33.84)]:
        group = factories.make_group(
            name=name, slug=name.lower().replace(" ", "-"), categories=[separated]
        )
        place = factories.make_place(area_latitude=lat, area_longitude=-84.39)
        factories.make_meeting(group, place=place, valid_from=datetime.date(2026, 1, 5))
    refresh_meeting_summaries()


def test_programs_chosen_beside_a_topic_stay_in_a_section_of_their_own_on_a_phone(
    browser, live_server, programs
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/groups/?near=30303")
    expect(page.locator("#category-people-who-use-violence")).to_have_count(0)
    page.get_by_role("link", name="See programs for people who want to stop using violence").click()
    expect(page.locator("h1")).to_have_text("Programs to stop hurting a partner or family member")
    assert (
        page.title()
        == "Programs to stop hurting a partner or family member · Peer Support Directory"
    )

    page.fill("#near", "30303")
    page.get_by_role("button", name="Show groups").click()
    expect(page.locator("#results-heading")).to_have_text(
        "2 programs within 25 miles of Atlanta, GA"
    )
    assert "30303" not in page.title() and "Atlanta" not in page.title()

    expect(page.locator("details.filters")).to_have_attribute("open", "")  # a topic is chosen
    page.check("#category-domestic-violence")
    page.locator("details.filters button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Find a peer support group")
    expect(page.locator("#results-heading")).to_have_text("1 group within 25 miles of Atlanta, GA")
    main_list = page.locator("section[aria-labelledby='results-heading'] ol.results h2")
    assert main_list.all_inner_texts() == ["Lantern Circle"]
    programs = page.locator("section[aria-labelledby='programs-heading']")
    expect(programs.locator("#programs-found")).to_have_text(
        "2 programs within 25 miles of Atlanta, GA"
    )
    assert programs.locator("ol.results h2").all_inner_texts() == [
        "Turning Point Program",
        "New Paths Program",
    ]
    expect(programs).to_contain_text("Not everything you say stays private")
    expect(programs).not_to_contain_text("Lantern Circle")
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    expect(page.locator("details.filters")).to_have_attribute("open", "")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # Someone being hurt is one tap from the support groups, with their place kept.
    programs.get_by_role("link", name="See support groups for people who have been hurt").click()
    expect(page.locator("#results-heading")).to_have_text("1 group within 25 miles of Atlanta, GA")
    assert "category=domestic-violence" in page.url and "people-who-use-violence" not in page.url
    expect(page.locator("#programs-heading")).to_have_count(0)
    for name in ("Turning Point Program", "New Paths Program"):
        expect(page.locator("main")).not_to_contain_text(name)
    context.close()
