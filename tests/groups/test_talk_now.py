""" "Talk to someone now" (/talk-now/): the warmlines people where they are may call, open ones
first; national ones everywhere, a state's only in that state; never a program for people who
use violence, a draft, or another kind of listing."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import Category, ListingKind
from search.choices import EditorialStatus
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def talk_now(client, **params) -> str:
    response = client.get(reverse("talk_now"), params)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    """The text of the section a heading starts, up to the next section."""
    part = html.split(f'id="{heading_id}"', 1)
    return text_of(part[1].split(">", 1)[1].split("</section>", 1)[0]) if len(part) == 2 else ""


def make_line(name: str, *, states=(), open_all_day: bool = True, **overrides):
    values = {
        "name": name,
        "kind": ListingKind.WARMLINE,
        "format": "phone",
        "timezone": "America/New_York",
        "serves_states": list(states),
        "contact_phone": "(800) 555-0110",
    }
    line = factories.make_group(**(values | overrides))
    if open_all_day:
        factories.open_around_the_clock(line)
    return line


@pytest.fixture
def places():
    factories.make_gazetteer_place()  # Atlanta 30303, GA
    factories.make_gazetteer_place(kind="town", city="Atlanta", postal_code="")
    factories.make_gazetteer_place(
        postal_code="43215", city="Columbus", state="OH", latitude=39.96, longitude=-83.0
    )


@pytest.fixture
def lines(places):
    make_line("National Warmline")
    make_line("Georgia Warmline", states=["GA"])
    make_line("Ohio Warmline", states=["OH"])
    make_line("Ohio and Georgia Line", states=["OH", "GA"])


@pytest.mark.parametrize("near", ["30303", "Atlanta, GA", "Atlanta", "Georgia", "GA"])
def test_a_place_in_a_state_gives_its_lines_and_the_national_ones(client, lines, near):
    found = section(talk_now(client, near=near), "open-heading")
    assert found.startswith("Open now for people in Georgia (3)")
    for name in ("National Warmline", "Georgia Warmline", "Ohio and Georgia Line"):
        assert name in found
    assert "Ohio Warmline" not in found  # a state-only line never shows for another state


def test_another_states_zip_gives_that_states_lines(client, lines):
    found = section(talk_now(client, near="43215"), "open-heading")
    assert "Ohio Warmline" in found
    assert "Georgia Warmline" not in found
    assert "National Warmline" in found


def test_without_a_place_only_national_lines_and_a_prompt_for_the_state(client, lines):
    html = talk_now(client)
    found = section(html, "open-heading")
    assert found.startswith("Open now for anyone in the country (1)")
    assert "National Warmline" in found
    assert "Georgia Warmline" not in html
    assert "Add your state to see the lines for people who live there too." in found


def test_an_unknown_place_says_so_and_gives_the_national_lines(client, lines):
    html = text_of(talk_now(client, near="zzzzqqq"))
    assert "We couldn't find that place." in html
    assert "National Warmline" in html
    assert "Georgia Warmline" not in html


def test_a_place_to_pick_offers_choices_and_the_national_lines_meanwhile(client, lines):
    factories.make_gazetteer_place(kind="town", city="Springfield", state="IL", postal_code="")
    factories.make_gazetteer_place(kind="town", city="Springfield", state="MO", postal_code="")
    html = talk_now(client, near="Springfield")
    assert "Which place did you mean?" in html
    assert 'href="?near=Springfield%2C+IL"' in html  # a choice stays on this page
    assert "National Warmline" in html
    assert "Ohio Warmline" not in html


def test_open_lines_come_first_and_closed_ones_say_when_they_open(client, places):
    make_line("Always Open Line")
    weekday_line = make_line("Closed Today Line", open_all_day=False)
    today = timezone.now().astimezone(datetime.UTC).date()
    for weekday in range(7):
        factories.make_hours(weekday_line, weekday=weekday)
    # Closed today and tomorrow where it is, whatever the hour.
    for day in range(-1, 3):
        factories.make_closure(weekday_line, today + datetime.timedelta(days=day))
    make_line("No Hours Line", open_all_day=False)
    html = talk_now(client, near="30303")
    open_now = section(html, "open-heading")
    later = section(html, "later-heading")
    assert "Always Open Line" in open_now
    assert "Open 24 hours" in open_now
    assert "Closed Today Line" in later
    assert "Opens " in later
    assert "No Hours Line" in later and "Opening hours not listed" in later
    assert html.index("Always Open Line") < html.index("Closed Today Line")


def test_no_line_open_says_so_calmly_and_points_to_the_crisis_lines(client, places):
    make_line("No Hours Line", open_all_day=False)
    html = talk_now(client, near="30303")
    assert "None of these lines is open right now." in text_of(html)
    assert 'href="#help-now"' in html


def test_each_card_gives_the_ways_to_call_and_who_may_call(client, places):
    make_line(
        "Georgia Warmline",
        states=["GA"],
        contact_text="(404) 555-0140",
        contact_chat="https://chat.example.org/",
    )
    html = talk_now(client, near="30303")
    assert 'href="tel:8005550110"' in html
    assert "sms:" in html
    assert "People who live in Georgia can call." in text_of(html)
    assert "(leaves this site)" in text_of(html)  # the chat link says it leaves


def test_never_a_program_a_draft_or_another_kind(client, places):
    make_line("Published Line")
    make_line("Draft Line", status=EditorialStatus.DRAFT)
    make_line("Program Line", categories=[Category.objects.get(slug="people-who-use-violence")])
    make_line("A Drop-in Centre", kind=ListingKind.DROP_IN_CENTRE)
    factories.make_group(name="A Support Group", format="phone")
    html = talk_now(client, near="30303")
    assert "Published Line" in html
    for name in ("Draft Line", "Program Line", "A Drop-in Centre", "A Support Group"):
        assert name not in html


def test_the_same_queries_for_2_or_12_lines(client, places, django_assert_max_num_queries):
    for n in range(2):
        make_line(f"Line {n}", states=["GA"])
    talk_now(client, near="30303")  # the crisis lines are cached after the first page
    with CaptureQueriesContext(connection) as baseline:
        talk_now(client, near="30303")
    queries = len(baseline)  # each request empties the log a capture reads
    for n in range(2, 12):
        make_line(f"Line {n}", states=["GA"])
    with django_assert_max_num_queries(queries):
        assert "(12)" in talk_now(client, near="30303")
    assert queries <= 5  # the place, the lines, their hours and their closures


def test_a_place_too_long_gets_a_message_and_a_400(client):
    response = client.get(reverse("talk_now"), {"near": "x" * 101})
    assert response.status_code == 400
    assert "at most 100 letters" in response.content.decode()


def test_the_home_page_and_every_page_offer_it(client):
    html = client.get(reverse("home")).content.decode()
    assert 'action="/talk-now/"' in html
    assert 'href="/talk-now/"' in html  # in the site's navigation
    assert "Show lines open now" in html
