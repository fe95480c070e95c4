"""Every kind of listing in the finder: support groups unless another kind is chosen, a count for
each kind, drop-in centres and respites found where they are with the same distance bands and
address rules as meeting places, and cards that say whether they are open."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import AddressVisibility, ListingKind
from groups.search import search_groups
from tests import factories

pytestmark = pytest.mark.django_db

ATLANTA = (33.7525, -84.3888)


def search(**params):
    return search_groups(QueryDict(urlencode(params, doseq=True)))


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def finder(client, **params) -> str:
    response = client.get(reverse("groups:list"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def kinds():
    """Near Atlanta: a group, a confidential drop-in centre about 0.3 miles away, a public
    respite; a Georgia warmline; a drop-in centre far away."""
    factories.make_gazetteer_place()
    group = factories.make_group(name="Harbor Circle")
    factories.make_meeting(group, place=factories.make_place())
    centre = factories.make_group(
        name="Open Door Centre",
        kind=ListingKind.DROP_IN_CENTRE,
        format="in_person",
        timezone="America/New_York",
        place=factories.make_place(
            address_visibility=AddressVisibility.AREA_ONLY,
            street_address="12 Hidden Lane",
            area_latitude=ATLANTA[0] + 0.004,
            area_longitude=ATLANTA[1],
        ),
    )
    factories.open_around_the_clock(centre)
    respite = factories.make_group(
        name="Maple House",
        kind=ListingKind.PEER_RESPITE,
        format="in_person",
        timezone="America/New_York",
        place=factories.make_place(
            address_visibility=AddressVisibility.PUBLIC,
            street_address="200 Example Street",
            venue_latitude=ATLANTA[0] + 0.1,
            venue_longitude=ATLANTA[1],
            area_latitude=ATLANTA[0] + 0.1,
            area_longitude=ATLANTA[1],
        ),
    )
    factories.open_around_the_clock(respite)
    line = factories.make_group(
        name="Georgia Warmline",
        kind=ListingKind.WARMLINE,
        format="phone",
        timezone="America/New_York",
        serves_states=["GA"],
    )
    factories.open_around_the_clock(line)
    factories.make_group(
        name="Faraway Centre",
        kind=ListingKind.DROP_IN_CENTRE,
        format="in_person",
        place=factories.make_place(area_latitude=ATLANTA[0] + 3, area_longitude=ATLANTA[1]),
    )


def names(found) -> list[str]:
    return [group.name for group in found.page]


def kind_counts(found) -> dict[str, int]:
    facet = next(facet for facet in found.facets if facet.param == "kind")
    return {option.value: option.count for option in facet.options}


def test_support_groups_are_listed_unless_another_kind_is_chosen(kinds):
    found = search(near="30303")
    assert names(found) == ["Harbor Circle"]
    assert found.summary == ["Near Atlanta, GA", "25 miles"]  # the default is no filter
    assert kind_counts(found) == {
        "support_group": 1,
        "warmline": 0,  # lines are by phone: among the online and phone ones, not nearby
        "drop_in_centre": 1,
        "peer_respite": 1,
    }


def test_each_kind_count_is_what_choosing_it_lists(kinds):
    for kind, count in kind_counts(search(near="30303")).items():
        assert search(near="30303", kind=kind).page.paginator.count == count, kind
    both = search(near="30303", kind=["drop_in_centre", "peer_respite"])
    assert names(both) == ["Open Door Centre", "Maple House"]  # nearest first
    assert both.summary == ["Near Atlanta, GA", "25 miles", "2 filters"]
    assert both.noun == "listing"
    assert search(kind="drop_in_centre").noun == "drop-in centre"
    assert search(kind="support_group").noun == "group"


def test_browsing_counts_every_kind_and_lists_the_chosen_ones(kinds):
    found = search(kind="drop_in_centre")
    assert names(found) == ["Faraway Centre", "Open Door Centre"]
    assert kind_counts(search())["drop_in_centre"] == 2


def test_a_centre_card_says_what_it_is_whether_it_is_open_and_only_its_area(client, kinds):
    html = finder(client, near="30303", kind="drop_in_centre")
    card = text_of(html.split("Open Door Centre", 1)[1].split("</li>\n</ul>", 1)[0])
    assert "Drop-in centre" in card
    assert "Open 24 hours" in card
    assert "Atlanta, GA 30303" in card  # its area, as a meeting place's
    assert "Hidden Lane" not in html
    # A confidential place is never "Under 1 mile" away, however near (docs/safety.md, rule 6).
    assert "Under 1 mile" not in html
    assert "Within 5 miles" in card


def test_a_warmline_chosen_near_a_place_is_among_the_phone_ones_for_the_state(client, kinds):
    found = search(near="30303", kind="warmline")
    assert names(found) == []
    assert [group.name for group in found.online] == ["Georgia Warmline"]
    assert any("online and phone" in way.text for way in found.ways_out)


def test_leaving_out_a_kind_leads_back_to_the_support_groups(kinds):
    found = search(near="30303", kind="warmline")
    leave = next(way for way in found.ways_out if way.text.startswith("Leave out"))
    assert "Kind of support: Warmline" in leave.text
    assert "kind=" not in leave.href
    assert leave.count == 1


def test_other_kinds_on_the_page_add_the_same_few_queries_for_2_or_8(client, kinds):
    finder(client, kind=["drop_in_centre", "support_group"])
    with CaptureQueriesContext(connection) as baseline:
        finder(client, kind=["drop_in_centre", "support_group"])
    queries = len(baseline)  # each request empties the log a capture reads
    for n in range(6):
        centre = factories.make_group(
            name=f"Centre {n}",
            kind=ListingKind.DROP_IN_CENTRE,
            format="in_person",
            timezone="America/New_York",
            place=factories.make_place(),
        )
        factories.open_around_the_clock(centre)
    finder(client, kind=["drop_in_centre", "support_group"])  # the index reads the changes
    with CaptureQueriesContext(connection) as after:
        html = finder(client, kind=["drop_in_centre", "support_group"])
    assert "Centre 5" in html
    assert len(after) <= queries
