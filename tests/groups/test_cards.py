"""Group result cards (groups.templatetags.group_cards): what they show, and that every value
in them is escaped once, never twice and never not at all."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from groups.models import AddressVisibility
from groups.schedule import clock
from groups.services import refresh_meeting_summaries
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & Co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"


@pytest.fixture
def listed_group(make_group, make_place, make_meeting):
    factories.make_gazetteer_place()
    group = make_group(name=HOSTILE, summary=f"Summary: {HOSTILE}", is_demo=True)
    place = make_place(address_visibility=AddressVisibility.AREA_ONLY, city="Atlanta & Decatur")
    make_meeting(group, place=place)
    refresh_meeting_summaries()
    return group


def group_results(client) -> str:
    html = client.get(reverse("groups:list"), {"near": "30303"}).content.decode()
    return html[html.index('<ol class="results">') :]


def test_a_group_card_escapes_every_value_once(client, listed_group):
    card = group_results(client)
    assert f'<h2><a href="{listed_group.get_absolute_url()}">{ESCAPED}</a></h2>' in card
    assert f"<p>Summary: {ESCAPED}</p>" in card
    assert "<script>" not in card
    assert "&amp;amp;" not in card
    assert "Atlanta &amp; Decatur" in card


def test_a_group_card_shows_the_area_and_never_the_street(client, listed_group):
    card = group_results(client)
    assert '<p><span class="badge">Example listing</span></p>' in card
    # An area-only place is measured from its area's centre: no band finer than an area.
    assert "<li><strong>Within 5 miles</strong></li>" in card
    assert "Under 1 mile" not in card
    assert "<li>In person</li>\n<li>Peer-led</li>" in card
    assert "<li>Every Tuesday · Atlanta &amp; Decatur, GA 30303</li>" in card
    assert re.search(
        r'<li class="when">(Next:|Today,|Tomorrow,|Starting in \d+ minutes?, at|In progress until)'
        r' <time datetime="[^"]+" data-zone="America/New_York">',
        card,
    )
    assert "12 Hidden Lane" not in card


def test_a_card_and_the_group_page_say_when_a_meeting_is_going_on_now(
    client, make_group, make_place, make_meeting
):
    factories.make_gazetteer_place()
    zone, local = factories.zone_in_its_day()
    group = make_group(name="Evening Circle")
    ends = local + datetime.timedelta(minutes=60)
    make_meeting(
        group,
        place=make_place(),
        timezone=zone,
        weekday=local.weekday(),
        start_time=(local - datetime.timedelta(minutes=30)).time(),
        end_time=ends.time(),
        valid_from=local.date() - datetime.timedelta(days=14),
    )
    refresh_meeting_summaries()
    until = clock(ends.time())
    card = group_results(client)
    assert re.search(
        rf'<li class="when">In progress until <time datetime="{ends.date()}T[^"]+"'
        rf' data-zone="{zone}">{until} ',
        card,
    ), card
    page = client.get(group.get_absolute_url()).content.decode()
    assert "<strong>In progress until <time " in page and f">{until} " in page


@pytest.mark.parametrize(
    ("days_ago", "notice"),
    [
        (10, None),
        (183, None),
        (200, "Last checked on {date}: contact the organiser before you go."),
        (None, "Not checked by us yet: contact the organiser before you go."),
    ],
)
def test_a_listing_nobody_has_confirmed_for_long_says_so_on_its_card_and_page(
    client, settings, make_group, make_place, make_meeting, days_ago, notice
):
    settings.STALE_LISTING_DAYS = 183
    checked = None if days_ago is None else timezone.localdate() - datetime.timedelta(days_ago)
    factories.make_gazetteer_place()
    group = make_group(last_verified=checked)
    make_meeting(group, place=make_place(address_visibility=AddressVisibility.AREA_ONLY))
    refresh_meeting_summaries()
    card = group_results(client)
    page = client.get(group.get_absolute_url()).content.decode()
    if notice is None:
        assert "contact the organiser before you go" not in card + page
    else:
        text = notice.format(date=checked and dateformat.format(checked, "F j, Y"))
        assert f'<p class="old-check">{text}</p>' in card
        assert text in page
