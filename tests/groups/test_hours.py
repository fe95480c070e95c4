"""Opening hours: whether a listing is open, in its own timezone and across DST, what a card says
about it, the week in words, and the database's twin of "open now" agreeing with Python."""

import datetime
import string
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import BooleanField

from groups.hours import OPEN_NOW_SQL, Timetable, open_at_sql, overlapping, weekly_summary
from groups.models import ListingKind, SupportGroup
from search.sql import RowSql

UTC = datetime.UTC
NY, LA, HONOLULU, PHOENIX, TOKYO = (
    "America/New_York",
    "America/Los_Angeles",
    "Pacific/Honolulu",
    "America/Phoenix",
    "Asia/Tokyo",
)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def hours(weekday: int, opens: str, closes: str, *, next_day: bool = False) -> SimpleNamespace:
    return SimpleNamespace(
        weekday=weekday,
        opens=datetime.time.fromisoformat(opens),
        closes=datetime.time.fromisoformat(closes),
        closes_next_day=next_day,
    )


def all_day(weekday: int) -> SimpleNamespace:
    return hours(weekday, "00:00", "00:00", next_day=True)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def in_zone(zone: str, *args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=ZoneInfo(zone))


def ny(*args) -> datetime.datetime:
    return in_zone(NY, *args)


# Whether a listing is open at a moment -------------------------------------------------------
#
# Each row: what it shows, the timezone, the hours, the closed dates, the moment, open or not.
# 2026: US clocks go forward on Sunday, March 8 (2 am EST becomes 3 am EDT) and back on Sunday,
# November 1 (2 am EDT becomes 1 am EST). November 23 is a Monday; December 25 a Friday.
WORKDAY = [hours(MON, "09:00", "17:00")]
FRIDAY_NIGHTS = [hours(FRI, "17:00", "02:00", next_day=True)]
HOLIDAY_HOURS = [hours(THU, "17:00", "02:00", next_day=True), hours(FRI, "09:00", "17:00")]
MOMENTS = [
    ("the opening minute is open", NY, WORKDAY, (), ny(2026, 11, 23, 9, 0), True),
    ("the second before opening is closed", NY, WORKDAY, (), ny(2026, 11, 23, 8, 59, 59), False),
    ("the last second is open", NY, WORKDAY, (), ny(2026, 11, 23, 16, 59, 59), True),
    ("the closing minute is closed", NY, WORKDAY, (), ny(2026, 11, 23, 17, 0), False),
    ("another day is closed", NY, WORKDAY, (), ny(2026, 11, 24, 12, 0), False),
    ("overnight: the evening it opens", NY, FRIDAY_NIGHTS, (), ny(2026, 11, 27, 23, 0), True),
    ("overnight: past midnight", NY, FRIDAY_NIGHTS, (), ny(2026, 11, 28, 1, 59), True),
    ("overnight: its closing minute", NY, FRIDAY_NIGHTS, (), ny(2026, 11, 28, 2, 0), False),
    ("overnight: not the night before", NY, FRIDAY_NIGHTS, (), ny(2026, 11, 27, 1, 0), False),
    (
        "Sunday night runs into Monday",
        NY,
        [hours(SUN, "22:00", "03:00", next_day=True)],
        (),
        ny(2026, 11, 23, 2, 0),
        True,
    ),
    ("24 hours: its first minute", NY, [all_day(WED)], (), ny(2026, 11, 25, 0, 0), True),
    ("24 hours: its last second", NY, [all_day(WED)], (), ny(2026, 11, 25, 23, 59, 59), True),
    ("24 hours: the next midnight", NY, [all_day(WED)], (), ny(2026, 11, 26, 0, 0), False),
    (
        "several ranges a day: between them",
        NY,
        [hours(MON, "09:00", "12:00"), hours(MON, "13:00", "17:00")],
        (),
        ny(2026, 11, 23, 12, 30),
        False,
    ),
    (
        "several ranges a day: the second",
        NY,
        [hours(MON, "09:00", "12:00"), hours(MON, "13:00", "17:00")],
        (),
        ny(2026, 11, 23, 13, 0),
        True,
    ),
    # Today is the listing's own today: 05:00 UTC on Wednesday is Tuesday 9 pm in Los Angeles.
    ("its own today", LA, [hours(TUE, "17:00", "22:00")], (), utc(2026, 11, 25, 5, 0), True),
    # March: 9:00 am is 14:00 UTC before the change and 13:00 UTC after it.
    ("March: 9 am EST", NY, [hours(SUN, "09:00", "17:00")], (), utc(2026, 3, 1, 13, 30), False),
    ("March: 9 am EDT", NY, [hours(SUN, "09:00", "17:00")], (), utc(2026, 3, 8, 13, 0), True),
    ("March: 8:59 am EDT", NY, [hours(SUN, "09:00", "17:00")], (), utc(2026, 3, 8, 12, 59), False),
    # A night that loses an hour: 10 pm EST to 6 am EDT is 7 hours, closing at 10:00 UTC.
    (
        "March night: open at 5:59 am EDT",
        NY,
        [hours(SAT, "22:00", "06:00", next_day=True)],
        (),
        utc(2026, 3, 8, 9, 59),
        True,
    ),
    (
        "March night: closed at 6 am EDT",
        NY,
        [hours(SAT, "22:00", "06:00", next_day=True)],
        (),
        utc(2026, 3, 8, 10, 0),
        False,
    ),
    ("March: 24 hours is 23", NY, [all_day(SUN)], (), utc(2026, 3, 9, 3, 59), True),
    ("March: 24 hours ends at midnight", NY, [all_day(SUN)], (), utc(2026, 3, 9, 4, 0), False),
    # 2:30 am does not happen on March 8: it is read as 3:30 am EDT, as PostgreSQL reads it.
    (
        "March: a skipped time, before",
        NY,
        [hours(SUN, "02:30", "04:00")],
        (),
        utc(2026, 3, 8, 7, 29),
        False,
    ),
    (
        "March: a skipped time, after",
        NY,
        [hours(SUN, "02:30", "04:00")],
        (),
        utc(2026, 3, 8, 7, 30),
        True,
    ),
    # A night that gains an hour: 10 pm EDT to 6 am EST is 9 hours, closing at 11:00 UTC.
    (
        "November night: open at 5:30 am EST",
        NY,
        [hours(SAT, "22:00", "06:00", next_day=True)],
        (),
        utc(2026, 11, 1, 10, 30),
        True,
    ),
    (
        "November night: closed at 6 am EST",
        NY,
        [hours(SAT, "22:00", "06:00", next_day=True)],
        (),
        utc(2026, 11, 1, 11, 0),
        False,
    ),
    ("November: 9 am EST", NY, [hours(SUN, "09:00", "17:00")], (), utc(2026, 11, 1, 14, 0), True),
    (
        "November: 8:30 am EST",
        NY,
        [hours(SUN, "09:00", "17:00")],
        (),
        utc(2026, 11, 1, 13, 30),
        False,
    ),
    # 1:30 am comes twice on November 1: hours from 1:30 start at the second, as in PostgreSQL.
    (
        "November: the first 1:45 am",
        NY,
        [hours(SUN, "01:30", "03:00")],
        (),
        utc(2026, 11, 1, 5, 45),
        False,
    ),
    (
        "November: the second 1:30 am",
        NY,
        [hours(SUN, "01:30", "03:00")],
        (),
        utc(2026, 11, 1, 6, 30),
        True,
    ),
    # Arizona keeps its clocks: 9 am is 16:00 UTC either side of March 8.
    ("Phoenix before", PHOENIX, [hours(MON, "09:00", "17:00")], (), utc(2026, 3, 2, 16, 0), True),
    ("Phoenix after", PHOENIX, [hours(MON, "09:00", "17:00")], (), utc(2026, 3, 9, 16, 0), True),
    ("Phoenix 8:59", PHOENIX, [hours(MON, "09:00", "17:00")], (), utc(2026, 3, 9, 15, 59), False),
    ("Honolulu", HONOLULU, [hours(MON, "09:00", "17:00")], (), utc(2026, 3, 9, 19, 0), True),
    ("Honolulu 8:59", HONOLULU, [hours(MON, "09:00", "17:00")], (), utc(2026, 3, 9, 18, 59), False),
    # Monday 9:00 am in Tokyo is Monday 00:00 UTC.
    ("Tokyo", TOKYO, [hours(MON, "09:00", "17:00")], (), utc(2026, 3, 9, 0, 0), True),
    ("Tokyo 8:59", TOKYO, [hours(MON, "09:00", "17:00")], (), utc(2026, 3, 8, 23, 59), False),
    # Closed on Christmas Day: the Friday hours go, Thursday night's range still runs past midnight.
    (
        "a closed date closes its hours",
        NY,
        HOLIDAY_HOURS,
        (datetime.date(2026, 12, 25),),
        ny(2026, 12, 25, 12, 0),
        False,
    ),
    (
        "the night before a closed date runs on",
        NY,
        HOLIDAY_HOURS,
        (datetime.date(2026, 12, 25),),
        ny(2026, 12, 25, 1, 0),
        True,
    ),
    (
        "a closed evening closes its night",
        NY,
        HOLIDAY_HOURS,
        (datetime.date(2026, 12, 24),),
        ny(2026, 12, 25, 1, 0),
        False,
    ),
    (
        "the week after a closed date",
        NY,
        HOLIDAY_HOURS,
        (datetime.date(2026, 12, 25),),
        ny(2027, 1, 1, 12, 0),
        True,
    ),
    ("hours without a timezone", "", WORKDAY, (), ny(2026, 11, 23, 12, 0), False),
]
MOMENT_IDS = [row[0] for row in MOMENTS]


@pytest.mark.parametrize(
    ("what", "zone", "ranges", "closed", "moment", "is_open"), MOMENTS, ids=MOMENT_IDS
)
def test_whether_a_listing_is_open_at_a_moment(what, zone, ranges, closed, moment, is_open):
    assert Timetable(zone, tuple(ranges), frozenset(closed)).is_open(moment) is is_open


def transaction_now() -> datetime.datetime:
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")  # the transaction's time: the filter's queries see it too
        return cursor.fetchone()[0]


def store(make_group, make_hours, make_closure, zone, ranges, closed=()) -> SupportGroup:
    listing = make_group(kind=ListingKind.WARMLINE, timezone=zone)
    for each in ranges:
        make_hours(
            listing,
            weekday=each.weekday,
            opens=each.opens,
            closes=each.closes,
            closes_next_day=each.closes_next_day,
        )
    for date in closed:
        make_closure(listing, date)
    return listing


def open_in_the_database(sql: str, params=()) -> set[int]:
    found = SupportGroup.objects.filter(
        RowSql(sql, params, columns={"group": "pk"}, output_field=BooleanField())
    )
    return set(found.values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_database_agrees_at_the_same_moments(make_group, make_hours, make_closure):
    """Boundaries, overnight ranges, both DST changes and closed dates, asked of the SQL."""
    listings = [
        store(make_group, make_hours, make_closure, zone, ranges, closed)
        for _, zone, ranges, closed, _, _ in MOMENTS
    ]
    disagree = [
        what
        for listing, (what, _, _, _, moment, is_open) in zip(listings, MOMENTS, strict=True)
        if (listing.pk in open_in_the_database(open_at_sql("%s"), [moment])) is not is_open
    ]
    assert disagree == []


@pytest.mark.django_db
def test_the_database_and_python_agree_on_who_is_open_now(make_group, make_hours, make_closure):
    """Hours placed around this moment in several timezones: open now, just closed, about to
    open, overnight from yesterday, 24 hours, several a day, and closed today or yesterday."""
    now = transaction_now()
    made = []
    for zone in (NY, LA, HONOLULU, PHOENIX, TOKYO):
        local_now = now.astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0)
        today = local_now.date()
        yesterday = today - datetime.timedelta(days=1)
        for opens_in in (-1500, -720, -300, -60, -1, 0, 1, 45, 600):
            for lasts in (1, 30, 61, 480, 1440):
                opens = local_now + datetime.timedelta(minutes=opens_in)
                closes = opens + datetime.timedelta(minutes=lasts)
                one = hours(
                    opens.weekday(),
                    opens.time().isoformat(),
                    closes.time().isoformat(),
                    next_day=closes.date() != opens.date(),
                )
                made.append(store(make_group, make_hours, make_closure, zone, [one]))
                if lasts in (480, 1440):
                    # Closed on the date it opens, or on the date after (which it runs into).
                    for closed in (opens.date(), opens.date() + datetime.timedelta(days=1)):
                        made.append(
                            store(make_group, make_hours, make_closure, zone, [one], [closed])
                        )
        for weekday in (today.weekday(), yesterday.weekday()):
            for closed in ((), (today,), (yesterday,)):
                made.append(
                    store(make_group, make_hours, make_closure, zone, [all_day(weekday)], closed)
                )
        earlier = local_now - datetime.timedelta(minutes=200)
        if earlier.date() == today and local_now.hour < 22:
            # Several ranges today: one that has closed, then one open now or one still to come.
            first = hours(
                today.weekday(),
                earlier.time().isoformat(),
                (earlier + datetime.timedelta(minutes=60)).time().isoformat(),
            )
            for start, end in ((-10, 50), (20, 80)):
                second = hours(
                    today.weekday(),
                    (local_now + datetime.timedelta(minutes=start)).time().isoformat(),
                    (local_now + datetime.timedelta(minutes=end)).time().isoformat(),
                )
                made.append(store(make_group, make_hours, make_closure, zone, [first, second]))
    made.append(store(make_group, make_hours, make_closure, "", [all_day(d) for d in range(7)]))

    listings = SupportGroup.objects.filter(pk__in=[listing.pk for listing in made])
    expected = {
        listing.pk
        for listing in listings.prefetch_related("opening_hours", "closures")
        if Timetable.of(listing).is_open(now)
    }
    assert open_in_the_database(OPEN_NOW_SQL) == expected
    assert 0 < len(expected) < len(made)


def test_the_open_now_sql_has_only_the_listings_place_to_fill():
    fields = {name for _, name, _, _ in string.Formatter().parse(OPEN_NOW_SQL) if name}
    assert fields == {"group"}
    assert "%" not in OPEN_NOW_SQL  # it passes through query-parameter formatting unchanged


# What a card says --------------------------------------------------------------------------

WEEK = [hours(day, "09:00", "17:00") for day in (MON, TUE, WED, THU, FRI)] + [
    hours(SAT, "17:00", "02:00", next_day=True)
]


def says(ranges, moment, *, zone=NY, closed=()) -> str | None:
    found = Timetable(zone, tuple(ranges), frozenset(closed)).status(moment)
    return found and found.text


def test_open_now_says_when_it_closes_with_the_time_for_the_visitors_clock():
    found = Timetable(NY, tuple(WEEK)).status(ny(2026, 11, 23, 12, 0))
    assert found.text == "Open now, closes at 5:00 pm"
    assert (found.is_open, found.lead, found.time_text) == (True, "Open now, closes at", "5:00 pm")
    assert found.iso == "2026-11-23T17:00:00-05:00"
    assert (found.zone, found.zone_name) == (NY, "Eastern time")


def test_within_the_hour_it_counts_the_minutes_rounding_up():
    assert says(WEEK, ny(2026, 11, 23, 16, 20)) == "Open now, closes in 40 minutes"
    assert says(WEEK, ny(2026, 11, 23, 16, 59, 30)) == "Open now, closes in 1 minute"
    assert says(WEEK, ny(2026, 11, 23, 8, 30)) == "Opens in 30 minutes"
    # Minutes need no clock, so no time is shown for the visitor's own.
    assert Timetable(NY, tuple(WEEK)).status(ny(2026, 11, 23, 16, 20)).time_text == ""


def test_closed_now_says_when_it_opens_next():
    assert says(WEEK, ny(2026, 11, 23, 7, 0)) == "Opens at 9:00 am"
    assert says(WEEK, ny(2026, 11, 23, 18, 0)) == "Opens tomorrow at 9:00 am"
    assert says(WEEK, ny(2026, 11, 27, 18, 0)) == "Opens tomorrow at 5:00 pm"
    assert says(WEEK, ny(2026, 11, 28, 10, 0)) == "Opens at 5:00 pm"
    mondays_and_thursdays = [hours(MON, "09:00", "17:00"), hours(THU, "09:00", "17:00")]
    assert says(mondays_and_thursdays, ny(2026, 11, 23, 18, 0)) == "Opens Thursday at 9:00 am"
    # A week away, the date says which Monday.
    assert says(WORKDAY, ny(2026, 11, 23, 18, 0)) == "Opens Monday, November 30, at 9:00 am"


def test_a_day_without_hours_says_closed_today():
    assert says(WEEK, ny(2026, 11, 29, 12, 0)) == "Closed today. Opens tomorrow at 9:00 am"
    assert says(WORKDAY, ny(2026, 11, 25, 12, 0)) == "Closed today. Opens Monday at 9:00 am"
    # Saturday night's range ended at 2 am; nothing opens on Sunday itself.
    assert says(WEEK, ny(2026, 11, 29, 3, 0)) == "Closed today. Opens tomorrow at 9:00 am"


def test_a_closed_date_says_closed_today_and_when_it_opens_after():
    monday = datetime.date(2026, 11, 30)
    assert (
        says(WEEK, ny(2026, 11, 30, 8, 0), closed=[monday])
        == "Closed today. Opens tomorrow at 9:00 am"
    )
    assert (
        says(WEEK, ny(2026, 11, 29, 12, 0), closed=[monday])
        == "Closed today. Opens Tuesday at 9:00 am"
    )


def test_overnight_hours_close_at_a_time_after_midnight():
    assert says(WEEK, ny(2026, 11, 28, 23, 0)) == "Open now, closes at 2:00 am"
    assert says(WEEK, ny(2026, 11, 29, 0, 30)) == "Open now, closes at 2:00 am"
    found = Timetable(NY, tuple(WEEK)).status(ny(2026, 11, 28, 23, 0))
    assert found.iso == "2026-11-29T02:00:00-05:00"


def test_around_the_clock_says_open_24_hours():
    found = Timetable(NY, tuple(all_day(day) for day in range(7))).status(ny(2026, 11, 23, 3, 0))
    assert (found.text, found.is_open, found.iso) == ("Open 24 hours", True, "")


def test_weekdays_around_the_clock_say_when_the_weekend_begins():
    weekdays = [all_day(day) for day in (MON, TUE, WED, THU, FRI)]
    assert says(weekdays, ny(2026, 11, 23, 12, 0)) == "Open now, closes Friday at midnight"
    assert says(weekdays, ny(2026, 11, 26, 12, 0)) == "Open now, closes tomorrow at midnight"
    assert says(weekdays, ny(2026, 11, 27, 20, 0)) == "Open now, closes at midnight"


def test_back_to_back_ranges_are_one_stretch():
    split = [hours(MON, "09:00", "12:00"), hours(MON, "12:00", "17:00")]
    assert says(split, ny(2026, 11, 23, 11, 30)) == "Open now, closes at 5:00 pm"


def test_the_minutes_are_real_minutes_when_the_clocks_go_back():
    night = [hours(SAT, "22:00", "06:00", next_day=True)]
    found = Timetable(NY, tuple(night)).status(utc(2026, 11, 1, 4, 0))  # midnight, EDT
    assert found.text == "Open now, closes at 6:00 am"
    assert found.iso == "2026-11-01T06:00:00-05:00"
    assert says(night, utc(2026, 11, 1, 10, 20)) == "Open now, closes in 40 minutes"


def test_the_status_is_in_the_listings_own_timezone():
    # 03:00 UTC on Wednesday is Tuesday 7 pm in Los Angeles.
    evenings = [hours(TUE, "17:00", "22:00"), hours(WED, "17:00", "22:00")]
    found = Timetable(LA, tuple(evenings)).status(utc(2026, 11, 25, 3, 0))
    assert (found.text, found.zone_name) == ("Open now, closes at 10:00 pm", "Pacific time")


def test_closed_for_two_weeks_says_so():
    closed = [datetime.date(2026, 11, 30), datetime.date(2026, 12, 7)]
    assert says(WORKDAY, ny(2026, 11, 24, 12, 0), closed=closed) == "Not open in the next two weeks"


def test_no_hours_or_no_timezone_say_nothing():
    assert says([], ny(2026, 11, 23, 12, 0)) is None
    assert says(WEEK, ny(2026, 11, 23, 12, 0), zone="") is None


# The week in words ---------------------------------------------------------------------------


def test_the_week_reads_as_days_with_the_same_hours():
    assert weekly_summary(WEEK) == (
        "Monday to Friday, 9:00 am to 5:00 pm; Saturday, 5:00 pm to 2:00 am"
    )
    assert weekly_summary([all_day(day) for day in range(7)]) == "Every day, 24 hours"


def test_the_week_lists_days_apart_and_several_ranges_in_order():
    split = [
        hours(day, times[0], times[1])
        for day in (FRI, WED, MON)
        for times in (("13:00", "17:00"), ("09:00", "12:00"))
    ]
    assert weekly_summary(split) == (
        "Monday, Wednesday and Friday, 9:00 am to 12 noon and 1:00 pm to 5:00 pm"
    )
    mixed = [hours(day, "10:00", "16:00") for day in (SAT, SUN, MON, TUE, WED)] + [
        hours(THU, "18:00", "00:00", next_day=True)
    ]
    assert weekly_summary(mixed) == (
        "Monday to Wednesday, Saturday and Sunday, 10:00 am to 4:00 pm; Thursday, 6:00 pm to "
        "midnight"
    )


# Overlapping ranges (the admin refuses them) ---------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        (hours(MON, "09:00", "12:00"), hours(MON, "11:00", "13:00"), True),
        (hours(MON, "09:00", "12:00"), hours(MON, "12:00", "13:00"), False),
        (hours(MON, "09:00", "12:00"), hours(TUE, "10:00", "11:00"), False),
        (all_day(MON), hours(MON, "09:00", "17:00"), True),
        (hours(MON, "17:00", "02:00", next_day=True), hours(TUE, "01:00", "03:00"), True),
        (hours(MON, "17:00", "02:00", next_day=True), hours(TUE, "02:00", "05:00"), False),
        (hours(SUN, "22:00", "02:00", next_day=True), hours(MON, "01:00", "05:00"), True),
        (hours(SAT, "22:00", "02:00", next_day=True), hours(MON, "01:00", "05:00"), False),
    ],
)
def test_ranges_overlap_when_they_are_open_at_the_same_time(first, second, overlap):
    assert bool(overlapping([first, second])) is overlap
    assert bool(overlapping([second, first])) is overlap
