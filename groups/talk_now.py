""" "Talk to someone now": the warmlines a person can call from where they are, open ones first.

A warmline serves the whole country (no states) or the residents of some states. A search for a
ZIP code, a town or a state alone gives that state's lines and the national ones; without a
place, the national ones only, with a prompt for a state. Open ones come first, each card
saying so in words from the line's hours (`groups.hours.Timetable`), in its own timezone.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db.models import Q

from groups.geo import LIKELY_CHOICES, US_STATES, find_place
from groups.hours import Status, Timetable
from groups.listing_page import who_may_call
from groups.models import ListingKind, Place, SupportGroup, timetables

# What a line's card shows, and what its hours and who may call are read from.
CARD_FIELDS = [
    "name",
    "slug",
    "summary",
    "is_demo",
    "timezone",
    "serves_states",
    "who_may_call",
    "contact_phone",
    "contact_text",
    "contact_chat",
]


class TalkNowForm(forms.Form):
    near = forms.CharField(
        required=False,
        max_length=100,
        error_messages={"max_length": "Type a state, a town or a ZIP code of at most 100 letters."},
    )


@dataclass
class Line:
    """A warmline as a card shows it."""

    listing: SupportGroup
    status: Status | None
    who_may_call: str

    @property
    def is_open(self) -> bool:
        return self.status is not None and self.status.is_open


@dataclass
class LinesFound:
    near: str = ""
    state: str = ""  # two letters, once a place is known
    place: Place | None = None
    place_choices: list[Place] = field(default_factory=list)
    place_unknown: bool = False
    lines: list[Line] = field(default_factory=list)

    @property
    def state_name(self) -> str:
        return US_STATES.get(self.state, "")

    @property
    def likely_choices(self) -> list[Place]:
        return self.place_choices[:LIKELY_CHOICES]

    @property
    def more_choices(self) -> list[Place]:
        return self.place_choices[LIKELY_CHOICES:]

    @property
    def open_now(self) -> list[Line]:
        return [line for line in self.lines if line.is_open]

    @property
    def not_open(self) -> list[Line]:
        return [line for line in self.lines if not line.is_open]


def lines_for(state: str) -> list[tuple[SupportGroup, Timetable]]:
    """The published warmlines people in `state` may call (national ones only without a state),
    by name, each with its timetable, in three queries. Programs for people who use violence
    are never among them (docs/safety.md, rule 7)."""
    served = Q(serves_states=[])
    if state:
        served |= Q(serves_states__contains=[state])
    listings = list(
        SupportGroup.objects.published()
        .without_separated()
        .filter(served, kind=ListingKind.WARMLINE, country="US")
        .order_by("name", "pk")
        .only(*CARD_FIELDS)
    )
    by_id = timetables(listings)
    return [(listing, by_id[listing.pk]) for listing in listings]


def find_lines(near: str, now: datetime.datetime) -> LinesFound:
    found = LinesFound(near=near.strip())
    if found.near:
        match = find_place(found.near)
        found.place, found.place_choices = match.place, match.choices
        found.state = match.place.state if match.place else match.state
        # While the place is unknown or has to be picked, the national lines stand in.
        found.place_unknown = not found.state and not match.ambiguous
    lines = [
        Line(listing, timetable.status(now), who_may_call(listing))
        for listing, timetable in lines_for(found.state)
    ]
    # Open ones first, each part by name.
    found.lines = sorted(lines, key=lambda line: not line.is_open)
    return found
