"""Where listings are found by distance (groups.models.ListingPlace): a group where it meets, a
drop-in centre or respite where it is, kept in step with every change, and measured as the
finder measures (confidential places by their area point)."""

import pytest

from groups.models import AddressVisibility, ListingKind, ListingPlace, SupportGroup
from groups.services import refresh_meeting_summaries
from tests import factories

pytestmark = pytest.mark.django_db

ATLANTA = (33.7525, -84.3888)


def places_of(listing) -> set[int]:
    return set(ListingPlace.objects.filter(listing=listing).values_list("place_id", flat=True))


def near_atlanta(miles: int = 25) -> dict[str, float]:
    centre = factories.make_gazetteer_place()
    found = SupportGroup.objects.near(centre, miles=miles).values_list("name", "meters_away")
    return dict(found)


def test_a_group_is_found_where_it_meets_and_follows_its_meetings():
    group = factories.make_group()
    first, second = factories.make_place(), factories.make_place()
    meeting = factories.make_meeting(group, place=first)
    factories.make_meeting(group, place=first)  # the same place twice is one row
    assert places_of(group) == {first.pk}
    meeting.place = second
    meeting.save()
    assert places_of(group) == {first.pk, second.pk}
    meeting.delete()
    assert places_of(group) == {first.pk}


def test_a_centre_is_found_where_it_is_and_follows_a_move():
    here, there = factories.make_place(), factories.make_place()
    centre = factories.make_group(kind=ListingKind.DROP_IN_CENTRE, place=here)
    assert places_of(centre) == {here.pk}
    centre.place = there
    centre.save()
    assert places_of(centre) == {there.pk}
    centre.place = None
    centre.save()
    assert places_of(centre) == set()


def test_near_measures_a_confidential_centre_from_its_area_and_leaves_far_ones_out():
    near_place = factories.make_place(
        address_visibility=AddressVisibility.AREA_ONLY,
        area_latitude=ATLANTA[0] + 0.05,  # about 3.5 miles north
        area_longitude=ATLANTA[1],
    )
    far_place = factories.make_place(area_latitude=ATLANTA[0] + 1.0, area_longitude=ATLANTA[1])
    factories.make_group(name="Near Centre", kind=ListingKind.DROP_IN_CENTRE, place=near_place)
    factories.make_group(name="Far Respite", kind=ListingKind.PEER_RESPITE, place=far_place)
    found = near_atlanta()
    assert set(found) == {"Near Centre"}
    assert 5000 < found["Near Centre"] < 6000  # from its area point


def test_a_bulk_refresh_writes_every_listing_again():
    group = factories.make_group()
    factories.make_meeting(group, place=factories.make_place())
    ListingPlace.objects.all().delete()
    refresh_meeting_summaries()
    assert len(places_of(group)) == 1
