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
