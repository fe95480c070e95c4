"""When a listing with opening hours is open, worked out in its own timezone.

Hours are wall-clock times on local dates: 9:00 am stays 9:00 am where the listing is, whatever
the clocks did overnight. A range that closes the next day belongs to the day it opens, and a
closed date closes the ranges that open on it (an overnight range from the evening before still
runs until it closes). `OPEN_NOW_SQL` is the database's twin of `Timetable.is_open`;
tests/groups/test_hours.py checks that they agree.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from groups.schedule import WEEKDAYS, clock, minutes_text, zone_name

UTC = datetime.UTC
DAY = datetime.timedelta(days=1)
MIDNIGHT = datetime.time(0, 0)
# Up to an hour ahead, the words count the minutes ("closes in 40 minutes").
SOON = datetime.timedelta(hours=1)
# Closing within this long, the time alone is clear ("closes at 2:00 am", after midnight).
CLOSES_TONIGHT = datetime.timedelta(hours=12)
# Open without a break for longer than this is "Open 24 hours".
AROUND_THE_CLOCK = datetime.timedelta(days=7)
# How far ahead to look for the next opening.
LOOK_AHEAD_DAYS = 14


def local(day: datetime.date, time: datetime.time, zone: ZoneInfo) -> datetime.datetime:
    """The moment (in UTC) a wall-clock time comes on a local date there.

    On the nights the clocks change, a time they skip (2:30 am in March) is read with the
    offset before the change, so it comes an hour later, and a time that comes twice (1:30 am
    in November) is read as the second one: the later reading either way, which is what
    PostgreSQL's AT TIME ZONE does, so the SQL twin agrees.
    """
    moment = datetime.datetime.combine(day, time, tzinfo=zone)
    return max(moment.astimezone(UTC), moment.replace(fold=1).astimezone(UTC))


def close_clock(value: datetime.time) -> str:
    """A closing or range time: 'midnight' rather than '12:00 am'."""
    return "midnight" if value == MIDNIGHT else clock(value)


def range_text(hours) -> str:
    """'9:00 am to 5:00 pm', '5:00 pm to 2:00 am', '24 hours'."""
    if hours.closes_next_day and hours.opens == hours.closes:
        return "24 hours" if hours.opens == MIDNIGHT else f"24 hours from {clock(hours.opens)}"
    return f"{close_clock(hours.opens)} to {close_clock(hours.closes)}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _days_text(days: list[int]) -> str:
    """'Every day', 'Monday to Friday', 'Saturday and Sunday', 'Monday, Wednesday and Friday'."""
    if len(days) == 7:
        return "Every day"
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    words = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{WEEKDAYS[run[0]]} to {WEEKDAYS[run[-1]]}")
        else:
            words += [WEEKDAYS[day] for day in run]
    return _and(words)


def weekly_summary(ranges) -> str:
    """'Monday to Friday, 9:00 am to 5:00 pm; Saturday, 5:00 pm to 2:00 am'.

    Days with the same hours go together; days without hours are left out. Overnight hours
    are written on the day they open.
    """
    by_day: dict[int, list] = {}
    for hours in sorted(ranges, key=lambda hours: (hours.weekday, hours.opens)):
        by_day.setdefault(hours.weekday, []).append(range_text(hours))
    same: dict[tuple[str, ...], list[int]] = {}
    for day, texts in by_day.items():
        same.setdefault(tuple(texts), []).append(day)
    return "; ".join(f"{_days_text(days)}, {_and(list(texts))}" for texts, days in same.items())


# Where a range lies in the week, in seconds from Monday 00:00, for checking overlaps.
WEEK_SECONDS = 7 * 24 * 3600


def _seconds(value: datetime.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def week_span(hours) -> tuple[int, int]:
    start = hours.weekday * 86400 + _seconds(hours.opens)
    end = (hours.weekday + hours.closes_next_day) * 86400 + _seconds(hours.closes)
    return start, end


def overlapping(ranges) -> list[tuple]:
    """Pairs of ranges that are open at the same time in some week, including an overnight
    range that runs into the next day's first range (Sunday night runs into Monday)."""
    found = []
    ranges = list(ranges)
    for n, first in enumerate(ranges):
        start, end = week_span(first)
        for second in ranges[n + 1 :]:
            other_start, other_end = week_span(second)
            if any(
                start < other_end + shift and other_start + shift < end
                for shift in (-WEEK_SECONDS, 0, WEEK_SECONDS)
            ):
                found.append((first, second))
    return found


@dataclass(frozen=True)
class Status:
    """Whether a listing is open, as a card or page says it, in the listing's own timezone.

    `lead` is the plain words; when `time_text` is not empty it follows them, and it is the
    time `at` (the next closing or opening) as a <time datetime data-zone> element shows it,
    so the visitor's own time can be added. "Closes in 40 minutes" and "Open 24 hours" need
    no time.
    """

    is_open: bool
    lead: str
    at: datetime.datetime | None = None
    time_text: str = ""

    @property
    def text(self) -> str:
        return f"{self.lead} {self.time_text}" if self.time_text else self.lead

    @property
    def iso(self) -> str:
        return self.at.isoformat() if self.at else ""

    @property
    def zone(self) -> str:
        return str(self.at.tzinfo) if self.at else ""

    @property
    def zone_name(self) -> str:
        return zone_name(self.zone) if self.at else ""


def _on_day(day: datetime.date, today: datetime.date) -> str:
    """The words for a local date before 'at': '', 'tomorrow ', 'Monday ', 'Monday, March 16, '."""
    days = (day - today).days
    if days == 0:
        return ""
    if days == 1:
        return "tomorrow "
    if days < 7:
        return f"{WEEKDAYS[day.weekday()]} "
    return f"{WEEKDAYS[day.weekday()]}, {day:%B} {day.day}, "


@dataclass(frozen=True)
class Timetable:
    """A listing's weekly hours and closed dates, in its timezone: what the engine reads.

    `ranges` are OpeningHours rows or anything with their weekday, opens, closes and
    closes_next_day; `closed` are the local dates of its closures.
    """

    timezone: str
    ranges: tuple = ()
    closed: frozenset = frozenset()

    @classmethod
    def of(cls, listing) -> "Timetable":
        """A listing's timetable, from its (perhaps prefetched) hours and closures."""
        return cls(
            listing.timezone,
            tuple(listing.opening_hours.all()),
            frozenset(closure.date for closure in listing.closures.all()),
        )

    @property
    def zone(self) -> ZoneInfo | None:
        """None while hours have no timezone: then they say nothing, here and in SQL."""
        return ZoneInfo(self.timezone) if self.timezone and self.ranges else None

    def openings(
        self, first: datetime.date, last: datetime.date
    ) -> list[tuple[datetime.datetime, datetime.datetime, datetime.date]]:
        """(opens, closes, local date) of each range that opens from `first` to `last`,
        leaving out closed dates, soonest first; the moments are in UTC."""
        zone = self.zone
        by_weekday: dict[int, list] = {}
        for hours in self.ranges:
            by_weekday.setdefault(hours.weekday, []).append(hours)
        found = []
        day = first
        while zone and day <= last:
            if day not in self.closed:
                for hours in by_weekday.get(day.weekday(), ()):
                    closing_day = day + DAY if hours.closes_next_day else day
                    found.append(
                        (local(day, hours.opens, zone), local(closing_day, hours.closes, zone), day)
                    )
            day += DAY
        return sorted(found)

    def today(self, at: datetime.datetime) -> datetime.date:
        return at.astimezone(self.zone).date()

    def is_open(self, at: datetime.datetime) -> bool:
        """Whether a range is open at this moment: from its opening minute, until (not
        including) its closing minute."""
        if self.zone is None:
            return False
        today = self.today(at)
        return any(opens <= at < closes for opens, closes, _ in self.openings(today - DAY, today))

    def status(self, now: datetime.datetime) -> Status | None:
        """What a card says about when the listing is open; None if it has no hours.

        The next day is looked at first, then a week, and the whole look-ahead only when those
        can't tell: the listing is open until past them, or doesn't open before they end.
        """
        zone = self.zone
        if zone is None:
            return None
        today = self.today(now)
        for days in (1, 7, LOOK_AHEAD_DAYS):
            last = today + datetime.timedelta(days=days)
            openings = self.openings(today - DAY, last)
            # Whatever opens after the days looked at opens at this moment or later.
            horizon = local(last + DAY, MIDNIGHT, zone)
            whole = days == LOOK_AHEAD_DAYS
            # Back-to-back and overlapping ranges are one stretch of open time.
            stretches: list[list[datetime.datetime]] = []
            for opens, closes, _ in openings:
                if stretches and opens <= stretches[-1][1]:
                    stretches[-1][1] = max(stretches[-1][1], closes)
                else:
                    stretches.append([opens, closes])
            current = [closes for opens, closes in stretches if opens <= now < closes]
            if current:
                # Open past a week from now reads "Open 24 hours", however long it goes on.
                if current[0] < horizon or whole or current[0] - now > AROUND_THE_CLOCK:
                    return self._open_until(current[0], now, today)
                continue
            later = [opens for opens, _ in stretches if opens > now]
            if later:
                return self._opens_at(later[0], now, today, openings)
        return Status(False, "Not open in the next two weeks")

    def _open_until(self, closes, now, today) -> Status:
        if closes - now > AROUND_THE_CLOCK:
            return Status(True, "Open 24 hours")
        at = closes.astimezone(self.zone)
        if closes - now <= SOON:
            return Status(True, f"Open now, closes in {minutes_text(closes - now)}", at)
        # Midnight closes the day before it: "closes Friday at midnight".
        day = at.date() - DAY if at.time() == MIDNIGHT else at.date()
        on_day = "" if closes - now <= CLOSES_TONIGHT else _on_day(day, today)
        return Status(True, f"Open now, closes {on_day}at", at, close_clock(at.time()))

    def _opens_at(self, opens, now, today, openings) -> Status:
        at = opens.astimezone(self.zone)
        if opens - now <= SOON:
            return Status(False, f"Opens in {minutes_text(opens - now)}", at)
        lead = f"Opens {_on_day(at.date(), today)}at"
        if not any(day == today for _, _, day in openings):
            lead = f"Closed today. {lead}"
        return Status(False, lead, at, clock(at.time()))


# The SQL twin of `Timetable.is_open`: whether one of the listing's ranges that opened on its
# local today or yesterday (and not on a closed date) is open at the moment `at`, which is
# constant SQL such as now(). PostgreSQL's date + time makes a local wall-clock timestamp and
# AT TIME ZONE places it, as `local` does; a listing without a timezone is never open. Python
# weekdays run Monday=0, PostgreSQL's isodow Monday=1. {group} is where the listing's id goes.
def open_at_sql(at: str = "now()") -> str:
    # Only constants of this module and tests are written in: nothing from a request.
    return f"""
EXISTS (
    SELECT 1
    FROM groups_supportgroup AS l
    CROSS JOIN (SELECT ({at})::timestamptz AS at) AS t
    CROSS JOIN LATERAL (
        SELECT (t.at AT TIME ZONE NULLIF(l.timezone, ''))::date - back AS day
        FROM (VALUES (0), (1)) AS b(back)
    ) AS d
    JOIN groups_openinghours AS h
      ON h.listing_id = l.id AND h.weekday = extract(isodow FROM d.day)::int - 1
    WHERE l.id = {{group}}
      AND (d.day + h.opens) AT TIME ZONE l.timezone <= t.at
      AND (d.day + CASE WHEN h.closes_next_day THEN 1 ELSE 0 END + h.closes)
          AT TIME ZONE l.timezone > t.at
      AND NOT EXISTS (
          SELECT 1 FROM groups_closure AS c WHERE c.listing_id = l.id AND c.date = d.day
      )
)
"""  # noqa: S608


OPEN_NOW_SQL = open_at_sql()
