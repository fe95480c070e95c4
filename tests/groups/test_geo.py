"""Understanding what people type as a place, finding it in the gazetteer, and coarse distances.

Everything here stays inside our own database (docs/safety.md, rule 5). The gazetteer is a
handful of hand-made rows, not the full load, so these tests stay fast.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.filters import keyword_query
from groups.geo import (
    METERS_PER_MILE,
    PlaceQuery,
    distance_band,
    edit_distance,
    find_place,
    nearest_place,
    normalize_town,
    parse_place,
)
from groups.models import Place, SupportGroup
from tests.factories import make_gazetteer_place, make_group, make_meeting, make_place

# Reading what people type ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30303", PlaceQuery(zip_code="30303")),
        ("30303-1234", PlaceQuery(zip_code="30303")),
        ("303031234", PlaceQuery(zip_code="30303")),
        (" 30303 ", PlaceQuery(zip_code="30303")),
        ("atlanta ga", PlaceQuery(town="atlanta", state="GA")),
        ("ATLANTA, GA", PlaceQuery(town="atlanta", state="GA")),
        ("Atlanta, Georgia", PlaceQuery(town="atlanta", state="GA")),
        ("Atlanta Georgia", PlaceQuery(town="atlanta", state="GA")),
        ("St. Paul, MN", PlaceQuery(town="saint paul", state="MN")),
        ("saint paul mn", PlaceQuery(town="saint paul", state="MN")),
        ("St Paul", PlaceQuery(town="saint paul")),
        ("New York NY", PlaceQuery(town="new york", state="NY")),
        ("new york", PlaceQuery(town="new york", state="NY", state_alone=True)),
        ("Georgia", PlaceQuery(town="georgia", state="GA", state_alone=True)),
        ("GA", PlaceQuery(town="ga", state="GA", state_alone=True)),
        ("Atlanta, GA 30303", PlaceQuery(zip_code="30303", town="atlanta", state="GA")),
        ("30303 Atlanta", PlaceQuery(zip_code="30303", town="atlanta")),
        ("Atlanta GA 30303-1234", PlaceQuery(zip_code="30303", town="atlanta", state="GA")),
        ("new york new york", PlaceQuery(town="new york", state="NY")),
        ("Washington DC", PlaceQuery(town="washington", state="DC")),
        ("Washington, D.C.", PlaceQuery(town="washington", state="DC")),
        ("Winston-Salem NC", PlaceQuery(town="winston salem", state="NC")),
        ("Coeur d'Alene, ID", PlaceQuery(town="coeur d alene", state="ID")),
        ("Kansas City, Missouri", PlaceQuery(town="kansas city", state="MO")),
        ("Atlánta GA", PlaceQuery(town="atlanta", state="GA")),
        ("33.749,-84.388", PlaceQuery(latitude=33.75, longitude=-84.39)),
        ("33.749, -84.388", PlaceQuery(latitude=33.75, longitude=-84.39)),
    ],
)
def test_parse_place_understands_zips_towns_and_points(text, expected):
    assert parse_place(text) == expected


@pytest.mark.parametrize("text", ["91,10", "45,181", "", "   ", "!!!", "..., --"])
def test_parse_place_gives_nothing_for_text_that_is_not_a_place(text):
    assert parse_place(text) is None


def test_parse_place_rounds_a_point_to_about_a_kilometre():
    query = parse_place("33.749321,-84.387982")
    assert (query.latitude, query.longitude) == (33.75, -84.39)


def test_parse_place_survives_a_very_long_text():
    query = parse_place("Atlanta " * 62 + "GA!!")  # 500 characters
    assert query is not None
    assert len(query.town) <= 100


def test_parse_place_does_not_invent_a_state_it_does_not_know():
    query = parse_place("Atlanta, Nowhere")
    assert query.state == ""
    assert query.town.startswith("atlanta")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("St. Paul", "saint paul"),
        ("St Paul", "saint paul"),
        ("Saint Paul", "saint paul"),
        ("Ste. Genevieve", "sainte genevieve"),
        ("Ft. Worth", "fort worth"),
        ("Ft Lauderdale", "fort lauderdale"),
        ("Mt. Vernon", "mount vernon"),
        ("Pt. Pleasant", "point pleasant"),
        ("Atlánta", "atlanta"),
        ("Cañon City", "canon city"),
        ("Coeur d'Alene", "coeur d alene"),
        ("Winston-Salem", "winston salem"),
        ("  NEW   YORK  ", "new york"),
        ("Washington, D.C.", "washington d c"),
        ("!!!", ""),
        ("", ""),
    ],
)
def test_normalize_town_folds_abbreviations_accents_and_punctuation(text, expected):
    assert normalize_town(text) == expected


def test_normalize_town_expands_only_the_first_word():
    # "Mount St. Helens" keeps its second "St": only leading abbreviations are expanded.
    assert normalize_town("Mt. St. Helens") == "mount st helens"


# Finding places in the gazetteer ---------------------------------------------------------------


@pytest.fixture
def gazetteer(db):
    """A small gazetteer with realistic centres and timezones."""
    zip_ = make_gazetteer_place
    places = {
        "30303": zip_(),
        "30307": zip_(postal_code="30307", latitude=33.7712, longitude=-84.3513),
        "62701": zip_(
            postal_code="62701",
            city="Springfield",
            state="IL",
            county="Sangamon",
            latitude=39.8017,
            longitude=-89.6436,
            timezone="America/Chicago",
        ),
        "01103": zip_(
            postal_code="01103",
            city="Springfield",
            state="MA",
            county="Hampden",
            latitude=42.1029,
            longitude=-72.5887,
        ),
        "55102": zip_(
            postal_code="55102",
            city="Saint Paul",
            state="MN",
            county="Ramsey",
            latitude=44.9325,
            longitude=-93.1208,
            timezone="America/Chicago",
        ),
    }
    town = {"kind": Place.Kind.TOWN}
    for key, values in {
        "atlanta": {"city": "Atlanta", "state": "GA", "latitude": 33.7490, "longitude": -84.3880},
        "decatur": {"city": "Decatur", "state": "GA", "latitude": 33.7748, "longitude": -84.2963},
        "springfield-il": {
            "city": "Springfield",
            "state": "IL",
            "latitude": 39.7990,
            "longitude": -89.6440,
            "timezone": "America/Chicago",
        },
        "springfield-ma": {
            "city": "Springfield",
            "state": "MA",
            "latitude": 42.1015,
            "longitude": -72.5898,
            "zip_count": 12,
        },
        "saint-paul": {
            "city": "St. Paul",
            "state": "MN",
            "latitude": 44.9537,
            "longitude": -93.0900,
            "timezone": "America/Chicago",
        },
        "new-york": {
            "city": "New York",
            "state": "NY",
            "latitude": 40.7128,
            "longitude": -74.006,
            "zip_count": 165,
        },
        "indiana-pa": {"city": "Indiana", "state": "PA", "latitude": 40.62, "longitude": -79.15},
        "san-francisco": {
            "city": "San Francisco",
            "state": "CA",
            "latitude": 37.77,
            "longitude": -122.42,
            "timezone": "America/Los_Angeles",
            "zip_count": 60,
        },
        "francisco-in": {
            "city": "Francisco",
            "state": "IN",
            "latitude": 38.33,
            "longitude": -87.45,
            "timezone": "America/Chicago",
        },
        "washington": {
            "city": "Washington",
            "state": "DC",
            "latitude": 38.9072,
            "longitude": -77.0369,
        },
        "winston-salem": {
            "city": "Winston-Salem",
            "state": "NC",
            "latitude": 36.0999,
            "longitude": -80.2442,
        },
        "coeur-d-alene": {
            "city": "Coeur d'Alene",
            "state": "ID",
            "latitude": 47.6777,
            "longitude": -116.7805,
            "timezone": "America/Los_Angeles",
        },
    }.items():
        places[key] = zip_(**town, **{"zip_count": 1, **values})
    return places


def test_a_known_zip_is_found(gazetteer):
    match = find_place("30303")
    assert match.found
    assert match.place == gazetteer["30303"]


def test_a_zip_plus_four_finds_its_zip(gazetteer):
    assert find_place("30303-1234").place == gazetteer["30303"]


def test_an_unknown_zip_is_not_found_and_offers_no_choices(gazetteer):
    match = find_place("99999")
    assert not match.found
    assert not match.ambiguous
    assert match.choices == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Atlanta GA", "atlanta"),
        ("atlanta", "atlanta"),
        ("ATLANTA, GA", "atlanta"),
        ("Atlanta, Georgia", "atlanta"),
        ("Atlánta GA", "atlanta"),
        ("Decatur, GA", "decatur"),
        ("Springfield, IL", "springfield-il"),
        ("springfield illinois", "springfield-il"),
        ("Springfield MA", "springfield-ma"),
        ("New York NY", "new-york"),
        ("new york", "new-york"),
        ("Washington DC", "washington"),
        ("Winston-Salem NC", "winston-salem"),
        ("winston salem", "winston-salem"),
        ("Coeur d'Alene, ID", "coeur-d-alene"),
        ("Atlnta GA", "atlanta"),
        ("Spingfield, IL", "springfield-il"),
    ],
)
def test_a_town_is_found_by_name(gazetteer, text, key):
    match = find_place(text)
    assert match.place == gazetteer[key]


def test_towns_are_preferred_over_zips_with_the_same_name(gazetteer):
    assert find_place("Atlanta GA").place.kind == Place.Kind.TOWN


def test_a_town_in_several_states_offers_each_as_a_choice(gazetteer):
    match = find_place("Springfield")
    assert not match.found
    assert match.ambiguous
    assert set(match.choices) == {gazetteer["springfield-il"], gazetteer["springfield-ma"]}


def test_an_equally_close_typo_offers_each_town_as_a_choice(gazetteer):
    match = find_place("Springfeld")
    assert match.ambiguous
    assert set(match.choices) == {gazetteer["springfield-il"], gazetteer["springfield-ma"]}


def test_choices_come_biggest_town_first(gazetteer):
    # Springfield, MA has more ZIP codes than Springfield, IL, though IL comes first A-Z.
    assert find_place("Springfield").choices == [
        gazetteer["springfield-ma"],
        gazetteer["springfield-il"],
    ]


def test_a_typo_is_the_town_with_the_fewest_letters_changed(gazetteer):
    # 'Francisco' shares more trigrams with 'Sn Francisco', but one letter makes San Francisco.
    assert find_place("Sn Francisco").place == gazetteer["san-francisco"]
    assert find_place("San Fransisco").place == gazetteer["san-francisco"]


def test_a_zip_beside_a_town_wins(gazetteer):
    assert find_place("Atlanta, GA 30303").place == gazetteer["30303"]
    assert find_place("30307 Atlanta GA").place == gazetteer["30307"]


def test_an_unknown_zip_beside_a_town_falls_back_to_the_town(gazetteer):
    assert find_place("Atlanta, GA 99999").place == gazetteer["atlanta"]


@pytest.mark.parametrize("text", ["Georgia", "georgia", "GA", "Minnesota"])
def test_a_state_alone_is_the_state_not_a_town_like_it(gazetteer, text):
    match = find_place(text)
    assert match.state in ("GA", "MN")
    assert not match.found
    assert not match.ambiguous


def test_a_state_alone_offers_a_small_town_of_the_same_name(gazetteer):
    match = find_place("Indiana")
    assert match.state == "IN"
    assert match.state_name == "Indiana"
    assert match.choices == [gazetteer["indiana-pa"]]


def test_a_big_city_named_like_its_state_is_the_city_with_the_state_beside_it(gazetteer):
    match = find_place("New York")
    assert match.place == gazetteer["new-york"]
    assert match.also_state == "NY"
    assert match.state_name == "New York"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("", "", 0), ("abc", "", 3), ("sn francisco", "san francisco", 1), ("kitten", "sitting", 3)],
)
def test_edit_distance_counts_letters_changed(a, b, distance):
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_a_state_limits_the_towns_searched(gazetteer):
    assert not find_place("Springfield, MN").found
    assert not find_place("Springfield, MN").ambiguous


@pytest.mark.parametrize("text", ["Saint Paul", "St. Paul, MN", "st paul minnesota", "ST PAUL"])
def test_saint_and_st_find_the_same_town(gazetteer, text):
    assert find_place(text).place == gazetteer["saint-paul"]


@pytest.mark.parametrize("text", ["zzzzqqq", "!!!", "", "   ", "91,10"])
def test_nonsense_is_not_found_and_offers_no_choices(gazetteer, text):
    match = find_place(text)
    assert not match.found
    assert match.choices == []


def test_a_very_long_text_is_not_found_without_crashing(gazetteer):
    match = find_place("x" * 500)
    assert not match.found


def test_a_town_with_an_unknown_state_does_not_crash(gazetteer):
    match = find_place("Atlanta, Nowhere")
    assert match.place in (None, gazetteer["atlanta"])


@pytest.mark.parametrize(
    ("text", "key"),
    [("33.749,-84.388", "30303"), ("33.77,-84.35", "30307"), ("44.95,-93.1", "55102")],
)
def test_a_point_finds_the_nearest_zip(gazetteer, text, key):
    match = find_place(text)
    assert match.place == gazetteer[key]
    assert match.place.kind == Place.Kind.ZIP


def test_nearest_place_is_a_zip_even_when_a_town_centre_is_closer(gazetteer):
    # The Atlanta town centre (33.7490, -84.3880) is closer than the 30303 ZIP centre.
    assert nearest_place(33.749, -84.388) == gazetteer["30303"]


# Distance bands --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("miles", "band"),
    [
        (0, "Under 1 mile"),
        (0.5, "Under 1 mile"),
        (1, "Under 1 mile"),
        (4.9, "Within 5 miles"),
        (5, "Within 5 miles"),
        (7, "5–10 miles"),
        (10, "5–10 miles"),
        (24, "10–25 miles"),
        (30, "25–50 miles"),
        (75, "50–100 miles"),
        (150, "Over 100 miles"),
    ],
)
def test_distance_band_gives_coarse_labels(miles, band):
    assert distance_band(miles * METERS_PER_MILE) == band


@pytest.mark.parametrize("miles", [0.37, 1.01, 3.14159, 12.3, 24.99, 87.6, 2500.5])
def test_distance_band_never_gives_an_exact_distance(miles):
    label = distance_band(miles * METERS_PER_MILE)
    assert not re.search(r"\d\.\d", label)
    assert str(miles) not in label


# The plans use the indexes the models declare --------------------------------------------------


# Several thousand filler places whose names share no trigram with the towns the tests look for.
FILL_GAZETTEER = """
INSERT INTO groups_place
    (kind, postal_code, city, search_key, state, county, country, latitude, longitude, timezone)
SELECT
    CASE WHEN i %% 2 = 0 THEN 'zip' ELSE 'town' END,
    CASE WHEN i %% 2 = 0 THEN (100000 + i)::text ELSE '' END,
    'Filler ' || i,
    translate(md5(i::text), '0123456789', 'ghijkmopqr'),
    'TX', '', 'US',
    25 + (i %% 40) * 0.5,
    -120 + (i / 40) * 0.5,
    'America/Chicago'
FROM generate_series(1, %s) AS i
"""


@pytest.fixture
def filled_gazetteer(gazetteer):
    """A gazetteer-shaped table with fresh statistics.

    With a dozen rows every index scan costs about the same, and the planner walks a partial
    unique index (all towns, or all ZIPs) instead of the index the query was written for.
    """
    with connection.cursor() as cursor:
        cursor.execute(FILL_GAZETTEER, [4000])
        cursor.execute("SELECT gin_clean_pending_list('place_search_key_trgm'::regclass)")
        cursor.execute("ANALYZE groups_place")
    return gazetteer


def test_the_nearby_prefilter_uses_the_meeting_place_index(index_scans_only, gazetteer):
    group = make_group()
    make_meeting(group, place=make_place())
    plan = SupportGroup.objects.near(gazetteer["30303"], miles=25).explain()
    # The box test (@>, planned as <@) is answered by the index, not checked row by row.
    assert re.search(r"Scan (using|on) meeting_place_earth_at .*\n\s+Index Cond: .*<@", plan)


def test_nearest_place_orders_through_the_place_index(index_scans_only, filled_gazetteer):
    # nearest_place keeps its queryset to itself: explain exactly the SQL it ran.
    with CaptureQueriesContext(connection) as queries:
        nearest_place(33.75, -84.39)
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(r"Index Scan using place_earth_at .*\n\s+Order By: .*<->", plan)
    assert "Sort" not in plan


def test_the_town_typo_lookup_uses_the_trigram_index(index_scans_only, filled_gazetteer):
    plan = Place.objects.filter(kind="town", search_key__trigram_similar="atlnta").explain()
    assert re.search(r"Scan on place_search_key_trgm .*\n\s+Index Cond: .*%", plan)


def test_keyword_search_uses_the_group_search_index(index_scans_only):
    make_group(name="Grief Circle")
    plan = SupportGroup.objects.filter(search_vector=keyword_query("grief")).explain()
    assert re.search(r"Scan on group_search\s+.*\n\s+Index Cond: \(search_vector @@", plan)


def test_the_online_section_reads_its_index_in_order(index_scans_only, client, gazetteer):
    make_group(name="Grief Online", format="online")
    # search_groups keeps its querysets to itself: explain exactly the SQL the page ran.
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("groups:list"), {"near": "30303", "q": "grief"})
    (online,) = [
        q["sql"]
        for q in queries.captured_queries
        if 'ORDER BY "groups_supportgroup"."last' in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {online}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using group_online_recent" in plan
    assert "Sort" not in plan


@pytest.mark.parametrize(
    ("miles", "band"), [(0, "Within 5 miles"), (0.9, "Within 5 miles"), (7, "5–10 miles")]
)
def test_a_place_that_is_not_public_gets_no_band_finer_than_an_area(miles, band):
    assert distance_band(miles * METERS_PER_MILE, exact_place=False) == band
