"""The groups app's database rules: what no save, from any code path, can store.

Confidential places never hold a venue point (docs/safety.md, rule 6), and schedules are
always ones the pages can read.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction

from groups.models import AddressVisibility, Cost, Frequency
from tests import factories

pytestmark = pytest.mark.django_db

CONFIDENTIAL = [AddressVisibility.AREA_ONLY, AddressVisibility.ON_REQUEST]


# Meeting places ------------------------------------------------------------------------------


@pytest.mark.parametrize("visibility", CONFIDENTIAL)
def test_a_confidential_place_cannot_hold_venue_coordinates(visibility):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_place(
            address_visibility=visibility, venue_latitude=33.7601, venue_longitude=-84.3902
        )


@pytest.mark.parametrize("visibility", CONFIDENTIAL)
def test_a_public_place_made_confidential_must_drop_its_venue_coordinates(visibility):
    place = factories.make_place(
        address_visibility=AddressVisibility.PUBLIC,
        venue_latitude=33.7601,
        venue_longitude=-84.3902,
    )
    place.address_visibility = visibility
    with pytest.raises(IntegrityError), transaction.atomic():
        place.save()


def test_a_public_place_needs_a_street_address(make_place):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_place(address_visibility=AddressVisibility.PUBLIC, street_address="")


def test_a_venue_point_has_both_coordinates(make_place):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_place(address_visibility=AddressVisibility.PUBLIC, venue_latitude=33.76)


@pytest.mark.parametrize("visibility", CONFIDENTIAL)
def test_the_public_point_of_a_confidential_place_is_its_area_point(make_place, visibility):
    place = make_place(address_visibility=visibility)
    place.refresh_from_db()
    assert (place.public_latitude, place.public_longitude) == (33.7525, -84.3888)


def test_the_public_point_of_a_public_place_is_its_venue(make_place):
    place = make_place(
        address_visibility=AddressVisibility.PUBLIC, venue_latitude=33.76, venue_longitude=-84.39
    )
    place.refresh_from_db()
    assert (place.public_latitude, place.public_longitude) == (33.76, -84.39)


# Groups --------------------------------------------------------------------------------------


def test_a_group_with_a_fee_says_what_it_costs(make_group):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_group(cost=Cost.FEE, cost_note="")
    assert make_group(cost=Cost.FEE, cost_note="$10 a session").cost_note


# Meetings ------------------------------------------------------------------------------------


def test_a_monthly_meeting_needs_a_week_of_the_month(make_group, make_meeting):
    group = make_group()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_meeting(group, frequency=Frequency.MONTHLY, week_of_month=None)


def test_a_weekly_meeting_has_no_week_of_the_month(make_group, make_meeting):
    group = make_group()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_meeting(group, frequency=Frequency.WEEKLY, week_of_month=2)


def test_a_meeting_ends_after_it_starts(make_group, make_meeting):
    group = make_group()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_meeting(group, start_time=datetime.time(19), end_time=datetime.time(18))


def test_a_meeting_repeats_every_one_to_four_weeks(make_group, make_meeting):
    group = make_group()
    for interval in (0, 5):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_meeting(group, interval=interval)


def test_a_schedule_cannot_end_before_it_begins(make_group, make_meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_meeting(
            make_group(), valid_from=datetime.date(2026, 3, 1), valid_to=datetime.date(2026, 2, 1)
        )


def test_a_monthly_meeting_on_the_last_weekday_is_allowed(make_group, make_meeting):
    meeting = make_meeting(make_group(), frequency=Frequency.MONTHLY, week_of_month=-1)
    assert meeting.recurrence_text == "The last Tuesday of every month"
