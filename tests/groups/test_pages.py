"""The group list and group pages: what is listed, and what a confidential place never shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import schedule
from groups.models import AddressVisibility, Category, Format, LinkVisibility
from search.choices import EditorialStatus
from tests.external_links import external_links

pytestmark = pytest.mark.django_db

SEPARATED = "people-who-use-violence"


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def list_page(client, **params) -> str:
    return page(client, reverse("groups:list"), **params)


# What is listed ------------------------------------------------------------------------------


def test_the_group_list_shows_only_published_groups(client, make_group):
    make_group(name="Published Circle")
    for status in ("draft", "in_review", "archived"):
        make_group(name=f"Hidden {status} circle", status=status)
    html = list_page(client)
    assert "Published Circle" in html
    assert "Hidden" not in html
    assert results_heading(html) == "1 group"


@pytest.mark.parametrize(
    "status", [EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW, EditorialStatus.ARCHIVED]
)
def test_an_unpublished_group_page_is_not_found(client, make_group, status):
    group = make_group(status=status)
    assert client.get(group.get_absolute_url()).status_code == 404


def test_a_published_group_page_is_found(client, make_group):
    group = make_group(name="Open Door Circle")
    assert "Open Door Circle" in page(client, group.get_absolute_url())


def results_heading(html: str) -> str:
    start = html.index('id="results-heading">') + len('id="results-heading">')
    return " ".join(html[start : html.index("</h2>", start)].split())


def test_groups_for_people_who_use_violence_never_appear_in_the_default_list(client, make_group):
    separated = Category.objects.get(slug=SEPARATED)
    make_group(name="Stopping Violence Group", categories=[separated])
    make_group(name="Survivor Circle")
    html = list_page(client)
    assert "Survivor Circle" in html
    assert "Stopping Violence Group" not in html
    assert f'value="{SEPARATED}"' not in html  # not offered among the filter options
    assert results_heading(html) == "1 group"


def test_separated_groups_never_appear_under_another_category(client, make_group):
    separated = Category.objects.get(slug=SEPARATED)
    dv = Category.objects.get(slug="domestic-violence")
    make_group(name="Stopping Violence Group", categories=[separated, dv])
    make_group(name="Survivor Circle", categories=[dv])
    html = list_page(client, category="domestic-violence")
    assert "Survivor Circle" in html
    assert "Stopping Violence Group" not in html


def test_separated_groups_appear_when_their_category_is_chosen(client, make_group):
    separated = Category.objects.get(slug=SEPARATED)
    make_group(name="Stopping Violence Group", categories=[separated])
    make_group(name="Survivor Circle")
    html = list_page(client, category=SEPARATED)
    assert "Stopping Violence Group" in html
    assert "Survivor Circle" not in html


def test_any_category_flagged_as_separated_is_kept_apart(client, make_group, make_category):
    flagged = make_category(name="Another separated program", is_separated=True)
    make_group(name="Flagged Group", categories=[flagged])
    assert "Flagged Group" not in list_page(client)
    assert "Flagged Group" in list_page(client, category=flagged.slug)


def test_choosing_a_category_lists_only_its_groups(client, make_group):
    make_group(name="Self Injury Circle", categories=[Category.objects.get(slug="self-injury")])
    make_group(name="Mental Health Circle", categories=[Category.objects.get(slug="mental-health")])
    html = list_page(client, category="self-injury")
    assert "Self Injury Circle" in html
    assert "Mental Health Circle" not in html


def test_an_unknown_category_gets_a_friendly_message_and_a_400(client):
    response = client.get(reverse("groups:list"), {"category": "no-such-topic"})
    assert response.status_code == 400
    assert "couldn't run this search" in response.content.decode()
    assert "Topic:" in response.content.decode()


# Confidential places (docs/safety.md, rule 6) -----------------------------------------------------


@pytest.fixture
def confidential_groups(make_group, make_place, make_meeting):
    secrets = {
        "street_address": "12 Hidden Lane",
        "address_line_2": "Back door, suite 4",
        "name": "Quiet Venue Hall",
        "private_notes": "Curator note: zx81-door-code",
    }
    area_only = make_group(name="Area Only Circle")
    make_meeting(
        area_only,
        place=make_place(
            **secrets, address_visibility=AddressVisibility.AREA_ONLY, postal_code="30307"
        ),
    )
    on_request = make_group(name="On Request Circle")
    make_meeting(
        on_request,
        place=make_place(
            **secrets,
            address_visibility=AddressVisibility.ON_REQUEST,
            city="Decatur",
            postal_code="30030",
        ),
    )
    return {"area_only": area_only, "on_request": on_request, "secrets": secrets.values()}


def test_the_group_list_never_shows_a_confidential_address(client, confidential_groups):
    html = list_page(client)
    assert "Area Only Circle" in html
    assert "On Request Circle" in html
    for secret in confidential_groups["secrets"]:
        assert secret not in html
    assert "30030" not in html


@pytest.mark.parametrize("which", ["area_only", "on_request"])
def test_a_group_page_never_shows_a_confidential_address(client, confidential_groups, which):
    html = page(client, confidential_groups[which].get_absolute_url())
    for secret in confidential_groups["secrets"]:
        assert secret not in html
    assert "The organiser shares the exact place after you contact them." in html


def test_an_area_only_place_shows_its_town_and_zip(client, confidential_groups):
    html = page(client, confidential_groups["area_only"].get_absolute_url())
    assert "Atlanta, GA 30307" in html


def test_an_on_request_place_shows_only_its_city(client, confidential_groups):
    html = page(client, confidential_groups["on_request"].get_absolute_url())
    assert "Decatur, GA" in html
    assert "30030" not in html


def test_a_public_place_shows_its_street_address(client, make_group, make_place, make_meeting):
    group = make_group()
    place = make_place(
        name="Example Library, room B",
        street_address="400 Main Street",
        address_visibility=AddressVisibility.PUBLIC,
        venue_latitude=33.75,
        venue_longitude=-84.39,
    )
    make_meeting(group, place=place)
    html = page(client, group.get_absolute_url())
    assert "Example Library, room B" in html
    assert "400 Main Street" in html
    assert "Atlanta, GA 30303" in html
    assert "shares the exact place" not in html


# Online links --------------------------------------------------------------------------------

MEETING_LINK = "https://meet.example.org/private-room-4471"


def online_group(make_group, make_meeting, visibility: str, fmt: str = Format.ONLINE):
    group = make_group(
        format=fmt,
        joining="registration",
        online_url=MEETING_LINK,
        online_link_visibility=visibility,
    )
    make_meeting(group)
    return group


def test_a_private_online_link_is_never_shown(client, make_group, make_meeting):
    group = online_group(make_group, make_meeting, LinkVisibility.PRIVATE)
    html = page(client, group.get_absolute_url())
    assert MEETING_LINK not in html
    assert "The link is sent to you after you register." in html
    assert MEETING_LINK not in list_page(client)


def test_a_public_online_link_is_shown_as_an_external_link(client, make_group, make_meeting):
    group = online_group(make_group, make_meeting, LinkVisibility.PUBLIC)
    html = page(client, group.get_absolute_url())
    assert f'<a href="{MEETING_LINK}" rel="noreferrer"' in html
    assert "leaves this site" in html
    assert 'target="_blank"' not in html


def test_a_private_link_of_a_hybrid_group_is_never_shown(
    client, make_group, make_meeting, make_place
):
    group = make_group(
        format=Format.HYBRID,
        online_url=MEETING_LINK,
        online_link_visibility=LinkVisibility.PRIVATE,
    )
    make_meeting(group, place=make_place())
    assert MEETING_LINK not in page(client, group.get_absolute_url())


def test_a_public_link_of_a_hybrid_group_is_shown(client, make_group, make_meeting, make_place):
    group = make_group(
        format=Format.HYBRID,
        online_url=MEETING_LINK,
        online_link_visibility=LinkVisibility.PUBLIC,
    )
    make_meeting(group, place=make_place())
    assert f'<a href="{MEETING_LINK}" rel="noreferrer"' in page(client, group.get_absolute_url())


def test_contact_websites_say_they_leave_the_site(client, make_group):
    group = make_group(contact_website="https://organizer.example.org/")
    html = page(client, group.get_absolute_url())
    assert '<a href="https://organizer.example.org/" rel="noreferrer"' in html
    assert "leaves this site" in html


def test_on_paper_a_group_page_prints_the_address_of_each_link_to_another_site(
    client, make_group, make_meeting
):
    group = online_group(make_group, make_meeting, LinkVisibility.PUBLIC)
    group.contact_website = "https://organizer.example.org/"
    group.save()
    links = external_links(page(client, group.get_absolute_url()))
    assert [(link.words.strip(), link.on_paper) for link in links] == [
        ("Join the online meeting", f"(another website: {MEETING_LINK})"),
        ("Website", "(another website: https://organizer.example.org/)"),
    ]
    assert all(link.on_screen == "(leaves this site)" for link in links)


# Page content (docs/safety.md, rule 9) ------------------------------------------------------------


def test_demo_groups_are_labelled_as_examples(client, make_group):
    group = make_group(name="Made Up Circle", is_demo=True)
    make_group(name="Real Circle")
    assert page(client, group.get_absolute_url()).count("Example listing") == 1
    assert list_page(client).count("Example listing") == 1


def test_real_groups_are_not_labelled_as_examples(client, make_group):
    group = make_group()
    assert "Example listing" not in page(client, group.get_absolute_url())


@pytest.mark.parametrize("what_happens_next", ["", "The organiser calls you back within two days."])
def test_every_group_page_ends_with_what_happens_next(client, make_group, what_happens_next):
    group = make_group(what_happens_next=what_happens_next)
    html = page(client, group.get_absolute_url())
    assert "What happens next" in html
    assert html.index("What happens next") > html.index("How to join")
    if what_happens_next:
        assert what_happens_next in html


def test_a_content_note_comes_first_and_the_description_is_collapsed(client, make_group):
    group = make_group(
        content_note="Members sometimes talk about abuse.",
        description="A detailed account of what members lived through.",
    )
    html = page(client, group.get_absolute_url())
    details = html.index('<details class="content-note">')
    note = html.index("Content note: Members sometimes talk about abuse.")
    description = html.index("A detailed account of what members lived through.")
    assert details < note < description < html.index("</details>")


def test_a_collapsed_description_says_in_words_how_to_show_and_hide_it(client, make_group):
    group = make_group(
        content_note="Members sometimes talk about abuse.",
        description="A detailed account of what members lived through.",
    )
    html = page(client, group.get_absolute_url())
    start = html.index('<details class="content-note">')
    summary = html[start : html.index("</summary>", start)]
    assert "Content note: Members sometimes talk about abuse." in summary
    assert '<span class="reveal-show">Show what a meeting is like</span>' in summary
    assert '<span class="reveal-hide">Hide what a meeting is like</span>' in summary
    assert html.index("</summary>", start) < html.index("A detailed account of what members")


def test_without_a_content_note_the_description_is_shown_open(client, make_group):
    group = make_group(description="People share how their week went.")
    html = page(client, group.get_absolute_url())
    assert "People share how their week went." in html
    assert "<details" not in html


def test_a_group_page_shows_its_schedule(client, make_group, make_meeting):
    group = make_group()
    make_meeting(group, weekday=1, start_time=datetime.time(18, 30), end_time=datetime.time(20))
    html = page(client, group.get_absolute_url())
    assert "Every Tuesday" in html
    assert "6:30 pm to 8:00 pm, Eastern time" in html


# Query counts --------------------------------------------------------------------------------


def add_groups(count: int, make_group, make_meeting, make_place) -> None:
    categories = list(Category.objects.filter(is_separated=False)[:2])
    for _ in range(count):
        group = make_group(categories=categories)
        place = make_place()
        make_meeting(group, place=place, weekday=1)
        make_meeting(group, place=place, weekday=4)


def test_the_group_list_makes_the_same_queries_for_5_or_25_groups(
    client, make_group, make_meeting, make_place, django_assert_max_num_queries
):
    add_groups(5, make_group, make_meeting, make_place)
    with CaptureQueriesContext(connection) as reading:
        list_page(client)  # this process reads the groups into its browsing index
    with CaptureQueriesContext(connection) as baseline:
        list_page(client)
    # Each request empties the log a capture reads.
    reading, baseline = len(reading), len(baseline)
    add_groups(20, make_group, make_meeting, make_place)
    with django_assert_max_num_queries(reading):
        html = list_page(client)  # read again: the groups changed
    assert results_heading(html) == "25 groups"
    with django_assert_max_num_queries(baseline):
        assert results_heading(list_page(client)) == "25 groups"
    assert baseline <= 5
    # Reading the index: the groups, the separated topics, the "When" answers and until when
    # they hold; the first page also reads the crisis lines, cached after it.
    assert reading <= baseline + 5


def test_the_group_page_makes_a_fixed_number_of_queries(
    client, make_group, make_meeting, make_place, django_assert_max_num_queries
):
    group = make_group(categories=list(Category.objects.filter(is_separated=False)[:3]))
    for weekday in range(4):
        make_meeting(group, place=make_place(), weekday=weekday)
    # Every kind's page also fetches opening hours and closed dates (tests/groups/
    # test_listing_pages.py pins the same count for each kind).
    with django_assert_max_num_queries(6):
        page(client, group.get_absolute_url())


# How schedules read --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "interval", "weekday", "week_of_month", "expected"),
    [
        ("weekly", 1, 0, None, "Every Monday"),
        ("weekly", 1, 6, None, "Every Sunday"),
        ("weekly", 2, 2, None, "Every other Wednesday"),
        ("weekly", 3, 4, None, "Every 3 weeks on Friday"),
        ("monthly", 1, 1, 1, "The first Tuesday of every month"),
        ("monthly", 1, 3, 3, "The third Thursday of every month"),
        ("monthly", 1, 5, -1, "The last Saturday of every month"),
        ("monthly", 2, 0, 2, "The second Monday of every 2 months"),
    ],
)
def test_recurrence_reads_as_plain_english(frequency, interval, weekday, week_of_month, expected):
    text = schedule.recurrence_text(
        frequency=frequency, interval=interval, weekday=weekday, week_of_month=week_of_month
    )
    assert text == expected


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (9, 0, "9:00 am"),
        (18, 30, "6:30 pm"),
        (12, 0, "12 noon"),
        (12, 30, "12:30 pm"),
        (0, 15, "12:15 am"),
        (23, 45, "11:45 pm"),
        (10, 5, "10:05 am"),
    ],
)
def test_clock_times_read_as_plain_english(hour, minute, expected):
    assert schedule.clock(datetime.time(hour, minute)) == expected


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", "Eastern time"),
        ("America/Chicago", "Central time"),
        ("America/Phoenix", "Arizona time"),
        ("Pacific/Honolulu", "Hawaii time"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos Aires"),
    ],
)
def test_timezones_read_as_plain_names(zone, expected):
    assert schedule.zone_name(zone) == expected


def test_empty_values_mean_no_choice_rather_than_a_bad_one(client, make_group):
    make_group(name="Survivor Circle")
    response = client.get(
        reverse("groups:list"), {"near": "", "category": "", "radius": "", "q": ""}
    )
    assert response.status_code == 200
    assert "Survivor Circle" in response.content.decode()


def test_a_place_with_several_matches_asks_which_one(client):
    from groups.models import Place

    for state, zone in [("GA", "America/New_York"), ("TX", "America/Chicago")]:
        Place.objects.create(
            kind="town",
            city="Atlanta",
            state=state,
            search_key="atlanta",
            latitude=33.1,
            longitude=-90.0,
            timezone=zone,
        )
    response = client.get(reverse("groups:list"), {"near": "Atlanta", "category": "mental-health"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Which place did you mean?" in html
    assert "near=Atlanta%2C+TX&amp;category=mental-health" in html


@pytest.mark.parametrize(
    ("joining", "fmt", "said"),
    [
        (
            "drop_in",
            Format.ONLINE,
            "The link is sent to you when you get in touch with the organiser.",
        ),
        (
            "intake",
            Format.ONLINE,
            "The link is sent to you after your first conversation with the organiser.",
        ),
        (
            "registration",
            Format.PHONE,
            "The organiser sends the number to call after you register.",
        ),
        (
            "drop_in",
            Format.PHONE,
            "The organiser sends the number to call when you get in touch with the organiser.",
        ),
    ],
)
def test_when_a_private_link_or_number_comes_follows_how_one_joins(
    client, make_group, make_meeting, joining, fmt, said
):
    group = make_group(
        format=fmt,
        joining=joining,
        online_url=MEETING_LINK,
        online_link_visibility=LinkVisibility.PRIVATE,
    )
    make_meeting(group)
    html = page(client, group.get_absolute_url())
    assert said in html
    assert "after you register" not in html or joining == "registration"


def test_a_page_leaves_out_empty_facts_and_says_when_no_contact_is_listed(client, make_group):
    group = make_group(
        categories=[], contact_phone="", contact_text="", contact_email="", contact_website=""
    )
    html = page(client, group.get_absolute_url())
    assert "<dt>Topics</dt>" not in html
    assert "No way to get in touch is listed yet." in html
    assert "<ul>\n        </ul>" not in html
