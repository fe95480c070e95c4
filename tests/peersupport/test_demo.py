"""The gazetteer loader and the demo content loader.

Loading the gazetteer (~42k ZIP codes) and the demo content takes several seconds, so it happens
once for this module, inside a transaction that is rolled back at the end; each test runs in a
savepoint inside it. The xdist group keeps every test here on one worker, so the load runs once.
"""

import datetime
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from groups import gazetteer
from groups.models import (
    AddressVisibility,
    Audience,
    Category,
    Closure,
    Cost,
    Facilitation,
    Format,
    Joining,
    ListingKind,
    MeetingPlace,
    Place,
    SupportGroup,
)
from lists.models import SavedItem, SavedList
from peersupport.demo import kinds as demo_kinds
from peersupport.demo import load
from resources.models import Collection, Resource
from search.choices import EditorialStatus, Language

pytestmark = pytest.mark.xdist_group("demo")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the gazetteer and the demo content once; roll both back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        places = gazetteer.load_places()
        counts = load.load_demo()
        yield {"places": places, "counts": counts}
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def counts() -> dict[str, int]:
    return {
        "groups": SupportGroup.objects.count(),
        "places": MeetingPlace.objects.count(),
        "resources": Resource.objects.count(),
        "collections": Collection.objects.count(),
        "gazetteer": Place.objects.count(),
    }


# The gazetteer -------------------------------------------------------------------------------


def row(zip_code: str, city: str, state: str, lat: float, lon: float, **extra) -> dict:
    return {
        "zip_code": zip_code,
        "zip_code_type": "STANDARD",
        "city": city,
        "state": state,
        "county": "Fulton County",
        "lat": str(lat),
        "long": str(lon),
        "timezone": "America/New_York",
        "country": "US",
    } | extra


def test_a_town_sits_at_the_mean_of_its_ordinary_zip_codes():
    rows = [
        row("30303", "Atlanta", "GA", 33.0, -84.0),
        row("30305", "Atlanta", "GA", 34.0, -85.0),
        row("30301", "Atlanta", "GA", 40.0, -90.0, zip_code_type="PO BOX"),
    ]
    (town,) = gazetteer.town_places(rows)
    assert (town.kind, town.city, town.state, town.postal_code) == ("town", "Atlanta", "GA", "")
    assert town.latitude == pytest.approx(33.5)
    assert town.longitude == pytest.approx(-84.5)


def test_a_town_with_only_po_boxes_sits_at_the_mean_of_those():
    rows = [
        row("99001", "Boxville", "WA", 47.0, -117.0, zip_code_type="PO BOX"),
        row("99002", "Boxville", "WA", 48.0, -118.0, zip_code_type="UNIQUE"),
    ]
    (town,) = gazetteer.town_places(rows)
    assert town.latitude == pytest.approx(47.5)
    assert town.longitude == pytest.approx(-117.5)


def test_a_town_takes_the_most_common_timezone_and_county():
    rows = [
        row("1", "Border", "TN", 36.0, -85.0, timezone="America/Chicago", county="East"),
        row("2", "Border", "TN", 36.0, -85.0, timezone="America/New_York", county="West"),
        row("3", "Border", "TN", 36.0, -85.0, timezone="America/Chicago", county="West"),
    ]
    (town,) = gazetteer.town_places(rows)
    assert town.timezone == "America/Chicago"
    assert town.county == "West"


def test_towns_with_the_same_name_in_different_states_stay_apart():
    rows = [
        row("62701", "Springfield", "IL", 39.8, -89.6, timezone="America/Chicago"),
        row("01103", "Springfield", "MA", 42.1, -72.6),
    ]
    towns = {(town.state, town.city): town for town in gazetteer.town_places(rows)}
    assert set(towns) == {("IL", "Springfield"), ("MA", "Springfield")}
    assert towns[("IL", "Springfield")].timezone == "America/Chicago"


def test_the_expected_count_is_every_zip_code_plus_every_town():
    rows = [
        row("30303", "Atlanta", "GA", 33.0, -84.0),
        row("30305", "Atlanta", "GA", 34.0, -85.0),
        row("30030", "Decatur", "GA", 33.8, -84.3),
        row("62521", "Decatur", "IL", 39.8, -88.9),
    ]
    assert gazetteer.expected_count(rows) == 4 + 3


def test_loading_the_gazetteer_fills_zip_codes_and_towns(demo):
    written, count = demo["places"]
    assert written is True
    assert Place.objects.count() == count
    assert count == gazetteer.expected_count(gazetteer.usable_zip_rows())
    atlanta_zip = Place.objects.get(kind=Place.Kind.ZIP, postal_code="30303")
    assert (atlanta_zip.city, atlanta_zip.state) == ("Atlanta", "GA")
    assert atlanta_zip.timezone == "America/New_York"
    atlanta = Place.objects.get(kind=Place.Kind.TOWN, city="Atlanta", state="GA")
    assert atlanta.timezone == "America/New_York"
    assert atlanta.latitude == pytest.approx(33.75, abs=0.2)
    assert atlanta.longitude == pytest.approx(-84.39, abs=0.2)


def test_loading_the_gazetteer_again_changes_nothing(demo):
    _, count = demo["places"]
    assert gazetteer.load_places() == (False, count)
    assert Place.objects.count() == count


# The demo content ----------------------------------------------------------------------------


def test_the_demo_has_at_least_250_published_example_groups(demo):
    groups = SupportGroup.objects.filter(is_demo=True)
    assert groups.count() >= 250
    assert demo["counts"]["groups"] == groups.count()
    assert not groups.exclude(status=EditorialStatus.PUBLISHED).exists()


def test_demo_groups_are_spread_over_at_least_25_areas(demo):
    places = MeetingPlace.objects.filter(is_demo=True)
    towns = set(places.values_list("state", "city"))
    states = set(places.values_list("state", flat=True))
    # Round each area point to a one-degree grid: a cell is roughly one metro area.
    cells = {
        (round(lat), round(lon))
        for lat, lon in places.values_list("area_latitude", "area_longitude")
    }
    assert len(towns) >= 25
    assert len(states) >= 20
    assert len(cells) >= 25


def test_demo_places_point_at_their_gazetteer_area(demo):
    places = MeetingPlace.objects.filter(is_demo=True)
    assert not places.filter(area=None).exists()


def test_the_demo_has_online_and_phone_groups(demo):
    remote = SupportGroup.objects.filter(is_demo=True, format__in=[Format.ONLINE, Format.PHONE])
    assert remote.count() >= 10
    assert not remote.filter(meetings__place__isnull=False).exists()


def test_the_demo_covers_every_choice_a_visitor_can_filter_by(demo):
    groups = SupportGroup.objects.filter(is_demo=True)

    def used(field: str) -> set[str]:
        return set(groups.values_list(field, flat=True))

    assert used("format") == set(Format.values)
    assert used("facilitation") == set(Facilitation.values)
    assert used("cost") == set(Cost.values)
    assert used("joining") == set(Joining.values)
    assert {a for values in groups.values_list("audiences", flat=True) for a in values} == set(
        Audience.values
    )
    assert {code for values in groups.values_list("languages", flat=True) for code in values} == (
        set(Language.values)
    )
    assert used("categories__slug") == set(Category.objects.values_list("slug", flat=True))
    visibilities = set(
        MeetingPlace.objects.filter(is_demo=True).values_list("address_visibility", flat=True)
    )
    assert visibilities == set(AddressVisibility.values)


def test_demo_groups_respect_the_separated_category(demo):
    separated = SupportGroup.objects.filter(is_demo=True, categories__is_separated=True)
    assert separated.exists()
    assert (
        not SupportGroup.objects.filter(pk__in=separated)
        .filter(categories__is_separated=False)
        .exists()
    )


def test_demo_places_keep_venue_points_only_when_public(demo):
    places = MeetingPlace.objects.filter(is_demo=True)
    assert (
        not places.exclude(address_visibility=AddressVisibility.PUBLIC)
        .filter(venue_latitude__isnull=False)
        .exists()
    )
    assert not places.filter(
        address_visibility=AddressVisibility.PUBLIC, venue_latitude=None
    ).exists()


def test_the_demo_library_has_at_least_120_published_resources(demo):
    resources = Resource.objects.filter(is_demo=True, status=EditorialStatus.PUBLISHED)
    assert resources.count() >= 120
    assert demo["counts"]["resources"] == resources.count()
    assert all(url.startswith("https://") for url in resources.values_list("url", flat=True))
    assert all(summary.strip() for summary in resources.values_list("summary", flat=True))


def test_demo_resource_urls_are_not_repeated(demo):
    urls = Counter(Resource.objects.filter(is_demo=True).values_list("url", flat=True))
    assert [url for url, seen in urls.items() if seen > 1] == []


def test_the_demo_library_has_at_least_6_collections_with_published_items(demo):
    collections = Collection.objects.filter(is_demo=True, status=EditorialStatus.PUBLISHED)
    assert collections.count() >= 6
    for collection in collections:
        resources = Resource.objects.filter(collection_items__section__collection=collection)
        assert resources.exists(), collection.slug
        assert not resources.exclude(status=EditorialStatus.PUBLISHED).exists()


def test_loading_the_demo_again_changes_nothing(demo):
    before = counts()
    assert load.load_demo() == {}
    assert counts() == before


def test_a_reload_keeps_saved_items_and_the_rows_they_point_at(demo, alice):
    group = SupportGroup.objects.filter(is_demo=True).order_by("slug").first()
    resource = Resource.objects.filter(is_demo=True).order_by("slug").first()
    saved = SavedList.objects.create(owner=alice, name="For my clients")
    SavedItem.objects.create(saved_list=saved, group=group, note="Tuesday evenings", position=1)
    SavedItem.objects.create(saved_list=saved, resource=resource, note="Read first", position=2)
    before = dict(SupportGroup.objects.filter(is_demo=True).values_list("slug", "pk"))
    # Take one resource out so the loader sees the content is incomplete and runs again.
    Resource.objects.filter(is_demo=True).order_by("slug").last().delete()

    assert load.load_demo(today=datetime.date.today()) != {}

    items = list(saved.items.values_list("group_id", "resource_id", "note"))
    assert items == [(group.pk, None, "Tuesday evenings"), (None, resource.pk, "Read first")]
    after = dict(SupportGroup.objects.filter(is_demo=True).values_list("slug", "pk"))
    assert after == before


# The management command ----------------------------------------------------------------------


@pytest.fixture
def fake_load(monkeypatch):
    calls = []

    def fake(**kwargs):
        calls.append(kwargs)
        return {"groups": 3}

    monkeypatch.setattr("peersupport.management.commands.load_demo.load_demo", fake)
    return calls


def test_the_command_refuses_to_load_demo_content_in_production(settings, fake_load):
    settings.LOAD_DEMO_CONTENT = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo")
    assert fake_load == []


def test_the_command_loads_in_production_when_told_to(settings, fake_load, capsys):
    settings.LOAD_DEMO_CONTENT = False
    call_command("load_demo", "--allow-production")
    assert len(fake_load) == 1
    assert "3 groups" in capsys.readouterr().out


def test_the_command_loads_when_demo_content_is_switched_on(settings, fake_load):
    settings.LOAD_DEMO_CONTENT = True
    call_command("load_demo")
    assert len(fake_load) == 1


def test_the_demo_has_warmlines_drop_in_centres_and_respites_with_hours(demo):
    listings = SupportGroup.objects.filter(is_demo=True).exclude(kind=ListingKind.SUPPORT_GROUP)
    assert set(listings.values_list("kind", flat=True)) == {
        ListingKind.WARMLINE,
        ListingKind.DROP_IN_CENTRE,
        ListingKind.PEER_RESPITE,
    }
    assert listings.count() == demo_kinds.LISTING_COUNT
    assert not listings.filter(opening_hours=None).exists()
    assert not listings.exclude(kind=ListingKind.WARMLINE).filter(place=None).exists()
    assert not listings.filter(meetings__isnull=False).exists()
    assert Closure.objects.filter(listing__in=listings).exists()


def test_confidential_demo_listing_places_keep_no_venue_point(demo):
    places = MeetingPlace.objects.filter(listings__is_demo=True).exclude(
        address_visibility=AddressVisibility.PUBLIC
    )
    assert places.exists()
    assert not places.filter(venue_latitude__isnull=False).exists()
