"""The group finder: near a place, online beside it, every filter, counts, and what never leaks.

Places are hand-made gazetteer rows around Atlanta 30303 (33.7525, -84.3888); meeting places are
put a given number of miles away using 1 degree of latitude ≈ 69.0 miles.
"""

import datetime
import html as html_lib
import importlib
import logging
import math
import random
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import geo
from groups.geo import METERS_PER_MILE
from groups.models import (
    AddressVisibility,
    Category,
    Cost,
    Facilitation,
    Format,
    Joining,
    MeetingPlace,
    Place,
    SupportGroup,
)
from groups.search import PROGRAMS_PREVIEW, search_groups
from tests import factories

pytestmark = pytest.mark.django_db

SEPARATED = "people-who-use-violence"
ORIGIN = (33.7525, -84.3888)
MILES_PER_DEGREE = 69.0


# Helpers ---------------------------------------------------------------------------------------


def point(miles: float, bearing: float = 0.0) -> tuple[float, float]:
    """The point `miles` from 30303's centre, heading `bearing` degrees clockwise from north."""
    latitude, longitude = ORIGIN
    angle = math.radians(bearing)
    north = miles * math.cos(angle) / MILES_PER_DEGREE
    east = miles * math.sin(angle) / (MILES_PER_DEGREE * math.cos(math.radians(latitude)))
    return round(latitude + north, 6), round(longitude + east, 6)


def categories(*slugs: str) -> list[Category]:
    return [Category.objects.get(slug=slug) for slug in slugs]


def make_nearby_group(
    miles: float = 2.0,
    bearing: float = 0.0,
    *,
    place: dict | None = None,
    meeting: dict | None = None,
    **overrides,
) -> SupportGroup:
    """A published group with one meeting at a confidential (area only) place `miles` away."""
    latitude, longitude = point(miles, bearing)
    group = factories.make_group(**overrides)
    meeting_place = factories.make_place(
        area_latitude=latitude, area_longitude=longitude, **(place or {})
    )
    factories.make_meeting(group, place=meeting_place, **(meeting or {}))
    return group


def make_online_group(**overrides) -> SupportGroup:
    group = factories.make_group(**({"format": Format.ONLINE} | overrides))
    factories.make_meeting(group)
    return group


def search(**params):
    """search_groups as the view calls it, with repeated values for lists."""
    return search_groups(QueryDict(urlencode(params, doseq=True)))


def result_names(found) -> list[str]:
    return [group.name for group in found.page]


def get(client, **params):
    return client.get(reverse("groups:list"), params)


def finder(client, **params) -> str:
    response = get(client, **params)
    assert response.status_code == 200
    return response.content.decode()


CARD_NAME = re.compile(r'<h2><a href="[^"]*">([^<]*)</a></h2>')


def main_names(html: str) -> list[str]:
    """Names in the main results list, in order (empty when there is no list)."""
    if '<ol class="results">' not in html:
        return []
    start = html.index('<ol class="results">')
    return [
        html_lib.unescape(name)
        for name in CARD_NAME.findall(html[start : html.index("</ol>", start)])
    ]


def online_names(html: str) -> list[str]:
    """Names in the separate online and phone section (empty when there is none)."""
    if 'id="online-heading"' not in html:
        return []
    start = html.index('id="online-heading"')
    section = html[start : html.index("</section>", start)]
    return [html_lib.unescape(name) for name in CARD_NAME.findall(section)]


def page_title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.fixture(autouse=True)
def gazetteer(db):
    """30303 and a few other places with realistic centres and timezones."""
    zip_, town = factories.make_gazetteer_place, Place.Kind.TOWN
    return {
        "30303": zip_(),
        "62701": zip_(
            postal_code="62701",
            city="Springfield",
            state="IL",
            latitude=39.8017,
            longitude=-89.6436,
            timezone="America/Chicago",
        ),
        "atlanta": zip_(kind=town, city="Atlanta", state="GA", latitude=33.749, longitude=-84.388),
        "springfield-il": zip_(
            kind=town,
            city="Springfield",
            state="IL",
            latitude=39.799,
            longitude=-89.644,
            timezone="America/Chicago",
        ),
        "springfield-ma": zip_(
            kind=town, city="Springfield", state="MA", latitude=42.1015, longitude=-72.5898
        ),
    }


# Distance ------------------------------------------------------------------------------------


def test_nearby_groups_come_back_nearest_first(client):
    for miles, bearing, name in [
        (18, 200, "Eighteen Miles Circle"),
        (3, 90, "Three Miles Circle"),
        (11, 300, "Eleven Miles Circle"),
        (7, 10, "Seven Miles Circle"),
    ]:
        make_nearby_group(miles, bearing, name=name)
    html = finder(client, near="30303")
    assert main_names(html) == [
        "Three Miles Circle",
        "Seven Miles Circle",
        "Eleven Miles Circle",
        "Eighteen Miles Circle",
    ]


def test_sorting_by_name_ignores_distance(client):
    make_nearby_group(9, name="Alder Circle")
    make_nearby_group(1, name="Birch Circle")
    assert main_names(finder(client, near="30303", sort="name")) == [
        "Alder Circle",
        "Birch Circle",
    ]


@pytest.mark.parametrize(
    ("miles", "radius", "listed"),
    [(24, 25, True), (24, 10, False), (26, 25, False), (26, 50, True)],
)
def test_the_radius_is_held_exactly(client, miles, radius, listed):
    make_nearby_group(miles, name="Edge Circle")
    make_nearby_group(1, name="Close Circle")
    names = main_names(finder(client, near="30303", radius=radius))
    assert "Close Circle" in names
    assert ("Edge Circle" in names) is listed


def test_a_group_with_several_places_is_measured_from_its_nearest(client):
    group = make_nearby_group(40, name="Two Places Circle")
    latitude, longitude = point(3, 180)
    factories.make_meeting(
        group, place=factories.make_place(area_latitude=latitude, area_longitude=longitude)
    )
    make_nearby_group(8, name="Eight Miles Circle")
    found = search(near="30303")
    assert result_names(found) == ["Two Places Circle", "Eight Miles Circle"]
    assert found.page[0].distance_band == "Within 5 miles"


def test_a_group_meeting_at_several_places_in_reach_is_listed_once(client):
    group = make_nearby_group(2, name="Busy Circle")
    for miles in (4, 6):
        latitude, longitude = point(miles, 45)
        factories.make_meeting(
            group, place=factories.make_place(area_latitude=latitude, area_longitude=longitude)
        )
    assert search(near="30303").page.paginator.count == 1
    assert main_names(finder(client, near="30303")) == ["Busy Circle"]


def test_distances_are_shown_only_as_bands(client):
    make_nearby_group(
        0.4,
        name="Very Close Circle",
        place={
            "address_visibility": AddressVisibility.PUBLIC,
            "venue_latitude": point(0.4)[0],
            "venue_longitude": point(0.4)[1],
        },
    )
    make_nearby_group(3.3, 120, name="Close Circle")
    make_nearby_group(12.7, 250, name="Further Circle")
    html = finder(client, near="30303")
    for band in ("Under 1 mile", "Within 5 miles", "10–25 miles"):
        assert f"<strong>{band}</strong>" in html
    assert not re.search(r"\d+\.\d+\s*(mi|miles|km)\b", html)
    for exact in ("0.4", "3.3", "12.7", "0.40", "3.30", "12.70"):
        assert exact not in html


def test_each_card_lists_its_own_meetings_with_their_area(client):
    near = factories.make_group(name="Near Circle")
    place = factories.make_place(city="Decatur", postal_code="30030")
    factories.make_meeting(near, place=place, weekday=1)
    factories.make_meeting(near, place=place, weekday=3, interval=2)
    online = make_online_group(name="Online Circle")  # every Tuesday
    factories.make_meeting(online, weekday=4)
    html = finder(client, near="30303")
    cards = [card.split("</ul>")[0] for card in html.split('<li class="result">')[1:]]
    cards = {CARD_NAME.search(card)[1]: card for card in cards}
    assert "Every Tuesday · Decatur, GA 30030" in cards["Near Circle"]
    assert "Every other Thursday · Decatur, GA 30030" in cards["Near Circle"]
    assert "Friday" not in cards["Near Circle"]
    assert "Every Tuesday</li>" in cards["Online Circle"]
    assert "Every Friday</li>" in cards["Online Circle"]
    assert "Thursday" not in cards["Online Circle"]


# Confidential places (docs/safety.md, rule 6) -----------------------------------------------------

SECRETS = {
    "street_address": "12 Hidden Lane",
    "address_line_2": "Back door, suite 4",
    "name": "Quiet Venue Hall",
    "private_notes": "Curator note: zx81-door-code",
}
AREA_ONLY_POINT = (33.7712, -84.3513)  # ZIP 30307
ON_REQUEST_POINT = (33.7748, -84.2963)  # ZIP 30030, Decatur


@pytest.fixture
def confidential_groups():
    area_only = factories.make_group(name="Area Only Circle")
    factories.make_meeting(
        area_only,
        place=factories.make_place(
            **SECRETS,
            address_visibility=AddressVisibility.AREA_ONLY,
            postal_code="30307",
            area_latitude=AREA_ONLY_POINT[0],
            area_longitude=AREA_ONLY_POINT[1],
        ),
    )
    on_request = factories.make_group(name="On Request Circle")
    factories.make_meeting(
        on_request,
        place=factories.make_place(
            **SECRETS,
            address_visibility=AddressVisibility.ON_REQUEST,
            city="Decatur",
            postal_code="30030",
            area_latitude=ON_REQUEST_POINT[0],
            area_longitude=ON_REQUEST_POINT[1],
        ),
    )
    return area_only, on_request


@pytest.mark.parametrize("near", ["30303", "Atlanta, GA", "33.75,-84.39"])
def test_results_near_a_confidential_place_never_show_where_it_is(
    client, confidential_groups, near
):
    html = finder(client, near=near)
    assert set(main_names(html)) == {"Area Only Circle", "On Request Circle"}
    for secret in SECRETS.values():
        assert html_lib.escape(secret) not in html
        assert secret not in html
    assert "Atlanta, GA 30307" in html  # area only: town and ZIP
    assert "Decatur, GA" in html  # on request: the city only
    assert "30030" not in html
    for coordinate in (*AREA_ONLY_POINT, *ON_REQUEST_POINT):
        assert str(coordinate) not in html
        assert f"{coordinate:.2f}" not in html


@pytest.mark.parametrize("visibility", [AddressVisibility.AREA_ONLY, AddressVisibility.ON_REQUEST])
def test_a_confidential_place_is_measured_from_its_area_point(visibility):
    # A town the gazetteer does not know keeps the area point it was given.
    make_nearby_group(
        12,
        name="Confidential Circle",
        place={"address_visibility": visibility, "city": "Nowhere Junction"},
    )
    (group,) = search(near="30303").page
    assert group.distance / METERS_PER_MILE == pytest.approx(12, abs=0.2)
    assert group.distance_band == "10–25 miles"
    assert result_names(search(near="30303", radius=10)) == []


def test_a_place_shared_on_request_is_measured_from_its_towns_centre(client, gazetteer):
    # Its own ZIP (30317, east Atlanta) is 4 miles from the centre; only the centre is used.
    group = make_nearby_group(
        4, 90, name="On Request Circle", place={"address_visibility": AddressVisibility.ON_REQUEST}
    )
    place = group.meetings.get().place
    town = gazetteer["atlanta"]
    assert (place.area_latitude, place.area_longitude) == (town.latitude, town.longitude)
    assert place.area == town
    (found,) = search(near="30303").page
    assert found.distance / METERS_PER_MILE < 1
    assert found.distance_band == "Within 5 miles"


def test_no_confidential_place_is_shown_under_one_mile_away(client):
    make_nearby_group(0.2, name="Area Only Circle")
    html = finder(client, near="30303")
    assert "Area Only Circle" in main_names(html)
    assert "Under 1 mile" not in html
    assert "<strong>Within 5 miles</strong>" in html


def test_a_place_shared_on_request_needs_a_town_the_gazetteer_knows():
    place = factories.make_place(address_visibility=AddressVisibility.ON_REQUEST, city="Atlnta")
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert "not a town in the gazetteer" in str(error.value)


def test_the_migration_moves_places_shared_on_request_to_their_towns_centre(gazetteer):
    place = factories.make_place(address_visibility=AddressVisibility.AREA_ONLY)
    MeetingPlace.objects.filter(pk=place.pk).update(address_visibility="on_request")
    migration = importlib.import_module("groups.migrations.0012_on_request_places_at_town_centres")
    migration.move_to_town_centres(django_apps, None)
    place.refresh_from_db()
    assert place.area_latitude == gazetteer["atlanta"].latitude


def test_a_public_place_is_measured_from_its_venue():
    venue = point(2, 90)
    make_nearby_group(
        12,
        name="Public Circle",
        place={
            "address_visibility": AddressVisibility.PUBLIC,
            "street_address": "400 Main Street",
            "venue_latitude": venue[0],
            "venue_longitude": venue[1],
        },
    )
    (group,) = search(near="30303", radius=5).page
    assert group.distance / METERS_PER_MILE == pytest.approx(2, abs=0.1)


# Online and phone groups -----------------------------------------------------------------------


@pytest.fixture
def online_and_nearby():
    make_nearby_group(2, name="In Person Circle")
    make_nearby_group(
        4,
        name="Hybrid Circle",
        format=Format.HYBRID,
        online_url="https://meet.example.org/hybrid",
    )
    make_online_group(name="Anywhere Online Circle")
    make_online_group(name="Georgia Online Circle", serves_states=["GA", "AL"])
    make_online_group(name="Illinois Online Circle", serves_states=["IL"])
    make_online_group(name="Georgia Phone Line", format=Format.PHONE, serves_states=["GA"])
    make_online_group(name="Canada Online Circle", country="CA")


def test_online_groups_have_their_own_section_near_a_place(client, online_and_nearby):
    html = finder(client, near="30303")
    assert main_names(html) == ["In Person Circle", "Hybrid Circle"]
    assert online_names(html) == [
        "Anywhere Online Circle",
        "Georgia Online Circle",
        "Georgia Phone Line",
    ]
    assert "open to people in GA" in html


def test_online_groups_are_limited_to_the_searched_state(client, online_and_nearby):
    html = finder(client, near="62701")
    assert main_names(html) == []
    assert online_names(html) == ["Anywhere Online Circle", "Illinois Online Circle"]


def test_without_a_place_every_group_is_listed_by_name_in_one_list(client, online_and_nearby):
    html = finder(client)
    assert main_names(html) == [
        "Anywhere Online Circle",
        "Canada Online Circle",
        "Georgia Online Circle",
        "Georgia Phone Line",
        "Hybrid Circle",
        "Illinois Online Circle",
        "In Person Circle",
    ]
    assert online_names(html) == []
    assert "7 groups" in html
    assert "within" not in html.split('id="results-heading"')[1].split("</h2>")[0]


def test_an_unknown_place_says_so_and_still_offers_online_groups(client, online_and_nearby):
    html = finder(client, near="zzzzqqq")
    assert "We couldn't find that place" in html
    assert "In Person Circle" not in html
    assert "Anywhere Online Circle" in online_names(html)


def test_online_groups_follow_the_filters_too(client, online_and_nearby):
    make_online_group(name="Spanish Online Circle", languages=["es"])
    assert online_names(finder(client, near="30303", language="es")) == ["Spanish Online Circle"]


# Every filter ----------------------------------------------------------------------------------

TODAY = datetime.date.today()

# For each dimension: two values, then a group matching only the first, one matching only the
# second and one matching neither (None where every group in reach matches some value).
DIMENSION_CASES = {
    "category": (
        "domestic-violence",
        "self-injury",
        {"categories": ["domestic-violence"]},
        {"categories": ["self-injury", "trauma-ptsd"]},
        {"categories": ["mental-health"]},
    ),
    "format": (
        "in_person",
        "hybrid",
        {"format": Format.IN_PERSON},
        {"format": Format.HYBRID},
        None,
    ),
    "day": ("mon", "wed", {"meeting": {"weekday": 0}}, {"meeting": {"weekday": 2}}, {}),
    "time": (
        "morning",
        "afternoon",
        {"meeting": {"start_time": datetime.time(9, 30), "end_time": datetime.time(11)}},
        {"meeting": {"start_time": datetime.time(13), "end_time": datetime.time(14, 30)}},
        {"meeting": {"start_time": datetime.time(18, 30), "end_time": datetime.time(20)}},
    ),
    "audience": (
        "women",
        "lgbtq",
        {"audiences": ["women"]},
        {"audiences": ["lgbtq", "youth"]},
        {"audiences": ["men"]},
    ),
    "language": (
        "es",
        "vi",
        {"languages": ["es"]},
        {"languages": ["en", "vi"]},
        {"languages": ["en"]},
    ),
    "cost": (
        "free",
        "donation",
        {"cost": Cost.FREE},
        {"cost": Cost.DONATION},
        {"cost": Cost.SLIDING_SCALE},
    ),
    "facilitation": (
        "peer",
        "professional",
        {"facilitation": Facilitation.PEER},
        {"facilitation": Facilitation.PROFESSIONAL},
        {"facilitation": Facilitation.CO_FACILITATED},
    ),
    "joining": (
        "drop_in",
        "registration",
        {"joining": Joining.DROP_IN},
        {"joining": Joining.REGISTRATION},
        {"joining": Joining.INTAKE},
    ),
    "access": (
        "step_free_access",
        "parking",
        {"place": {"step_free_access": True}},
        {"place": {"parking": True, "near_transit": True}},
        {"place": {"accessible_restroom": True}},
    ),
    "soon": (
        "yes",
        None,
        {"meeting": {"valid_from": TODAY - datetime.timedelta(days=30)}},
        None,
        {
            "meeting": {
                "valid_from": TODAY - datetime.timedelta(days=90),
                "valid_to": TODAY - datetime.timedelta(days=30),
            }
        },
    ),
    "childcare": ("yes", None, {"childcare": True}, None, {"childcare": False}),
}


def make_case_group(name: str, spec: dict) -> SupportGroup:
    spec = dict(spec)
    if "categories" in spec:
        spec["categories"] = categories(*spec["categories"])
    return make_nearby_group(3, name=name, **spec)


@pytest.mark.parametrize("param", list(DIMENSION_CASES))
def test_every_filter_narrows_and_repeated_values_mean_any_of(param):
    first, second, first_spec, second_spec, neither_spec = DIMENSION_CASES[param]
    expected_all = {"First Circle"}
    make_case_group("First Circle", first_spec)
    if second_spec is not None:
        make_case_group("Second Circle", second_spec)
        expected_all.add("Second Circle")
    if neither_spec is not None:
        make_case_group("Neither Circle", neither_spec)
        expected_all.add("Neither Circle")

    assert set(result_names(search(near="30303"))) == expected_all
    assert result_names(search(near="30303", **{param: [first]})) == ["First Circle"]
    if second is not None:
        assert result_names(search(near="30303", **{param: [second]})) == ["Second Circle"]
        both = search(near="30303", **{param: [first, second]})
        assert set(result_names(both)) == {"First Circle", "Second Circle"}


def test_repeated_values_work_in_the_query_string(client):
    make_nearby_group(name="Monday Circle", meeting={"weekday": 0})
    make_nearby_group(name="Wednesday Circle", meeting={"weekday": 2})
    make_nearby_group(name="Friday Circle", meeting={"weekday": 4})
    html = finder(client, near="30303", day=["mon", "wed"])
    assert sorted(main_names(html)) == ["Monday Circle", "Wednesday Circle"]


def test_different_filters_combine_with_and():
    dv, si = "domestic-violence", "self-injury"
    make_nearby_group(name="DV Monday", categories=categories(dv), meeting={"weekday": 0})
    make_nearby_group(name="DV Wednesday", categories=categories(dv), meeting={"weekday": 2})
    make_nearby_group(name="SI Monday", categories=categories(si), meeting={"weekday": 0})
    make_nearby_group(name="MH Monday", categories=categories("mental-health"))
    assert result_names(search(near="30303", category=[dv], day=["mon"])) == ["DV Monday"]
    either = search(near="30303", category=[dv, si], day=["mon"])
    assert set(result_names(either)) == {"DV Monday", "SI Monday"}
    assert result_names(search(near="30303", category=[si], day=["wed"])) == []


def test_a_filter_without_a_place_narrows_the_results():
    make_online_group(name="Free Online", cost=Cost.FREE)
    make_online_group(name="Sliding Online", cost=Cost.SLIDING_SCALE)
    assert result_names(search(cost=["free"])) == ["Free Online"]


# Keywords --------------------------------------------------------------------------------------


def test_a_keyword_matches_the_start_of_a_word():
    make_nearby_group(name="Tuesday Circle", summary="Peer counseling for survivors.")
    make_nearby_group(name="Thursday Circle", summary="A walking group.")
    assert result_names(search(near="30303", q="counsel")) == ["Tuesday Circle"]
    assert result_names(search(near="30303", q="COUNSELING")) == ["Tuesday Circle"]


def test_a_keyword_matches_the_description():
    make_nearby_group(name="Tuesday Circle", description="We talk about grief and loss.")
    make_nearby_group(name="Thursday Circle")
    assert result_names(search(near="30303", q="grief")) == ["Tuesday Circle"]


def test_a_keyword_matches_the_organization_name():
    harbor = factories.make_organization(name="Harbor House Atlanta")
    make_nearby_group(name="Tuesday Circle", organization=harbor)
    make_nearby_group(name="Thursday Circle")
    assert result_names(search(near="30303", q="harbor")) == ["Tuesday Circle"]


def test_every_keyword_must_match():
    make_nearby_group(name="Evening Grief Circle", summary="Grief support in the evening.")
    make_nearby_group(
        name="Morning Grief Circle",
        summary="Grief support in the morning.",
        meeting={"start_time": datetime.time(9), "end_time": datetime.time(10)},
    )
    assert result_names(search(near="30303", q="grief evening")) == ["Evening Grief Circle"]


def test_keywords_also_narrow_the_online_section(client):
    make_online_group(name="Grief Online")
    make_online_group(name="Other Online")
    assert online_names(finder(client, near="30303", q="grief")) == ["Grief Online"]


@pytest.mark.parametrize("params", [{"near": "30303"}, {}], ids=["near", "no place"])
def test_each_query_holds_the_keywords_once(client, params):
    # Twice squares the planner's guess of how many groups match: with a common word it then
    # scans every group instead of walking the online section's index.
    make_nearby_group(name="Grief Circle")
    make_online_group(name="Grief Online")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("groups:list"), {**params, "q": "grief"}).status_code == 200
    lists = [q["sql"] for q in queries.captured_queries if "groups_supportgroup" in q["sql"]]
    keyworded = [sql for sql in lists if "to_tsquery" in sql]
    assert keyworded
    # A group's own words or its organization's: two conditions, each once.
    assert all(sql.count("to_tsquery") == 2 for sql in keyworded)


@pytest.mark.parametrize("q", ["!!!", "&|!():*", "'", "<->", "\\", '"', "   ", "-"])
def test_a_keyword_of_only_punctuation_is_ignored(client, q):
    make_nearby_group(name="Tuesday Circle")
    assert main_names(finder(client, near="30303", q=q)) == ["Tuesday Circle"]


@pytest.mark.parametrize("q", ["___", "the"])
def test_a_keyword_with_nothing_searchable_is_ignored(client, q):
    make_nearby_group(name="Tuesday Circle")
    assert main_names(finder(client, near="30303", q=q)) == ["Tuesday Circle"]


# Counts beside each option ---------------------------------------------------------------------


@pytest.fixture
def varied_groups():
    """A mix of groups in and out of reach, with every dimension varied, plus a few online."""
    rng = random.Random(7)
    topics = list(Category.objects.filter(is_separated=False))
    for n in range(24):
        hour = rng.choice([9, 13, 18])
        make_nearby_group(
            rng.choice([1, 4, 9, 16, 22, 30, 60]),
            rng.uniform(0, 360),
            name=f"{rng.choice(['Harbor', 'Willow', 'Open Door', 'Cedar'])} Circle {n}",
            categories=rng.sample(topics, rng.randint(1, 2)),
            format=rng.choice([Format.IN_PERSON, Format.IN_PERSON, Format.HYBRID]),
            audiences=rng.sample(["anyone", "women", "men", "lgbtq", "youth"], rng.randint(1, 2)),
            languages=rng.sample(["en", "es", "vi"], rng.randint(1, 2)),
            cost=rng.choice([Cost.FREE, Cost.DONATION, Cost.SLIDING_SCALE]),
            facilitation=rng.choice(list(Facilitation)),
            joining=rng.choice(list(Joining)),
            childcare=rng.random() < 0.3,
            place={
                "step_free_access": rng.random() < 0.5,
                "parking": rng.random() < 0.5,
                "near_transit": rng.random() < 0.3,
            },
            meeting={
                "weekday": rng.randrange(7),
                "start_time": datetime.time(hour),
                "end_time": datetime.time(hour + 1, 30),
            },
        )
    for n in range(4):
        make_online_group(
            name=f"Online Circle {n}",
            format=rng.choice([Format.ONLINE, Format.PHONE]),
            categories=rng.sample(topics, 1),
            cost=rng.choice([Cost.FREE, Cost.DONATION]),
        )
    separated = factories.make_group(
        name="Separated Circle", categories=categories(SEPARATED, "domestic-violence")
    )
    factories.make_meeting(separated, place=factories.make_place())
    for n in range(6):
        hour = rng.choice([9, 18])
        make_nearby_group(
            rng.choice([2, 9, 30]),
            rng.uniform(0, 360),
            name=f"Harbor Program {n}",
            categories=[*categories(SEPARATED), *rng.sample(topics, rng.randint(0, 1))],
            audiences=rng.sample(["anyone", "women", "men"], 1),
            cost=rng.choice([Cost.FREE, Cost.DONATION]),
            meeting={
                "weekday": rng.randrange(7),
                "start_time": datetime.time(hour),
                "end_time": datetime.time(hour + 1, 30),
            },
        )
    make_online_group(name="Online Program", categories=categories(SEPARATED))


@pytest.mark.parametrize(
    "chosen",
    [
        {"near": "30303", "category": ["sexual-violence", "mental-health"], "day": ["tue", "sat"]},
        {"near": "30303", "radius": "10", "cost": ["free", "donation"], "audience": ["women"]},
        {"near": "30303", "radius": "50", "q": "harbor", "format": ["hybrid"]},
        {"cost": ["free"]},
        {"near": "30303", "category": [SEPARATED]},
        {"near": "30303", "category": ["domestic-violence", SEPARATED, "mental-health"]},
        {"near": "30303", "radius": "10", "category": [SEPARATED, "mental-health"]},
        {"near": "30303", "category": [SEPARATED, "trauma-ptsd"], "time": ["evening"]},
        {"category": ["mental-health", SEPARATED], "cost": ["free"]},
        {"q": "harbor", "category": ["trauma-ptsd", SEPARATED]},
    ],
    ids=[
        "near-category-days",
        "near-cost-audience",
        "near-keyword-format",
        "cost",
        "separated",
        "near-separated-beside-others",
        "radius-separated-beside-another",
        "near-time-separated-beside-another",
        "separated-beside-another",
        "keyword-separated-beside-another",
    ],
)
def test_each_count_is_the_number_of_results_that_option_gives(varied_groups, chosen):
    # Beside other topics the programs' own topic counts their section, which is what the
    # programs alone list; every other count is of the support groups' list.
    found = search(**chosen)
    assert found.page.paginator.count > 0
    if found.programs is not None:
        assert found.programs.total > 0
    wrong = []
    for facet in found.facets:
        for option in facet.options:
            expected = search(**(chosen | {facet.param: [option.value]})).page.paginator.count
            if option.count != expected:
                wrong.append((facet.param, option.value, option.count, expected))
    assert wrong == []


def test_chosen_options_are_checked(varied_groups):
    found = search(near="30303", day=["tue", "sat"])
    (day,) = [facet for facet in found.facets if facet.param == "day"]
    assert {option.value for option in day.options if option.checked} == {"tue", "sat"}


# Programs for people who use violence (docs/safety.md, rule 7) ------------------------------------


@pytest.fixture
def separated_groups():
    make_nearby_group(2, name="Stopping Violence Group", categories=categories(SEPARATED))
    make_nearby_group(
        3, name="Stopping Violence DV Group", categories=categories(SEPARATED, "domestic-violence")
    )
    make_online_group(name="Stopping Violence Online", categories=categories(SEPARATED))
    make_nearby_group(4, name="Survivor Circle", categories=categories("domestic-violence"))
    make_online_group(name="Survivor Online", categories=categories("domestic-violence"))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"near": "30303"},
        {"near": "30303", "category": "domestic-violence"},
        {"category": "domestic-violence"},
        {"near": "30303", "q": "violence"},
        {"near": "zzzzqqq"},
        {"near": "30303", "format": ["in_person", "online"]},
    ],
)
def test_separated_groups_never_appear_unless_their_category_is_chosen(
    client, separated_groups, params
):
    html = finder(client, **params)
    assert "Stopping Violence" not in "".join(main_names(html) + online_names(html))
    assert 'id="category-people-who-use-violence"' not in html


def test_separated_groups_appear_when_their_category_is_chosen(client, separated_groups):
    html = finder(client, near="30303", category=SEPARATED)
    assert main_names(html) == ["Stopping Violence Group", "Stopping Violence DV Group"]
    assert online_names(html) == ["Stopping Violence Online"]
    assert 'id="category-people-who-use-violence"' in html

    html = finder(client, category=SEPARATED)
    assert main_names(html) == [
        "Stopping Violence DV Group",
        "Stopping Violence Group",
        "Stopping Violence Online",
    ]


def test_the_separated_option_is_hidden_unless_chosen(separated_groups):
    def category_options(found) -> dict[str, int]:
        (facet,) = [facet for facet in found.facets if facet.param == "category"]
        return {option.value: option.count for option in facet.options}

    options = category_options(search(near="30303"))
    assert SEPARATED not in options
    assert options["domestic-violence"] == 1  # the separated DV group is not counted

    options = category_options(search(near="30303", category=[SEPARATED]))
    assert options[SEPARATED] == 2


# Beside other topics the programs have a section of their own ---------------------------------

BOTH = ["domestic-violence", SEPARATED]
FRAMING = "Programs to stop hurting a partner or family member"


def section(html: str, start_marker: str, end_marker: str) -> str:
    if start_marker not in html:
        return ""
    start = html.index(start_marker)
    return html[start : html.index(end_marker, start)]


def programs_section(html: str) -> str:
    return section(html, 'id="programs-heading"', "</section>")


def program_names(html: str) -> list[str]:
    """Names in the programs' own section, nearby (or all) first, then online."""
    return [html_lib.unescape(name) for name in CARD_NAME.findall(programs_section(html))]


def programs_online_names(html: str) -> list[str]:
    online = section(programs_section(html) + "</section>", "programs-online-heading", "</ul>")
    return [html_lib.unescape(name) for name in CARD_NAME.findall(online)]


def everything_but_the_programs(html: str) -> str:
    return html.replace(programs_section(html), "")


def test_chosen_alone_the_programs_get_a_calm_framing_of_their_own(client, separated_groups):
    html = finder(client, near="30303", category=SEPARATED, day="tue")
    assert f"<h1>{FRAMING}</h1>" in html
    assert page_title(html) == f"{FRAMING} · Peer Support Directory"
    assert "want to stop" in html and "Taking part is a good step" in html
    assert "<h2>What to expect</h2>" in html
    assert "sent by a court" in html and "probation officer" in html
    assert "Not everything you say stays private" in html
    assert "2 programs within 25 miles of Atlanta, GA" in html
    assert "Online and phone programs open to people in GA" in html
    # Someone being hurt is led to the support groups, with their place and filters kept.
    link = html.split("See support groups for people who have been hurt")[0].rsplit('href="', 1)
    assert link[1] == reverse("groups:list") + '?near=30303&amp;day=tue">'
    assert '<a href="#help-now">' in html and 'id="help-now"' in html
    assert 'id="programs-heading"' not in html  # no section apart: the programs are the results


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"near": "30303"},
        {"near": "30303", "category": "domestic-violence"},
        {"category": ["domestic-violence", "self-injury"]},
        {"q": "violence"},
    ],
)
def test_the_framing_is_shown_only_when_the_programs_are_chosen(client, separated_groups, params):
    html = finder(client, **params)
    assert FRAMING not in html
    assert "What to expect" not in html
    assert "See support groups for people who have been hurt" not in html
    assert page_title(html) == "Find a group · Peer Support Directory"


def test_programs_chosen_beside_another_topic_are_never_in_the_support_groups_lists(
    client, separated_groups
):
    html = finder(client, near="30303", category=BOTH)
    assert main_names(html) == ["Survivor Circle"]
    assert online_names(html) == ["Survivor Online"]
    assert "4 groups" not in html and "1 group within 25 miles" in html
    assert "Stopping Violence" not in everything_but_the_programs(html)
    # Their own section, after the support groups, with its heading, framing and count.
    assert html.index('id="online-heading"') < html.index('id="programs-heading"')
    part = programs_section(html)
    assert f">{FRAMING}</h2>" in part and "<h3>What to expect</h3>" in part
    assert "2 programs within 25 miles of Atlanta, GA" in part
    assert program_names(html) == [
        "Stopping Violence Group",
        "Stopping Violence DV Group",
        "Stopping Violence Online",
    ]
    assert programs_online_names(html) == ["Stopping Violence Online"]
    assert "Survivor" not in part
    assert page_title(html) == "Find a group · Peer Support Directory"
    link = part.split("See support groups for people who have been hurt")[0].rsplit('href="', 1)
    assert link[1] == reverse("groups:list") + '?near=30303&amp;category=domestic-violence">'


def test_without_a_place_the_programs_beside_another_topic_are_listed_apart_by_name(
    client, separated_groups
):
    html = finder(client, category=BOTH)
    assert main_names(html) == ["Survivor Circle", "Survivor Online"]
    assert program_names(html) == [
        "Stopping Violence DV Group",
        "Stopping Violence Group",
        "Stopping Violence Online",
    ]
    assert "3 programs" in programs_section(html)
    assert "Stopping Violence" not in everything_but_the_programs(html)


@pytest.mark.parametrize(
    "params",
    [
        {"near": "30303"},
        {"near": "30303", "sort": "name"},
        {"near": "30303", "radius": "50", "day": ["tue"]},
        {"near": "Nowhereville"},
        {"near": "Georgia"},
        {},
        {"q": "circle"},
        {"cost": ["free"], "audience": ["women"]},
    ],
)
def test_every_matching_program_is_in_its_section_and_no_program_in_the_main_list(client, params):
    rng = random.Random(11)
    dv, separated = categories("domestic-violence"), categories(SEPARATED)
    for n in range(4):
        options = {
            "cost": rng.choice([Cost.FREE, Cost.DONATION]),
            "audiences": rng.sample(["anyone", "women", "men"], 1),
            "meeting": {"weekday": rng.randrange(3)},
        }
        make_nearby_group(
            rng.choice([3, 12, 40]),
            n * 90,
            name=f"Turnaround Circle {n}",
            categories=separated + rng.sample(dv, rng.randint(0, 1)),
            **options,
        )
        make_nearby_group(
            rng.choice([3, 12, 40]), n * 90, name=f"Survivor Circle {n}", categories=dv, **options
        )
    make_online_group(name="Turnaround Online", categories=separated)
    make_online_group(name="Survivor Online", categories=dv)

    both = search(**params, category=BOTH)
    alone = search(**params, category=[SEPARATED])
    without = search(**params, category=["domestic-violence"])
    assert both.programs is not None
    assert both.programs.total and both.page.paginator.count  # both lists have something
    # The support groups are those the search without the programs finds, and no program.
    assert result_names(both) == result_names(without)
    assert [g.name for g in both.online] == [g.name for g in without.online]
    assert not [g for g in [*both.page, *both.online] if g.is_separated]
    # The section holds what the programs' own search lists, in its order, and counts it.
    assert [g.name for g in both.programs.found] == result_names(alone)[:PROGRAMS_PREVIEW]
    # Near a place the online ones follow; elsewhere the online ones are those listed.
    expected_online = alone.online if alone.place is not None else []
    assert [g.name for g in both.programs.online] == [g.name for g in expected_online]
    assert both.programs.total == alone.page.paginator.count
    assert all(g.is_separated for g in [*both.programs.found, *both.programs.online])
    bands = [g.distance_band for g in alone.page][:PROGRAMS_PREVIEW]
    assert [g.distance_band for g in both.programs.found] == bands

    html = finder(client, **params, category=BOTH)
    assert "Turnaround" not in everything_but_the_programs(html)
    assert program_names(html) == [g.name for g in both.programs.found + both.programs.online]


def test_more_programs_than_the_section_shows_are_one_link_away_nearest_first(client):
    separated, dv = categories(SEPARATED), categories("domestic-violence")
    for n in range(PROGRAMS_PREVIEW + 2):
        make_nearby_group(
            n + 2, n * 50, name=f"Turnaround Circle {n}", categories=separated, cost=Cost.FREE
        )
    make_nearby_group(60, name="Far Turnaround Circle", categories=separated, cost=Cost.FREE)
    make_nearby_group(3, name="Survivor Circle", categories=dv, cost=Cost.FREE)
    html = finder(client, near="30303", category=BOTH, cost="free")
    part = programs_section(html)
    assert f"{PROGRAMS_PREVIEW + 2} programs within 25 miles" in part
    assert program_names(html) == [f"Turnaround Circle {n}" for n in range(PROGRAMS_PREVIEW)]
    # Confidential places: bands from the area's centre, never "Under 1 mile".
    assert "Within 5 miles" in part and "Under 1 mile" not in part
    link = part.split("See all the programs on a page of their own")[0].rsplit('href="', 1)[1]
    assert link == reverse("groups:list") + f'?near=30303&amp;category={SEPARATED}&amp;cost=free">'
    html = finder(client, near="30303", category=SEPARATED, cost="free")
    assert main_names(html) == [f"Turnaround Circle {n}" for n in range(PROGRAMS_PREVIEW + 2)]


def test_no_matching_programs_beside_another_topic_says_so(client, separated_groups):
    html = finder(client, near="30303", category=BOTH, day="sun")
    part = programs_section(html)
    assert "0 programs within 25 miles" in part
    assert "No programs match all of these choices" in part
    assert program_names(html) == []


def test_programs_beside_another_topic_are_not_listed_while_the_place_is_unclear(
    client, separated_groups, gazetteer
):
    html = finder(client, near="Springfield", category=BOTH)
    assert "Which place did you mean?" in html
    assert 'id="programs-heading"' not in html and "Stopping Violence" not in html


def test_the_programs_topic_counts_its_section_beside_another_topic(separated_groups):
    found = search(near="30303", category=BOTH)
    (facet,) = [facet for facet in found.facets if facet.param == "category"]
    counts = {option.value: option.count for option in facet.options}
    assert counts[SEPARATED] == found.programs.total == 2
    assert counts["domestic-violence"] == found.page.paginator.count == 1


# Meeting summaries -----------------------------------------------------------------------------


def summary(group: SupportGroup) -> tuple[list, list, list]:
    group.refresh_from_db()
    return sorted(group.meeting_days), sorted(group.meeting_times), sorted(group.access_features)


def test_a_group_without_meetings_has_empty_summaries():
    assert summary(factories.make_group()) == ([], [], [])


def test_adding_and_deleting_meetings_updates_the_summaries():
    group = factories.make_group()
    place = factories.make_place(step_free_access=True)
    monday = factories.make_meeting(
        group,
        place=place,
        weekday=0,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11),
    )
    assert summary(group) == ([0], ["morning"], ["step_free_access"])

    thursday = factories.make_meeting(
        group, weekday=3, start_time=datetime.time(17), end_time=datetime.time(18)
    )
    assert summary(group) == ([0, 3], ["evening", "morning"], ["step_free_access"])

    monday.delete()
    assert summary(group) == ([3], ["evening"], [])

    thursday.delete()
    assert summary(group) == ([], [], [])


def test_changing_a_meeting_updates_the_summaries():
    group = factories.make_group()
    meeting = factories.make_meeting(group, weekday=1, start_time=datetime.time(12))
    assert summary(group)[:2] == ([1], ["afternoon"])
    meeting.weekday, meeting.start_time = 5, datetime.time(10)
    meeting.save()
    assert summary(group)[:2] == ([5], ["morning"])


def test_changing_a_places_access_updates_the_summaries():
    group, other = factories.make_group(), factories.make_group()
    place = factories.make_place()
    factories.make_meeting(group, place=place)
    factories.make_meeting(other, place=place, weekday=4)
    assert summary(group)[2] == []

    place.step_free_access = True
    place.parking = True
    place.save()
    assert summary(group)[2] == ["parking", "step_free_access"]
    assert summary(other)[2] == ["parking", "step_free_access"]

    place.step_free_access = False
    place.save()
    assert summary(group)[2] == ["parking"]


def test_the_finder_sees_a_new_meeting_at_once():
    group = make_nearby_group(name="Growing Circle", meeting={"weekday": 1})
    assert result_names(search(near="30303", day=["fri"])) == []
    factories.make_meeting(group, place=group.meetings.first().place, weekday=4)
    assert result_names(search(near="30303", day=["fri"])) == ["Growing Circle"]


def test_moving_a_meeting_to_another_group_updates_both_groups():
    before, after = factories.make_group(), factories.make_group()
    meeting = factories.make_meeting(before, weekday=2)
    meeting.group = after
    meeting.save()
    assert summary(after)[0] == [2]
    assert summary(before)[0] == []


# Bad input (docs/safety.md, rule 10) --------------------------------------------------------------

LONG_PLACE = ("Atlanta GA " * 28)[:300]


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"near": "30303", "radius": "7"}, "Distance"),
        ({"radius": "lots"}, "Distance"),
        ({"day": "xyz"}, "Day"),
        ({"category": "nope"}, "Topic"),
        ({"format": "bogus"}, "How it meets"),
        ({"sort": "x"}, "Sort"),
        ({"time": "midnight"}, "Time of day"),
        ({"language": "klingon"}, "Language"),
        ({"access": "elevator"}, "Access"),
        ({"childcare": "no"}, "Childcare"),
        ({"soon": "maybe"}, "When"),
        ({"near": LONG_PLACE}, "Place"),
        ({"q": "grief " * 50}, "Keywords"),
    ],
)
def test_invalid_parameters_get_a_friendly_400(client, params, label):
    response = get(client, **params)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Some of the search choices didn't work" in html
    assert f"<li>{label}: " in html
    assert 'role="alert"' in html
    assert "Traceback" not in html
    assert "Exception" not in html


def test_a_rejected_place_is_not_repeated_back(client):
    html = get(client, near=LONG_PLACE).content.decode()
    assert "Atlanta GA Atlanta GA" not in html


@pytest.fixture
def two_pages_of_online_groups():
    for n in range(25):
        make_online_group(name=f"Online Circle {n:02d}")


@pytest.mark.parametrize(
    ("page", "shown"), [("abc", 1), ("", 1), ("0", 2), ("-1", 2), ("9999", 2), ("2", 2)]
)
def test_an_out_of_range_page_shows_a_real_page(client, two_pages_of_online_groups, page, shown):
    html = finder(client, page=page)
    assert f"Page {shown} of 2" in html


def test_a_radius_without_a_place_is_ignored(client):
    make_online_group(name="Online Circle")
    assert main_names(finder(client, radius="50")) == ["Online Circle"]


# Query counts ----------------------------------------------------------------------------------


def add_matching_groups(count: int, topic: str = "domestic-violence") -> None:
    chosen = categories(topic)
    for n in range(count):
        latitude, longitude = point(1 + n % 20, n * 37)
        group = factories.make_group(categories=chosen)
        place = factories.make_place(area_latitude=latitude, area_longitude=longitude)
        factories.make_meeting(group, place=place, weekday=1)
        factories.make_meeting(group, place=place, weekday=3)


def test_a_near_search_makes_the_same_queries_for_5_or_25_groups(client, django_assert_num_queries):
    params = {"near": "30303", "category": "domestic-violence", "day": "tue"}
    make_online_group(categories=categories("domestic-violence"))  # meets on Tuesdays
    add_matching_groups(5)
    cache.clear()
    with CaptureQueriesContext(connection) as baseline:
        assert "5 groups within 25 miles" in finder(client, **params)

    add_matching_groups(20)
    cache.clear()
    with django_assert_num_queries(len(baseline)):
        assert "25 groups within 25 miles" in finder(client, **params)


@pytest.mark.parametrize(
    ("params", "before", "after"),
    [
        ({"near": "30303"}, "5 {} within 25 miles", "25 {} within 25 miles"),
        ({}, "6 {}", "26 {}"),  # without a place the online ones are in the list
        ({"q": "calm"}, "6 {}", "26 {}"),
    ],
    ids=["near", "browsing", "keywords"],
)
def test_programs_beside_another_topic_add_the_same_few_queries_for_5_or_25(
    client, django_assert_num_queries, params, before, after
):
    params = {**params, "day": "tue"}
    for topic in ("domestic-violence", SEPARATED):
        make_online_group(categories=categories(topic))  # meets on Tuesdays
        add_matching_groups(5, topic)
    finder(client, **params)  # browsing reads the changed groups into memory first
    cache.clear()
    with CaptureQueriesContext(connection) as without:
        finder(client, **params, category="domestic-violence")
    cache.clear()
    with CaptureQueriesContext(connection) as baseline:
        html = finder(client, **params, category=["domestic-violence", SEPARATED])
    assert before.format("groups") in html
    assert before.format("programs") in programs_section(html)
    # The section's count, its first programs and, near a place, its online ones.
    assert len(baseline) <= len(without) + 3
    queries = len(baseline)  # each request empties the log a capture reads

    for topic in ("domestic-violence", SEPARATED):
        add_matching_groups(20, topic)
    finder(client, **params)
    cache.clear()
    with django_assert_num_queries(queries):
        html = finder(client, **params, category=["domestic-violence", SEPARATED])
    assert after.format("groups") in html
    assert after.format("programs") in programs_section(html)


# Privacy of the searched place (docs/safety.md, rules 4, 5 and 8) ---------------------------------


@pytest.mark.parametrize(
    "near",
    [
        "30303",
        "Atlanta, GA",
        "Springfield",
        "zzzzqqq",
        "33.75,-84.39",
        "62701",
    ],
)
def test_page_titles_never_contain_the_searched_place(client, near):
    make_nearby_group(name="Tuesday Circle")
    html = finder(client, near=near)
    title = page_title(html)
    for part in [*re.findall(r"\w+", near), "Atlanta", "Springfield", "30303"]:
        assert part.lower() not in title.lower()


def test_the_title_of_a_rejected_search_never_contains_the_place(client):
    response = get(client, near="Atlanta GA", radius="7")
    assert response.status_code == 400
    assert "Atlanta" not in page_title(response.content.decode())


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"near": "30303"},
        {"near": "Springfield"},
        {"near": "zzzzqqq"},
        {"radius": "7"},
    ],
)
def test_search_responses_are_not_stored_and_set_no_cookies(client, params):
    response = get(client, **params)
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert client.cookies == {}


@pytest.mark.parametrize(
    "params",
    [
        {"near": "Decatur, GA"},
        {"near": "Decatur, GA", "radius": "7"},
        {"near": "Decatur Nowhere"},
        {"near": "Decatur, GA", "page": "9999"},
    ],
)
def test_searched_places_never_reach_the_logs(client, caplog, params):
    caplog.set_level(logging.DEBUG)
    get(client, **params)
    assert "decatur" not in caplog.text.lower()


def test_the_location_input_is_not_autocompleted(client):
    html = finder(client, near="30303")
    assert re.search(r'<input[^>]*id="near"[^>]*autocomplete="off"', html)


# Ambiguous places ------------------------------------------------------------------------------


def test_an_ambiguous_place_offers_choices_that_keep_the_other_choices(client):
    html = finder(client, near="Springfield", category="domestic-violence", radius="50")
    assert "Which place did you mean?" in html
    links = [
        html_lib.unescape(href)
        for href in re.findall(r'<li><a href="(\?[^"]*)">Springfield, (?:IL|MA)</a></li>', html)
    ]
    assert len(links) == 2
    for link in links:
        assert "category=domestic-violence" in link
        assert "radius=50" in link
    (illinois,) = [link for link in links if "IL" in link]
    chosen = client.get(reverse("groups:list") + illinois)
    assert "within 50 miles of Springfield, IL" in chosen.content.decode()


def test_an_ambiguous_place_lists_no_results_yet(client):
    make_nearby_group(name="Tuesday Circle")
    html = finder(client, near="Springfield")
    assert "Tuesday Circle" not in html
    assert search(near="Springfield").place_choices


def test_a_place_with_many_namesakes_shows_the_likely_ones_and_the_rest_on_request(client):
    for n in range(11):
        factories.make_gazetteer_place(
            kind=Place.Kind.TOWN,
            city="Greenville",
            state=sorted(geo.US_STATES)[n],
            zip_count=1,
            latitude=35 + n / 10,
            longitude=-80,
        )
    factories.make_gazetteer_place(
        kind=Place.Kind.TOWN, city="Greenville", state="SC", zip_count=30, latitude=34.85
    )
    html = finder(client, near="Greenville")
    shown, more = html.split('<details class="more-choices">')
    assert re.findall(r">Greenville, (\w\w)</a>", shown)[0] == "SC"
    assert len(re.findall(r">Greenville, \w\w</a>", shown)) == geo.LIKELY_CHOICES
    assert "Show 4 more places" in more
    assert len(re.findall(r">Greenville, \w\w</a>", more)) == 4


# A state alone ---------------------------------------------------------------------------------


def test_a_state_alone_lists_the_online_groups_open_there_and_asks_for_a_town(
    client, online_and_nearby
):
    html = finder(client, near="Georgia")
    assert "Georgia is a whole state" in html
    assert "add a town or ZIP code" in html
    assert main_names(html) == [
        "Anywhere Online Circle",
        "Georgia Online Circle",
        "Georgia Phone Line",
    ]
    assert "3 online and phone groups open to people in Georgia" in html
    assert "We couldn't find that place" not in html
    assert "Which place did you mean?" not in html


def test_a_big_city_named_like_its_state_is_searched_with_the_state_one_tap_away(client):
    factories.make_gazetteer_place(
        kind=Place.Kind.TOWN,
        city="New York",
        state="NY",
        zip_count=165,
        latitude=40.71,
        longitude=-74.0,
    )
    html = finder(client, near="New York")
    assert "within 25 miles of New York, NY" in html
    (link,) = re.findall(
        r'<a href="(\?[^"]*)">See the online and phone groups open to people in New York</a>', html
    )
    assert "near=NY" in html_lib.unescape(link)
    assert "New York is a whole state" in finder(client, near="NY")


# Who it is for ---------------------------------------------------------------------------------


def test_a_card_names_who_a_group_is_for_in_running_text():
    group = SupportGroup(audiences=["women", "older_adults", "lgbtq"])
    assert group.audience_text == "For women, older adults and LGBTQ+ people"
    assert SupportGroup(audiences=["family_friends"]).audience_text == "For family and friends"


def test_choosing_an_audience_includes_groups_open_to_anyone_and_says_so(client):
    make_nearby_group(name="Women Circle", audiences=["women"])
    make_nearby_group(name="Anyone Circle", audiences=["anyone"])
    make_nearby_group(name="Unnamed Circle", audiences=[])
    make_nearby_group(name="Men Circle", audiences=["men"])
    html = finder(client, near="30303", audience="women")
    assert sorted(main_names(html)) == ["Anyone Circle", "Unnamed Circle", "Women Circle"]
    assert "Open to anyone" in html
    assert "<li>For women</li>" in html
    assert "Groups open to anyone are included in each." in html
    counts = dict(re.findall(r'name="audience" value="(\w+)"[^>]*>.*?\((\d+)\)', html))
    assert counts["women"] == "3"
    assert counts["men"] == "3"
    assert counts["anyone"] == "2"


# Options that would find nothing ---------------------------------------------------------------


def test_an_option_that_would_find_nothing_cannot_be_ticked(client):
    make_nearby_group(name="In Person Circle")
    html = finder(client, near="30303")
    online = re.search(r'<div class="check[^"]*"><input [^>]*value="online"[^>]*>', html).group(0)
    assert "disabled" in online
    assert "check-none" in online
    in_person = re.search(r'<div class="check[^"]*"><input [^>]*value="in_person"[^>]*>', html)
    assert "disabled" not in in_person.group(0)


def test_a_chosen_option_that_finds_nothing_can_still_be_unticked(client):
    make_nearby_group(name="In Person Circle")
    html = finder(client, near="30303", format="online")
    online = re.search(r'<input [^>]*value="online"[^>]*>', html).group(0)
    assert "checked" in online
    assert "disabled" not in online


# Ways out of an empty search -------------------------------------------------------------------


def ways_out(html: str) -> dict[str, str]:
    """The empty results' suggestions: text → link."""
    if "These would find groups:" not in html:
        return {}
    block = html.split("These would find groups:")[1].split("</ul>")[0]
    return {
        html_lib.unescape(text): html_lib.unescape(href)
        for href, text in re.findall(r'<li><a href="([^"]*)">([^<]*)</a></li>', block)
    }


def test_an_empty_search_offers_the_nearest_radius_that_finds_groups(client):
    make_nearby_group(40, name="Far Circle")
    html = finder(client, near="30303", radius="10")
    assert "No groups meet in person within 10 miles of Atlanta, GA" in html
    assert "No groups match all of these choices" not in html
    offered = ways_out(html)
    assert list(offered) == ["Look further away: 1 group within 50 miles"]
    assert main_names(finder(client, **dict(QueryDict(offered.popitem()[1][1:]).items()))) == [
        "Far Circle"
    ]


def test_no_wider_radius_is_offered_when_none_finds_groups(client):
    make_nearby_group(150, name="Very Far Circle")
    assert ways_out(finder(client, near="30303", radius="10")) == {}


def test_an_empty_search_offers_leaving_out_only_the_choices_that_find_groups(client):
    make_nearby_group(name="English Circle", languages=["en"], cost=Cost.FREE)
    html = finder(client, near="30303", language="ko", cost="free")
    assert "No groups match all of these choices" in html
    offered = ways_out(html)
    assert list(offered) == ["Leave out “Language: Korean”: 1 group"]
    link = offered["Leave out “Language: Korean”: 1 group"]
    assert "language" not in link and "cost=free" in link and "near=30303" in link
    response = client.get(reverse("groups:list") + link)
    assert main_names(response.content.decode()) == ["English Circle"]


def test_an_empty_search_offers_the_keywords_and_online_groups_when_they_find_groups(client):
    make_nearby_group(name="Quiet Circle")
    make_online_group(name="Zebra Online", summary="Zebra lovers.")
    html = finder(client, near="30303", q="zebra")
    offered = ways_out(html)
    assert offered["Search without the keywords: 1 group"].startswith("?near=30303")
    assert offered["See the online and phone groups below: 1 group you can join from home"] == (
        "#online-heading"
    )


def test_an_unknown_place_has_no_empty_results_heading(client):
    html = finder(client, near="zzzzqqq")
    heading = re.search(r'<h2 id="results-heading">(.*?)</h2>', html, re.S).group(1)
    assert heading.strip() == "We couldn't find that place"
    assert "0 groups" not in html
    assert "No groups match" not in html


# "Use my location" -----------------------------------------------------------------------------


def test_a_posted_location_becomes_the_nearest_zip_in_the_address(client):
    response = client.post(
        reverse("groups:list"),
        {"at": "33.75,-84.39", "near": "Somewhere", "category": ["domestic-violence"], "page": "3"},
    )
    assert response.status_code == 303
    assert response["Location"] == "/groups/?category=domestic-violence&near=30303"
    assert not response.cookies


@pytest.mark.parametrize("at", ["", "here", "91,10", "33.75", "1e9,1e9", "33.75,-84.39\x00"])
def test_a_location_we_cannot_read_gets_a_clear_400(client, at):
    response = client.post(reverse("groups:list"), {"at": at})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Type a ZIP code or town" in html or "Null characters are not allowed" in html


def test_the_finder_takes_no_other_methods(client):
    assert client.put(reverse("groups:list")).status_code == 405


# After a search, the results first -------------------------------------------------------------


def test_after_a_search_the_results_come_before_the_form_under_a_one_line_summary(client):
    make_nearby_group(name="Tuesday Circle", cost=Cost.FREE, languages=["en"])
    html = finder(client, near="30303", cost="free", language="en", q="calm")
    summary = re.search(r'<p class="search-summary">\s*<span>(.*?)</span>', html, re.S).group(1)
    assert html_lib.unescape(summary) == "Near Atlanta, GA · 25 miles · 2 filters · “calm”"
    assert re.search(r'<a href="#finder">Change', html)
    assert html.index('id="results-heading"') < html.index('<form class="finder" id="finder"')


def test_before_a_search_the_form_comes_first_and_there_is_no_summary(client):
    html = finder(client)
    assert "search-summary" not in html
    assert html.index('<form class="finder" id="finder"') < html.index('id="results-heading"')


def test_today_and_the_next_few_hours_find_what_is_on_now_and_count_it(client):
    zone, local = factories.zone_in_its_day()
    minutes = datetime.timedelta(minutes=1)

    def meeting_at(start: datetime.datetime, length: int = 60) -> dict:
        return {
            "timezone": zone,
            "weekday": start.weekday(),
            "start_time": start.time(),
            "end_time": (start + length * minutes).time(),
            "valid_from": local.date() - datetime.timedelta(days=21),
        }

    make_nearby_group(name="On Now Circle", meeting=meeting_at(local - 20 * minutes))
    make_nearby_group(name="Over Circle", meeting=meeting_at(local - 90 * minutes))
    make_nearby_group(
        name="Next Week Circle",
        meeting=meeting_at(local + datetime.timedelta(days=1)) | {"valid_from": local.date()},
    )
    html = finder(client, near="30303", soon="hours")
    assert main_names(html) == ["On Now Circle"]
    assert "In progress until" in html
    assert sorted(main_names(finder(client, near="30303", soon="yes"))) == [
        "Next Week Circle",
        "On Now Circle",
        "Over Circle",
    ]
    counts = {
        option.value: option.count
        for facet in search(near="30303").facets
        if facet.param == "soon"
        for option in facet.options
    }
    assert counts == {"hours": 1, "today": 1, "yes": 3}


def test_the_finder_lists_support_groups_alone_until_it_offers_the_other_kinds(client):
    make_online_group(name="Evening Line", format=Format.PHONE, kind="warmline")
    make_nearby_group(name="Corner Centre", kind="drop_in_centre")
    make_online_group(name="Phone Circle", format=Format.PHONE)
    make_nearby_group(name="Nearby Circle")
    html = finder(client, near="30303")
    assert main_names(html) == ["Nearby Circle"]
    assert online_names(html) == ["Phone Circle"]
    assert result_names(search(format=["phone", "in_person"])) == ["Nearby Circle", "Phone Circle"]
