"""How a meeting's recurrence reads to a person."""

import datetime

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
