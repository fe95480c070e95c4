"""What a listing's own page says about when it is open and who it is for, by its kind.

Support groups say when they meet (groups.schedule); warmlines, drop-in centres and peer
respites say when they are open (groups.hours), from hours and closures the page's query set
has already fetched, so every kind's page makes the same queries.
"""

import datetime
from dataclasses import dataclass

from groups import hours
from groups.geo import US_STATES
from groups.models import ListingKind, SupportGroup
from groups.schedule import WEEKDAYS, zone_name

# How many closed dates ahead the page lists.
CLOSED_DATES_SHOWN = 5


@dataclass(frozen=True)
class ClosedDate:
    date: datetime.date
    note: str

    @property
    def text(self) -> str:
        """'Thursday, November 26 (Thanksgiving)'."""
        day = f"{WEEKDAYS[self.date.weekday()]}, {self.date:%B} {self.date.day}"
        return f"{day} ({self.note})" if self.note else day


@dataclass(frozen=True)
class OpeningTimes:
    """When a listing with opening hours is open: now, every week, and the dates it is closed."""

    status: hours.Status
    week: str
    zone: str
    closed: list[ClosedDate]

    @classmethod
    def of(cls, listing: SupportGroup, now: datetime.datetime) -> "OpeningTimes | None":
        """None when the listing has no hours (or no timezone for them)."""
        timetable = hours.Timetable.of(listing)
        status = timetable.status(now)
        if status is None:
            return None
        today = timetable.today(now)
        closed = sorted(
            (closure for closure in listing.closures.all() if closure.date >= today),
            key=lambda closure: closure.date,
        )
        return cls(
            status=status,
            week=hours.weekly_summary(timetable.ranges),
            zone=zone_name(listing.timezone),
            closed=[ClosedDate(c.date, c.note) for c in closed[:CLOSED_DATES_SHOWN]],
        )


def dial(number: str) -> str:
    """A phone number as tel: and sms: links want it: digits and a leading plus only."""
    return "".join(char for char in number if char.isdigit() or char == "+")


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def who_may_call(listing: SupportGroup) -> str:
    """'Adults who live in Ohio', as the listing says, or from the states it serves."""
    if listing.who_may_call:
        return listing.who_may_call
    if not listing.serves_states:
        return "Anyone in the country can call."
    states = [US_STATES.get(state, state) for state in sorted(listing.serves_states)]
    return f"People who live in {_or(states)} can call."


def page_context(listing: SupportGroup, now: datetime.datetime) -> dict:
    """What a page of a kind other than a support group adds to its context."""
    if listing.kind == ListingKind.SUPPORT_GROUP:
        return {}
    context = {"opening": OpeningTimes.of(listing, now)}
    if listing.kind == ListingKind.WARMLINE:
        context["who_may_call"] = who_may_call(listing)
    return context
