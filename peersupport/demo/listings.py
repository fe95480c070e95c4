"""The shape of an example listing before it is loaded: a group, its place and meetings, or a
warmline, drop-in centre or peer respite with its place and opening hours."""

import datetime
from dataclasses import dataclass, field


@dataclass
class DemoPlace:
    visibility: str
    name: str
    street: str
    city: str
    state: str
    postal_code: str
    timezone: str
    area_latitude: float
    area_longitude: float
    venue_latitude: float | None
    venue_longitude: float | None
    access: dict[str, bool]
    access_notes: str


@dataclass
class DemoMeeting:
    frequency: str
    interval: int
    weekday: int
    week_of_month: int | None
    start: datetime.time
    end: datetime.time
    timezone: str
    valid_from: datetime.date


@dataclass
class DemoHours:
    weekday: int
    opens: datetime.time
    closes: datetime.time
    closes_next_day: bool = False


@dataclass
class DemoClosure:
    date: datetime.date
    note: str


@dataclass
class DemoGroup:
    name: str
    slug: str
    organization: str
    categories: list[str]
    summary: str
    description: str
    content_note: str
    audiences: list[str]
    languages: list[str]
    format: str
    facilitation: str
    clinical_partner: str
    cost: str
    cost_note: str
    joining: str
    cohort: str
    how_to_join: str
    what_happens_next: str
    childcare: bool
    contact_phone: str
    contact_text: str
    contact_email: str
    contact_website: str
    safe_contact_hours: str
    online_url: str
    online_link_visibility: str
    serves_states: list[str]
    last_verified: datetime.date
    place: DemoPlace | None
    meetings: list[DemoMeeting] = field(default_factory=list)
    kind: str = "support_group"
    # For the other kinds: hours in `timezone`, closed dates, and what their pages need.
    timezone: str = ""
    hours: list[DemoHours] = field(default_factory=list)
    closures: list[DemoClosure] = field(default_factory=list)
    who_may_call: str = ""
    contact_chat: str = ""
    stay_length: str = ""
    eligibility: str = ""
