import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from groups.schedule import meets_on, next_meeting, upcoming, when_text

UTC = datetime.UTC


def schedule(**overrides):
    values = {
        "timezone": "America/New_York",
        "frequency": "weekly",
        "interval": 1,
        "weekday": 1,  # Tuesday
        "week_of_month": None,
        "start_time": datetime.time(18, 30),
        "end_time": datetime.time(20, 0),
        "valid_from": datetime.date(2026, 1, 6),
        "valid_to": None,
    }
    return SimpleNamespace(**(values | overrides))


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def test_a_weekly_evening_meeting_keeps_its_local_time_across_the_march_change():
    # US clocks go forward on Sunday, March 8, 2026.
    starts = upcoming(schedule(), at(2026, 3, 2, 12), count=2)
    assert [s.isoformat() for s in starts] == [
        "2026-03-03T18:30:00-05:00",
        "2026-03-10T18:30:00-04:00",
    ]
    assert [s.astimezone(UTC).hour for s in starts] == [23, 22]


def test_a_weekly_meeting_keeps_its_local_time_across_the_november_change():
    # US clocks go back on Sunday, November 1, 2026.
    starts = upcoming(schedule(timezone="America/Chicago", weekday=3), at(2026, 10, 26), count=2)
    assert [s.isoformat() for s in starts] == [
        "2026-10-29T18:30:00-05:00",
        "2026-11-05T18:30:00-06:00",
    ]


def test_arizona_does_not_change_its_clocks():
    starts = upcoming(schedule(timezone="America/Phoenix"), at(2026, 3, 2), count=2)
    assert {s.utcoffset() for s in starts} == {datetime.timedelta(hours=-7)}


def test_every_other_week_counts_from_the_first_meeting():
    every_other = schedule(interval=2, valid_from=datetime.date(2026, 1, 6))
    starts = upcoming(every_other, at(2026, 1, 7), count=3)
    assert [s.date().isoformat() for s in starts] == ["2026-01-20", "2026-02-03", "2026-02-17"]


@pytest.mark.parametrize(
    ("week", "expected"),
    [(1, "2026-12-01"), (2, "2026-12-08"), (4, "2026-12-22"), (-1, "2026-12-29")],
)
def test_monthly_meetings_fall_on_the_nth_or_last_weekday(week, expected):
    monthly = schedule(frequency="monthly", week_of_month=week)
    assert upcoming(monthly, at(2026, 11, 30), count=1)[0].date().isoformat() == expected


def test_a_meeting_later_today_is_next_but_one_that_started_is_not():
    tuesday = schedule()
    before = upcoming(tuesday, at(2026, 11, 24, 23, 0), count=1)[0]  # 6 pm in New York
    after = upcoming(tuesday, at(2026, 11, 24, 23, 45), count=1)[0]
    assert before.date().isoformat() == "2026-11-24"
    assert after.date().isoformat() == "2026-12-01"


def test_today_is_the_meetings_local_today_not_utcs():
    # 02:00 UTC on Wednesday is still Tuesday evening in Los Angeles.
    la = schedule(timezone="America/Los_Angeles", start_time=datetime.time(19, 30))
    start = upcoming(la, at(2026, 11, 25, 2, 0), count=1)[0]
    assert start.isoformat() == "2026-11-24T19:30:00-08:00"


def test_schedules_end_on_their_last_date():
    ending = schedule(valid_to=datetime.date(2026, 12, 8))
    starts = upcoming(ending, at(2026, 11, 30), count=5)
    assert [s.date().isoformat() for s in starts] == ["2026-12-01", "2026-12-08"]


def test_nothing_before_a_schedule_starts():
    assert not meets_on(
        datetime.date(2025, 12, 30),
        frequency="weekly",
        interval=1,
        weekday=1,
        week_of_month=None,
        valid_from=datetime.date(2026, 1, 6),
        valid_to=None,
    )


def test_the_next_meeting_of_a_group_is_the_soonest_of_its_schedules():
    tuesday, friday = schedule(), schedule(weekday=4, start_time=datetime.time(10, 0))
    start, meeting = next_meeting([tuesday, friday], at(2026, 11, 25, 12))
    assert meeting is friday
    assert start.isoformat() == "2026-11-27T10:00:00-05:00"


def test_meeting_times_read_in_the_meetings_own_timezone():
    start = datetime.datetime(2026, 3, 10, 18, 30, tzinfo=ZoneInfo("America/New_York"))
    assert when_text(start) == "Tuesday, March 10, 6:30 pm Eastern time"


@pytest.mark.django_db
def test_the_database_and_python_agree_on_who_meets_in_the_next_seven_days(
    make_group, make_meeting
):
    from django.db import connection

    from groups.filters import DIMENSIONS_BY_PARAM
    from groups.models import SupportGroup

    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        now = cursor.fetchone()[0]
    variants = []
    for zone in ("America/New_York", "America/Los_Angeles", "Pacific/Honolulu"):
        for weekday in range(7):
            variants += [
                {"weekday": weekday, "interval": 2, "valid_from": datetime.date(2026, 1, 5)},
                {"weekday": weekday, "interval": 3, "valid_from": datetime.date(2025, 6, 2)},
                {"weekday": weekday, "frequency": "monthly", "week_of_month": 1 + weekday % 4},
                {"weekday": weekday, "frequency": "monthly", "week_of_month": -1, "interval": 2},
                {
                    "weekday": weekday,
                    "valid_to": datetime.date(2020, 1, 1),
                    "valid_from": datetime.date(2019, 1, 1),
                },
                {"weekday": weekday, "valid_from": datetime.date(2099, 1, 1)},
            ]
            for variant in variants[-6:]:
                variant["timezone"] = zone
    expected = set()
    for variant in variants:
        group = make_group()
        values = {
            "valid_from": datetime.date(2026, 1, 1),
            "frequency": "weekly",
            "interval": 1,
            "week_of_month": None,
            "valid_to": None,
        } | variant
        make_meeting(group, **values)
        local_today = now.astimezone(ZoneInfo(values["timezone"])).date()
        if any(
            meets_on(
                local_today + datetime.timedelta(days=n),
                frequency=values["frequency"],
                interval=values["interval"],
                weekday=values["weekday"],
                week_of_month=values["week_of_month"],
                valid_from=values["valid_from"],
                valid_to=values["valid_to"],
            )
            for n in range(7)
        ):
            expected.add(group.pk)
    soon = DIMENSIONS_BY_PARAM["soon"].to_q(["yes"])
    assert set(SupportGroup.objects.filter(soon).values_list("pk", flat=True)) == expected
    assert 0 < len(expected) < len(variants)


# What a card says about when a group meets (schedule.status) -----------------------------------


def status_at(meetings, *when):
    from groups.schedule import status

    found = status(meetings, at(*when))
    return found and f"{found.lead} {found.text}"


def test_a_meeting_going_on_now_says_until_when():
    # Tuesday 6:30 to 8:00 pm in New York; 23:45 UTC is 6:45 pm there.
    tuesday = schedule(end_time=datetime.time(20, 0))
    assert status_at([tuesday], 2026, 11, 24, 23, 45) == "In progress until 8:00 pm Eastern time"


def test_a_meeting_within_the_hour_counts_the_minutes_rounding_up():
    tuesday = schedule(end_time=datetime.time(20, 0))
    assert (
        status_at([tuesday], 2026, 11, 24, 22, 50, 30)
        == "Starting in 40 minutes, at 6:30 pm Eastern time"
    )
    assert status_at([tuesday], 2026, 11, 24, 23, 29, 30) == (
        "Starting in 1 minute, at 6:30 pm Eastern time"
    )


def test_a_meeting_later_today_or_tomorrow_says_so_and_later_ones_give_the_date():
    tuesday = schedule(end_time=datetime.time(20, 0))
    assert status_at([tuesday], 2026, 11, 24, 15, 0) == "Today, 6:30 pm Eastern time"
    assert status_at([tuesday], 2026, 11, 23, 15, 0) == "Tomorrow, 6:30 pm Eastern time"
    assert (
        status_at([tuesday], 2026, 11, 22, 15, 0)
        == "Next: Tuesday, November 24, 6:30 pm Eastern time"
    )
    # Once it is over, the next one is a week away.
    assert (
        status_at([tuesday], 2026, 11, 25, 1, 30)
        == "Next: Tuesday, December 1, 6:30 pm Eastern time"
    )


def test_today_is_the_meetings_own_today():
    # 03:00 UTC on Wednesday is 7 pm on Tuesday in Los Angeles.
    la = schedule(
        timezone="America/Los_Angeles",
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 0),
    )
    assert status_at([la], 2026, 11, 25, 3, 0) == "Starting in 30 minutes, at 7:30 pm Pacific time"
    assert status_at([la], 2026, 11, 25, 4, 0) == "In progress until 9:00 pm Pacific time"


def test_in_progress_holds_on_the_days_the_clocks_change():
    # Sunday 8 March 2026, US clocks go forward at 2 am; a 10 am meeting is at 14:00 UTC.
    sunday = schedule(weekday=6, start_time=datetime.time(10, 0), end_time=datetime.time(11, 0))
    assert status_at([sunday], 2026, 3, 8, 14, 30) == "In progress until 11:00 am Eastern time"
    assert status_at([sunday], 2026, 3, 8, 15, 30).startswith("Next: Sunday, March 15")
    # Sunday 1 November 2026 they go back: the same meeting is at 15:00 UTC.
    assert (
        status_at([sunday], 2026, 11, 1, 14, 30)
        == "Starting in 30 minutes, at 10:00 am Eastern time"
    )
    assert status_at([sunday], 2026, 11, 1, 15, 30) == "In progress until 11:00 am Eastern time"


def test_several_schedules_give_the_one_going_on_or_the_soonest():
    morning = schedule(start_time=datetime.time(9, 0), end_time=datetime.time(10, 0))
    evening = schedule(end_time=datetime.time(20, 0))
    assert (
        status_at([evening, morning], 2026, 11, 24, 14, 30)
        == "In progress until 10:00 am Eastern time"
    )
    assert status_at([evening, morning], 2026, 11, 24, 15, 30) == "Today, 6:30 pm Eastern time"


def test_a_schedule_that_has_ended_says_nothing():
    ended = schedule(valid_to=datetime.date(2026, 2, 1))
    assert status_at([ended], 2026, 11, 24, 15, 0) is None


def test_the_next_few_hours_reach_past_midnight():
    from groups.schedule import later_today, within_hours

    # Wednesday 12:30 am meeting in New York; it is 10 pm on Tuesday there.
    late = schedule(weekday=2, start_time=datetime.time(0, 30), end_time=datetime.time(1, 30))
    tuesday_10pm = at(2026, 11, 25, 3, 0)
    assert within_hours(late, tuesday_10pm, 3)
    assert not within_hours(late, tuesday_10pm, 2)
    assert not later_today(late, tuesday_10pm)


@pytest.mark.django_db
def test_the_database_and_python_agree_on_today_and_the_next_few_hours(make_group, make_meeting):
    """Meetings placed around this moment in several timezones: going on, just over, starting
    within and beyond the next hours, today and after midnight."""
    from django.db import connection

    from groups.filters import DIMENSIONS_BY_PARAM
    from groups.models import SupportGroup
    from groups.schedule import NEXT_HOURS, later_today, within_hours

    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")  # the transaction's time: the filter's queries see it too
        now = cursor.fetchone()[0]
    expected = {"today": set(), "hours": set()}
    made = 0
    for zone in ("America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "Asia/Tokyo"):
        local_now = now.astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0)
        for minutes in (-150, -45, -5, 1, 20, 90, 170, 185, 300, 600, 1300):
            start = local_now + datetime.timedelta(minutes=minutes)
            end = min(
                datetime.datetime.combine(start.date(), datetime.time(23, 59), start.tzinfo),
                start + datetime.timedelta(minutes=60),
            )
            if end <= start:
                continue
            values = {
                "timezone": zone,
                "frequency": "weekly",
                "interval": 1,
                "week_of_month": None,
                "weekday": start.weekday(),
                "start_time": start.time(),
                "end_time": end.time(),
                "valid_from": datetime.date(2026, 1, 1),
                "valid_to": None,
            }
            group = make_group()
            meeting = make_meeting(group, **values)
            made += 1
            if later_today(meeting, now):
                expected["today"].add(group.pk)
            if within_hours(meeting, now, NEXT_HOURS):
                expected["hours"].add(group.pk)
    when = DIMENSIONS_BY_PARAM["soon"]
    for value, pks in expected.items():
        found = SupportGroup.objects.filter(when.to_q([value])).values_list("pk", flat=True)
        assert set(found) == pks, value
        assert 0 < len(pks) < made, value
    both = SupportGroup.objects.filter(when.to_q(["today", "hours"])).values_list("pk", flat=True)
    assert set(both) == expected["today"] | expected["hours"]
