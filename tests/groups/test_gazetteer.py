"""Building the gazetteer from the shipped ZIP data: town names as people write them, one town
per name, and each town's size. These read the data in memory; nothing is loaded."""

import pytest

from groups.gazetteer import is_current, town_name, town_places, usable_zip_rows
from groups.models import Place
from tests.factories import make_gazetteer_place


@pytest.fixture(scope="module")
def towns() -> dict[tuple[str, str], Place]:
    return {(town.state, town.city): town for town in town_places(usable_zip_rows())}


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("Coeur D Alene", "Coeur d'Alene"),
        ("O Fallon", "O'Fallon"),
        ("Mcallen", "McAllen"),
        ("Winston-salem", "Winston-Salem"),
        ("Atlanta", "Atlanta"),
        ("Round O", "Round O"),
    ],
)
def test_town_names_are_written_as_people_know_them(raw, written):
    assert town_name(raw) == written


def test_the_shipped_data_gives_the_names_people_know(towns):
    assert ("ID", "Coeur d'Alene") in towns
    assert ("MO", "O'Fallon") in towns
    assert ("TX", "McAllen") in towns
    assert ("ID", "Coeur D Alene") not in towns


def test_two_spellings_of_one_town_make_one_town(towns):
    winston = [town for (state, _), town in towns.items() if town.search_key == "winston salem"]
    assert [(town.state, town.city) for town in winston] == [("NC", "Winston-Salem")]


def test_every_town_knows_how_many_zip_codes_it_has(towns):
    assert all(town.zip_count >= 1 for town in towns.values())
    assert towns[("TX", "Houston")].zip_count > 100
    assert towns[("AK", "Houston")].zip_count < 5


@pytest.mark.parametrize(
    ("name", "biggest"),
    [("Houston", {"TX"}), ("Portland", {"OR", "ME"}), ("Springfield", {"IL", "MA", "MO"})],
)
def test_the_big_cities_are_among_the_first_choices_for_their_name(towns, name, biggest):
    same_name = sorted(
        (town for (_, city), town in towns.items() if city == name),
        key=lambda town: -town.zip_count,
    )
    assert biggest <= {town.state for town in same_name[: len(biggest) + 1]}


def test_a_gazetteer_without_town_sizes_is_not_current(db):
    make_gazetteer_place()
    make_gazetteer_place(kind=Place.Kind.TOWN, zip_count=3)
    assert is_current(2)
    make_gazetteer_place(kind=Place.Kind.TOWN, city="Decatur", zip_count=0)
    assert not is_current(3)
    assert not is_current(2)
