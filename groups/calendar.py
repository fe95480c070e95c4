"""A group's meetings as an RFC 5545 calendar file.

Each schedule becomes one recurring event in the meeting's own timezone (TZID with a generated
VTIMEZONE), so calendars keep the local time across daylight-saving changes. The location is
exactly what the group page shows: the area for confidential places. Private online links
never appear.
"""

import datetime

from icalendar import Calendar, Event

from groups import schedule
from groups.models import Frequency, SupportGroup

BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def first_meeting(meeting) -> datetime.datetime | None:
    """The first start on or after the schedule's `valid_from`, in its own timezone."""
    from_midnight = datetime.datetime.combine(
        meeting.valid_from, datetime.time.min, tzinfo=datetime.UTC
    ) - datetime.timedelta(days=1)
    starts = [
        start
        for start in schedule.upcoming(meeting, from_midnight, count=2)
        if start.date() >= meeting.valid_from
    ]
    return starts[0] if starts else None


def recurrence(meeting) -> dict:
    rule = {
        "freq": "monthly" if meeting.frequency == Frequency.MONTHLY else "weekly",
        "interval": meeting.interval,
    }
    day = BYDAY[meeting.weekday]
    rule["byday"] = f"{meeting.week_of_month}{day}" if meeting.week_of_month else day
    if meeting.valid_to:
        end = datetime.datetime.combine(meeting.valid_to, datetime.time.max, tzinfo=datetime.UTC)
        rule["until"] = end.replace(microsecond=0)
    return rule


def group_calendar(group: SupportGroup, *, page_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Peer Support Directory//Group meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", group.name)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    for meeting in group.meetings.all():
        start = first_meeting(meeting)
        if start is None:
            continue
        end = datetime.datetime.combine(start.date(), meeting.end_time, tzinfo=start.tzinfo)
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@peer-support-directory")
        event.add("dtstamp", now)
        event.add("summary", group.name)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("rrule", recurrence(meeting))
        event.add("url", page_url)
        if meeting.place is not None:
            event.add("location", ", ".join(meeting.place.public_address_lines))
        elif group.public_online_url:
            event.add("location", group.public_online_url)
        details = [group.summary, f"How to join and contact details: {page_url}"]
        if meeting.place is not None and not meeting.place.is_public:
            details.append("The organiser shares the exact place after you contact them.")
        event.add("description", "\n\n".join(details))
        calendar.add_component(event)
    # Timezone rules from the first meeting for ten years: enough for any calendar app,
    # without half a century of history in every file.
    first = min((m.valid_from for m in group.meetings.all()), default=now.date())
    calendar.add_missing_timezones(first_date=first, last_date=first.replace(year=first.year + 10))
    return calendar.to_ical()
