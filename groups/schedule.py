"""How a meeting's recurrence reads to a person."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

ZONE_NAMES = {
    "America/New_York": "Eastern time",
    "America/Detroit": "Eastern time",
    "America/Indiana/Indianapolis": "Eastern time",
    "America/Kentucky/Louisville": "Eastern time",
    "America/Chicago": "Central time",
    "America/Denver": "Mountain time",
    "America/Boise": "Mountain time",
    "America/Phoenix": "Arizona time",
    "America/Los_Angeles": "Pacific time",
    "America/Anchorage": "Alaska time",
    "Pacific/Honolulu": "Hawaii time",
    "America/Puerto_Rico": "Atlantic time",
}

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def zone_name(timezone: str) -> str:
    return ZONE_NAMES.get(timezone, timezone.replace("_", " "))


def clock(value: datetime.time) -> str:
    """9:00 am, 6:30 pm, 12 noon."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d} {suffix}"


def recurrence_text(
    *, frequency: str, interval: int, weekday: int, week_of_month: int | None
) -> str:
    day = WEEKDAYS[weekday]
    if frequency == "monthly":
        every = "month" if interval == 1 else f"{interval} months"
        return f"The {ORDINALS[week_of_month]} {day} of every {every}"
    if interval == 1:
        return f"Every {day}"
    if interval == 2:
        return f"Every other {day}"
    return f"Every {interval} weeks on {day}"


def meets_on(
    day: datetime.date,
    *,
    frequency: str,
    interval: int,
    weekday: int,
    week_of_month: int | None,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
) -> bool:
    """Whether a recurring schedule has a meeting on this local date."""
    if day.weekday() != weekday or day < valid_from or (valid_to and day > valid_to):
        return False
    if frequency == "monthly":
        if week_of_month == -1:
            in_week = (day + datetime.timedelta(days=7)).month != day.month
        else:
            in_week = (day.day - 1) // 7 + 1 == week_of_month
        months = (day.year - valid_from.year) * 12 + day.month - valid_from.month
        return in_week and months % interval == 0
    # Weekly: count whole weeks from the first meeting day on or after valid_from.
    first = valid_from + datetime.timedelta(days=(weekday - valid_from.weekday()) % 7)
    return ((day - first).days // 7) % interval == 0


def upcoming(meeting, after: datetime.datetime, *, count: int = 3, days: int = 92) -> list:
    """The next `count` meetings after `after`, as aware datetimes in the meeting's timezone.

    Dates are counted in the meeting's own timezone and each start is placed on that local
    date, so a 6:30 pm meeting stays at 6:30 pm local time across daylight-saving changes.
    """
    zone = ZoneInfo(meeting.timezone)
    local_now = after.astimezone(zone)
    found = []
    for offset in range(days):
        day = local_now.date() + datetime.timedelta(days=offset)
        if not meets_on(
            day,
            frequency=meeting.frequency,
            interval=meeting.interval,
            weekday=meeting.weekday,
            week_of_month=meeting.week_of_month,
            valid_from=meeting.valid_from,
            valid_to=meeting.valid_to,
        ):
            continue
        start = datetime.datetime.combine(day, meeting.start_time, tzinfo=zone)
        if start > local_now:
            found.append(start)
            if len(found) == count:
                break
    return found


def upcoming_across(meetings, after: datetime.datetime, *, count: int) -> list[tuple]:
    """The next `count` (start, meeting) pairs over all of a group's schedules, soonest first."""
    starts = [
        (start, meeting) for meeting in meetings for start in upcoming(meeting, after, count=count)
    ]
    return sorted(starts, key=lambda pair: pair[0])[:count]


def next_meeting(meetings, after: datetime.datetime):
    """The soonest upcoming start among a group's meetings, with its meeting, or None."""
    found = upcoming_across(meetings, after, count=1)
    return found[0] if found else None


def when_text(start: datetime.datetime) -> str:
    """'Tuesday, March 10, 6:30 pm Eastern time' in the meeting's own timezone."""
    return f"{start:%A, %B} {start.day}, {clock(start.time())} {zone_name(str(start.tzinfo))}"


def occurs_today(meeting, now: datetime.datetime) -> bool:
    """Whether the meeting meets on today's date where it meets."""
    return meets_on(
        now.astimezone(ZoneInfo(meeting.timezone)).date(),
        frequency=meeting.frequency,
        interval=meeting.interval,
        weekday=meeting.weekday,
        week_of_month=meeting.week_of_month,
        valid_from=meeting.valid_from,
        valid_to=meeting.valid_to,
    )


def today_span(meeting, now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Today's start and end of the meeting, as aware datetimes where it meets."""
    zone = ZoneInfo(meeting.timezone)
    day = now.astimezone(zone).date()
    return (
        datetime.datetime.combine(day, meeting.start_time, tzinfo=zone),
        datetime.datetime.combine(day, meeting.end_time, tzinfo=zone),
    )


def in_progress(meetings, now: datetime.datetime):
    """The end of a meeting going on now (the latest, if several are), or None."""
    ends = [
        end
        for meeting in meetings
        if occurs_today(meeting, now)
        for start, end in [today_span(meeting, now)]
        if start <= now < end
    ]
    return max(ends) if ends else None


def later_today(meeting, now: datetime.datetime) -> bool:
    """Meets today where it meets, and that meeting is not over yet (the "today" filter)."""
    return occurs_today(meeting, now) and today_span(meeting, now)[1] > now


def within_hours(meeting, now: datetime.datetime, hours: int) -> bool:
    """Going on now, or starting in the next `hours` hours (the "next few hours" filter)."""
    until = now + datetime.timedelta(hours=hours)
    if later_today(meeting, now) and today_span(meeting, now)[0] <= until:
        return True
    found = upcoming(meeting, now, count=1, days=2)
    return bool(found) and found[0] <= until


# Up to an hour ahead, a card counts the minutes ("Starting in 40 minutes").
STARTING_SOON = datetime.timedelta(hours=1)


def minutes_text(delta: datetime.timedelta) -> str:
    """'40 minutes', '1 minute': whole minutes, rounded up, never fewer than one."""
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


@dataclass(frozen=True)
class Status:
    """When a group meets, as its card says it: going on now, starting soon, today, or next.

    `lead` is the plain words before the time; `at` is the time the words are about (the end of
    a meeting in progress, otherwise the next start), written in the meeting's own timezone.
    """

    lead: str
    at: datetime.datetime
    # Going on now, starting soon, today or tomorrow: the lead names the day, so the time alone
    # follows it, and a group's page says it before the dates.
    soon: bool

    @property
    def text(self) -> str:
        if self.soon:
            return f"{clock(self.at.time())} {zone_name(str(self.at.tzinfo))}"
        return when_text(self.at)

    @property
    def iso(self) -> str:
        return self.at.isoformat()

    @property
    def zone(self) -> str:
        return str(self.at.tzinfo)


def status(meetings, now: datetime.datetime) -> Status | None:
    """What a card says about when the group meets, worked out where each meeting meets."""
    if (end := in_progress(meetings, now)) is not None:
        return Status("In progress until", end, soon=True)
    found = next_meeting(meetings, now)
    if found is None:
        return None
    start = found[0]
    if start - now <= STARTING_SOON:
        return Status(f"Starting in {minutes_text(start - now)}, at", start, soon=True)
    local_today = now.astimezone(start.tzinfo).date()
    if start.date() == local_today:
        return Status("Today,", start, soon=True)
    if start.date() == local_today + datetime.timedelta(days=1):
        return Status("Tomorrow,", start, soon=True)
    return Status("Next:", start, soon=False)


@dataclass(frozen=True)
class Occurrence:
    """One meeting start, ready for a page: text in local time, ISO form for the visitor's."""

    start: datetime.datetime

    @property
    def text(self) -> str:
        return when_text(self.start)

    @property
    def iso(self) -> str:
        return self.start.isoformat()

    @property
    def zone(self) -> str:
        return str(self.start.tzinfo)


# The SQL twin of `meets_on`, asked of each of a group's schedules over its next local days
# ("today" in the meeting's own timezone), with a condition on that day's meeting (`d.day` is
# the local date). Seven days in a row hold each weekday once, so only one of them can be a
# meeting day: the one on the schedule's weekday (asking of that day alone, rather than of a
# generated series, is what keeps it quick, and keeps PostgreSQL's JIT from starting).
# tests/groups/test_schedule.py checks that SQL and Python agree. Python weekdays run Monday=0,
# PostgreSQL's isodow Monday=1. Modulo is written %% because the text passes through
# query-parameter formatting; {group} is where the group's id goes.
_NEXT_MEETING_DAY = """
    groups_meeting AS m
    CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE m.timezone)::date AS today) AS t
    CROSS JOIN LATERAL (
        SELECT t.today + (m.weekday - (extract(isodow FROM t.today)::int - 1) + 7) %% 7 AS day
    ) AS d"""
_MEETS_THAT_DAY = """
    d.day >= m.valid_from
    AND (m.valid_to IS NULL OR d.day <= m.valid_to)
    AND CASE WHEN m.frequency = 'monthly' THEN
          CASE WHEN m.week_of_month = -1
               THEN extract(month FROM d.day + 7) <> extract(month FROM d.day)
               ELSE (extract(day FROM d.day)::int - 1) / 7 + 1 = m.week_of_month END
          AND ((extract(year FROM d.day)::int - extract(year FROM m.valid_from)::int) * 12
               + extract(month FROM d.day)::int - extract(month FROM m.valid_from)::int)
              %% m.interval = 0
        ELSE ((d.day - (m.valid_from
               + (m.weekday - (extract(isodow FROM m.valid_from)::int - 1) + 7) %% 7)) / 7)
              %% m.interval = 0
        END"""


def meets_sql(last_day: int, condition: str = "TRUE") -> str:
    # Only constants of this module are written in: nothing from a request.
    return f"""
EXISTS (
    SELECT 1
    FROM {_NEXT_MEETING_DAY}
    WHERE m.group_id = {{group}}
      AND d.day <= t.today + {last_day:d}
      AND {_MEETS_THAT_DAY}
      AND {condition}
)
"""  # noqa: S608


# How far ahead "in the next few hours" looks.
NEXT_HOURS = 3
_ENDS = "((d.day::date + m.end_time) AT TIME ZONE m.timezone)"
_STARTS = "((d.day::date + m.start_time) AT TIME ZONE m.timezone)"
MEETS_WITHIN_A_WEEK_SQL = meets_sql(6)
# Twin of `later_today`: a meeting today, where it meets, that is not over yet.
MEETS_LATER_TODAY_SQL = meets_sql(0, f"{_ENDS} > now()")
# Twin of `within_hours`: going on now or starting within NEXT_HOURS (perhaps after midnight).
MEETS_IN_THE_NEXT_HOURS_SQL = meets_sql(
    1, f"{_ENDS} > now() AND {_STARTS} <= now() + interval '{NEXT_HOURS:d} hours'"
)


# What groups.browsing keeps to answer "When" for every group, read in one pass over the
# meetings: a row for each group with a meeting day in the coming week (start and end NULL),
# and one for each meeting today or tomorrow with its start and end (seconds since 1970) and
# whether it is today, where it meets. `soon_from_instants` answers "later today" and "in the
# next few hours" from those as MEETS_LATER_TODAY_SQL and MEETS_IN_THE_NEXT_HOURS_SQL do
# (tests/groups/test_browsing.py holds them together), until the first local midnight after now
# (`NEXT_MIDNIGHT_SQL`), when a new day begins somewhere.
_O_ENDS = "((o.day + o.end_time) AT TIME ZONE o.timezone)"
_O_STARTS = "((o.day + o.start_time) AT TIME ZONE o.timezone)"
MEETINGS_THIS_WEEK_SQL = f"""
WITH o AS MATERIALIZED (
    SELECT m.group_id, m.start_time, m.end_time, m.timezone, d.day, t.today
    FROM {_NEXT_MEETING_DAY}
    WHERE {_MEETS_THAT_DAY}
)
SELECT DISTINCT o.group_id, NULL::float8, NULL::float8, NULL::boolean FROM o
UNION ALL
SELECT o.group_id, extract(epoch FROM {_O_STARTS})::float8,
       extract(epoch FROM {_O_ENDS})::float8, o.day = o.today
FROM o
WHERE o.day <= o.today + 1
"""  # noqa: S608
NEXT_MIDNIGHT_SQL = """
SELECT min(((now() AT TIME ZONE z.timezone)::date + 1)::timestamp AT TIME ZONE z.timezone)
FROM (SELECT DISTINCT timezone FROM groups_meeting) AS z
"""


def soon_from_instants(
    meetings: list[tuple[int, float, float, bool]], now: float
) -> tuple[list[int], list[int], float | None]:
    """From (group, start, end, today) of the meetings today and tomorrow, in seconds since
    1970: the groups meeting in the next few hours, those meeting later today, and the first
    moment after `now` at which either answer changes (an end, or NEXT_HOURS before a start)."""
    ahead = NEXT_HOURS * 3600
    hours, today, changes = [], [], []
    for group, start, end, is_today in meetings:
        if end > now:
            changes.append(end)
            if start <= now + ahead:
                hours.append(group)
            if is_today:
                today.append(group)
        if start - ahead > now:
            changes.append(start - ahead)
    return hours, today, min(changes, default=None)
