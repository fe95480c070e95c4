"""The groups app's database rules: what no save, from any code path, can store.

Confidential places never hold a venue point (docs/safety.md, rule 6), and schedules are
always ones the pages can read.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from groups.models import (
    AddressVisibility,
    Closure,
    Cost,
    Frequency,
    ListingKind,
    OpeningHours,
)
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


# Kinds of listing and opening hours ----------------------------------------------------------


def test_a_listing_is_a_support_group_unless_it_says_otherwise(make_group):
    assert make_group().kind == ListingKind.SUPPORT_GROUP
    assert make_group(kind=ListingKind.WARMLINE).kind == "warmline"


def test_hours_close_after_they_open_unless_they_close_the_next_day(make_group, make_hours):
    listing = make_group(kind=ListingKind.WARMLINE, timezone="America/Chicago")
    for closes in (datetime.time(9), datetime.time(8), datetime.time(0)):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_hours(listing, opens=datetime.time(9), closes=closes)
    overnight = make_hours(
        listing, opens=datetime.time(17), closes=datetime.time(2), closes_next_day=True
    )
    assert overnight.time_text == "5:00 pm to 2:00 am"


def test_hours_that_close_the_next_day_last_a_day_at_most(make_group, make_hours):
    listing = make_group(kind=ListingKind.WARMLINE, timezone="America/Chicago")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_hours(listing, opens=datetime.time(9), closes=datetime.time(17), closes_next_day=True)
    all_day = make_hours(
        listing, opens=datetime.time(0), closes=datetime.time(0), closes_next_day=True
    )
    assert all_day.time_text == "24 hours"


def test_hours_fall_on_a_day_of_the_week(make_group, make_hours):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_hours(make_group(timezone="America/Chicago"), weekday=7)


def test_a_date_is_closed_once(make_group, make_closure):
    listing = make_group(timezone="America/Chicago")
    make_closure(listing, datetime.date(2026, 12, 25), note="Christmas Day")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_closure(listing, datetime.date(2026, 12, 25))


def test_the_broken_rules_of_hours_read_as_sentences(make_group):
    listing = make_group(timezone="America/Chicago")
    hours = OpeningHours(
        listing=listing, weekday=0, opens=datetime.time(17), closes=datetime.time(2)
    )
    with pytest.raises(ValidationError) as error:
        hours.full_clean()
    assert error.value.messages == [
        "Hours must close after they open. If they close at or after midnight, tick “Closes "
        "the next day”."
    ]
    Closure.objects.create(listing=listing, date=datetime.date(2026, 12, 25))
    with pytest.raises(ValidationError) as error:
        Closure(listing=listing, date=datetime.date(2026, 12, 25)).full_clean()
    assert error.value.messages == ["This date is already marked as closed."]


def test_a_listing_with_hours_keeps_its_timezone(make_group, make_hours):
    listing = make_group(kind=ListingKind.WARMLINE, timezone="America/Chicago")
    listing.full_clean()
    make_hours(listing)
    listing.timezone = ""
    with pytest.raises(ValidationError) as error:
        listing.full_clean()
    assert error.value.message_dict["timezone"] == [
        "A listing with opening hours needs the timezone they are in."
    ]
    listing.timezone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError) as error:
        listing.full_clean()
    assert "not a timezone name" in error.value.message_dict["timezone"][0]
