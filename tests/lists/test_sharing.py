"""Sharing a list by link, and the handouts and spreadsheets made from it: never a confidential
place beyond its area, never a private meeting link."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Format, LinkVisibility
from lists import services as lists
from peersupport.models import CrisisLine
from tests.external_links import external_links
from tests.lists.helpers import (
    HIDDEN_STREET,
    SECRET_STREET,
    add,
    handout_footer,
    make_list,
    message_texts,
    next_meeting_texts,
    page,
    read_csv,
    share,
    shared_url,
)

pytestmark = pytest.mark.django_db


# Sharing -----------------------------------------------------------------------------------------


def test_a_shared_list_opens_for_anyone_with_the_link_without_saying_who_made_it(
    as_alice, alice, alices_list
):
    item = alices_list.items.last()
    item.note = "Ask for the Tuesday facilitator"
    item.save()
    token = share(as_alice, alices_list)
    detail = page(as_alice, reverse("lists:detail", args=[alices_list.pk]))
    assert f'value="http://testserver{shared_url(token)}"' in detail

    anonymous = Client()
    response = anonymous.get(shared_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Housing help", "Tenant Rights Guide", "Shelter Hotline", "Tuesday Circle"):
        assert text in html
    assert "Start here" in html
    assert "Ask for the Tuesday facilitator" in html
    assert alice.email not in html
    assert "alice" not in html.lower()
    assert reverse("lists:detail", args=[alices_list.pk]) not in html
    assert not response.cookies


def test_a_shared_list_is_never_stored_or_indexed(as_alice, alices_list):
    token = share(as_alice, alices_list)
    response = Client().get(shared_url(token))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_a_new_link_replaces_the_old_one(as_alice, alices_list):
    old = share(as_alice, alices_list)
    new = share(as_alice, alices_list)
    assert new != old
    anonymous = Client()
    assert anonymous.get(shared_url(old)).status_code == 404
    assert anonymous.get(shared_url(new)).status_code == 200


def test_stopping_sharing_makes_the_link_not_found(as_alice, alices_list):
    token = share(as_alice, alices_list)
    assert share(as_alice, alices_list, "stop") is None
    assert alices_list.shared_at is None
    assert Client().get(shared_url(token)).status_code == 404
    detail = page(as_alice, reverse("lists:detail", args=[alices_list.pk]))
    assert "Make a share link" in detail
    assert "/shared/" not in detail


def test_share_tokens_are_long_and_unguessable(alice):
    tokens = set()
    for number in range(20):
        saved_list = make_list(alice, f"List {number}")
        token = lists.share_list(saved_list=saved_list).share_token
        assert len(token) >= 32
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        tokens.add(token)
    assert len(tokens) == 20


@pytest.mark.parametrize(
    "token",
    ["nope", "None", "a" * 32, "a" * 65, "x" * 500, "ñandú"],
)
def test_made_up_share_links_are_not_found(client, alices_list, token):
    lists.share_list(saved_list=alices_list)
    assert client.get(shared_url(token)).status_code == 404


def test_a_share_link_with_a_nul_byte_is_not_found(client, alices_list):
    lists.share_list(saved_list=alices_list)
    client.raise_request_exception = False
    assert client.get("/shared/abc%00def/").status_code == 404


# Handouts and CSV --------------------------------------------------------------------------------


@pytest.fixture(params=["print", "shared"])
def handout(request, as_alice, handout_list) -> str:
    """The handout list as its owner prints it, then as an anonymous visitor opens its link."""
    if request.param == "print":
        return page(as_alice, reverse("lists:print", args=[handout_list.pk]))
    token = lists.share_list(saved_list=handout_list).share_token
    return page(Client(), shared_url(token))


def test_a_handout_shows_what_a_client_needs(handout, handout_list):
    for text in (
        "<h1>For R.</h1>",
        "Places to call first",
        "Statewide DV Hotline",
        '>https://example.org/hotline <span class="leaves">',
        'href="tel:18005550123">1-800-555-0123</a>',
        "Ask for the shelter team",
        "Quiet Harbor Circle",
        'href="tel:4045550100">404-555-0100</a>',
        "Call before going",
        "Online Sunday Check-in",
    ):
        assert text in handout
    for item in handout_list.items.filter(group__isnull=False):
        assert f"More: http://testserver{item.group.get_absolute_url()}" in handout


def test_a_handout_shows_the_next_meetings_of_each_group(handout, handout_list):
    for item in handout_list.items.filter(group__isnull=False):
        texts = next_meeting_texts(item.group)
        assert len(texts) == 2
        for text in texts:
            assert f"<li>Next: {text}</li>" in handout


def test_a_handout_ends_with_the_crisis_lines_from_the_data(handout):
    footer = handout_footer(handout)
    assert "call 988" in footer
    assert "text START to 88788" in footer
    assert "1-800-799-7233" in footer


def test_a_new_crisis_line_appears_on_the_handout(as_alice, handout_list):
    CrisisLine.objects.create(
        country="US",
        name="Statewide Warmline",
        short_name="Warmline",
        kind=CrisisLine.Kind.CRISIS,
        phone="1-866-555-0142",
        last_checked=datetime.date(2026, 1, 1),
    )
    footer = handout_footer(page(as_alice, reverse("lists:print", args=[handout_list.pk])))
    assert "Statewide Warmline: call 1-866-555-0142" in footer


def test_a_handout_shows_only_the_area_of_confidential_meeting_places(handout):
    assert "Hidden Lane" not in handout
    assert "Secret Road" not in handout
    assert "In person · Atlanta, GA 30303" in handout
    assert "In person · Decatur, GA</li>" in handout
    assert "30030" not in handout  # on request: not even the ZIP
    # A public place is shown in full.
    assert "Community Library, 500 Open Street, Atlanta, GA 30303" in handout


def test_a_handout_never_shows_a_private_meeting_link(handout):
    assert "private-room-4821" not in handout


def test_a_shared_page_never_sends_its_link_on_as_a_referrer(as_alice, handout_list):
    token = lists.share_list(saved_list=handout_list).share_token
    response = Client().get(shared_url(token))
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert '<a href="https://example.org/hotline" rel="noreferrer"' in html


GUIDE = "https://example.org/leaving-guide"
CIRCLE = "https://circle.example.org/"
ROOM = "https://meet.example.org/open-room-31"


@pytest.fixture(params=["print", "shared"])
def linked_handout(request, alice, as_alice, make_resource, make_group, make_meeting) -> str:
    """A handout of a resource and a group that both link to other sites, printed by its owner
    or opened from its share link."""
    saved_list = make_list(alice, "Links to try")
    add(saved_list, resource=make_resource(title="Leaving Guide", url=GUIDE))
    group = make_group(
        name="Open Room Circle",
        format=Format.ONLINE,
        contact_website=CIRCLE,
        online_url=ROOM,
        online_link_visibility=LinkVisibility.PUBLIC,
    )
    make_meeting(group)
    add(saved_list, group=group)
    if request.param == "print":
        return page(as_alice, reverse("lists:print", args=[saved_list.pk]))
    token = lists.share_list(saved_list=saved_list).share_token
    return page(Client(), shared_url(token))


def test_every_link_to_another_site_on_a_handout_says_it_leaves_the_site(linked_handout):
    links = external_links(linked_handout)
    assert sorted(link.href for link in links) == sorted([GUIDE, CIRCLE, ROOM])
    for link in links:
        assert "noreferrer" in (link.attrs.get("rel") or "").split(), link.href
        assert "target" not in link.attrs, link.href
        assert link.on_screen == "(leaves this site)", link.href
        # On paper the address is printed, and the cue still makes sense away from a screen.
        assert link.words.strip() == link.href
        assert link.on_paper == "(another website)", link.href


def test_the_print_page_links_back_to_the_list_and_the_shared_page_does_not(as_alice, alices_list):
    printed = page(as_alice, reverse("lists:print", args=[alices_list.pk]))
    token = lists.share_list(saved_list=alices_list).share_token
    shared = page(Client(), shared_url(token))
    assert "Back to the list" in printed
    assert '<meta name="robots"' not in printed
    assert "Back to the list" not in shared


def test_the_csv_has_a_header_and_one_row_per_item(as_alice, handout_list):
    response = as_alice.get(reverse("lists:csv", args=[handout_list.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="list-{handout_list.pk}.csv"'
    assert "no-store" in response["Cache-Control"]
    header, *rows = read_csv(response)
    assert header == ["type", "name", "link", "phone", "where", "when", "note"]
    assert [row[:2] for row in rows] == [
        ["resource", "Statewide DV Hotline"],
        ["group", "Quiet Harbor Circle"],
        ["group", "Evening Light Group"],
        ["group", "Open Door Drop-in"],
        ["group", "Online Sunday Check-in"],
    ]
    hotline, area_only, on_request, public, online = rows
    assert hotline == [
        "resource",
        "Statewide DV Hotline",
        "https://example.org/hotline",
        "1-800-555-0123",
        "",
        "",
        "Ask for the shelter team",
    ]
    quiet_harbor = handout_list.items.get(group__name="Quiet Harbor Circle").group
    assert area_only[2] == f"http://testserver{quiet_harbor.get_absolute_url()}"
    assert area_only[3] == "404-555-0100"
    assert area_only[4] == "Atlanta, GA 30303"
    assert area_only[5] == "; ".join(next_meeting_texts(quiet_harbor))
    assert on_request[4] == "Decatur, GA"
    assert public[4] == "Community Library, 500 Open Street, Atlanta, GA 30303"
    assert online[4] == "Online"


def test_the_csv_never_contains_a_confidential_street_address_or_private_link(
    as_alice, handout_list
):
    body = as_alice.get(reverse("lists:csv", args=[handout_list.pk])).content.decode()
    assert HIDDEN_STREET not in body
    assert SECRET_STREET not in body
    assert "30030" not in body
    assert "private-room-4821" not in body


FORMULAS = ['=HYPERLINK("https://evil.example","click")', "+1+2", "-2+3", "@SUM(A1)", "\t=1"]


def test_formula_like_cells_in_the_csv_are_kept_as_text(as_alice, alice, make_resource):
    saved_list = make_list(alice)
    for note in FORMULAS:
        add(saved_list, resource=make_resource(), note=note)
    add(saved_list, resource=make_resource(title="=cmd|' /C calc'!A0"), note="Plain note")
    _, *rows = read_csv(as_alice.get(reverse("lists:csv", args=[saved_list.pk])))
    assert [row[-1] for row in rows] == ["'" + note for note in FORMULAS] + ["Plain note"]
    assert rows[-1][1] == "'=cmd|' /C calc'!A0"


def test_an_empty_list_has_a_csv_with_only_the_header(as_alice, alice):
    saved_list = make_list(alice)
    rows = read_csv(as_alice.get(reverse("lists:csv", args=[saved_list.pk])))
    assert rows == [["type", "name", "link", "phone", "where", "when", "note"]]


def test_the_first_share_says_what_the_link_shows_and_a_renewal_says_the_old_one_stopped(
    as_alice, alices_list
):
    url = reverse("lists:share", args=[alices_list.pk])
    first = as_alice.post(url, {"action": "new"})
    assert message_texts(first) == [
        "Here is the share link. Anyone who has it can see the list and its notes."
    ]
    as_alice.get(first["Location"])  # the page shows, and so uses up, the first message
    renewed = as_alice.post(url, {"action": "new"})
    assert message_texts(renewed) == ["Here is a new share link. The earlier link no longer works."]


def test_a_warmline_on_a_list_shows_its_hours_on_the_page_the_handout_and_the_csv(
    as_alice, alice, make_group, make_hours
):
    import csv
    import io

    saved_list = lists.create_list(owner=alice, name="Lines")
    line = make_group(
        name="Night Line",
        kind="warmline",
        format=Format.PHONE,
        timezone="America/Chicago",
        contact_phone="800-555-0111",
    )
    for weekday in range(7):
        make_hours(
            line,
            weekday=weekday,
            opens=datetime.time(17, 0),
            closes=datetime.time(2, 0),
            closes_next_day=True,
        )
    lists.save_to_lists(lists=[saved_list], group=line)
    hours = "Every day, 5:00 pm to 2:00 am (Central time)"
    detail = page(as_alice, reverse("lists:detail", args=[saved_list.pk]))
    assert f"Hours: {hours}" in detail
    handout = page(as_alice, reverse("lists:print", args=[saved_list.pk]))
    assert f"<li>Hours: {hours}</li>" in handout
    token = lists.share_list(saved_list=saved_list).share_token
    assert f"<li>Hours: {hours}</li>" in page(Client(), shared_url(token))
    rows = list(
        csv.reader(
            io.StringIO(as_alice.get(reverse("lists:csv", args=[saved_list.pk])).content.decode())
        )
    )
    assert rows[1][1] == "Night Line" and rows[1][5] == hours
