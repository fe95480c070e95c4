"""When a warmline, drop-in centre or respite is open: weekly hours and dates it is closed.

Hours are wall-clock times in the listing's own timezone (`SupportGroup.timezone`); groups/hours.py
works out what they mean at a given moment.
"""

import datetime
from typing import NamedTuple

from django.db import models
from django.db.models import F, Q

from groups import hours
from groups.models.meetings import Weekday
from search.history import tracked


@tracked()
class OpeningHours(models.Model):
    """One range of time a listing is open, every week on one day.

    A range past midnight (5:00 pm to 2:00 am) closes the next day and belongs to the day it
    opens; 24 hours is 12:00 am to 12:00 am the next day. A day may have several ranges.
    """

    listing = models.ForeignKey(
        "groups.SupportGroup", on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()
    closes_next_day = models.BooleanField(
        "Closes the next day",
        default=False,
        help_text="For hours past midnight, such as 5:00 pm to 2:00 am. For 24 hours, open at "
        "00:00 and close at 00:00 the next day.",
    )

    class Meta:
        ordering = ["listing", "weekday", "opens"]
        verbose_name = "range of opening hours"
        verbose_name_plural = "opening hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__lte=6),
                name="opening_hours_weekday_range",
                violation_error_message="Choose a day of the week.",
            ),
            models.CheckConstraint(
                condition=Q(closes_next_day=True) | Q(closes__gt=F("opens")),
                name="opening_hours_close_after_they_open",
                violation_error_message=(
                    "Hours must close after they open. If they close at or after midnight, tick "
                    "“Closes the next day”."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closes_next_day=False) | Q(closes__lte=F("opens")),
                name="opening_hours_overnight_at_most_a_day",
                violation_error_message=(
                    "Hours that close the next day last 24 hours at most: they close no later "
                    "than the time they opened."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing}: {self.get_weekday_display()} {self.time_text}"

    @property
    def time_text(self) -> str:
        """'9:00 am to 5:00 pm', '5:00 pm to 2:00 am', '24 hours'."""
        return hours.range_text(self)


@tracked()
class Closure(models.Model):
    """A date a listing is closed, such as a holiday, in its own timezone.

    It closes the hours that open on that date; overnight hours that opened the evening before
    still run until they close.
    """

    listing = models.ForeignKey(
        "groups.SupportGroup", on_delete=models.CASCADE, related_name="closures"
    )
    date = models.DateField()
    note = models.CharField(max_length=200, blank=True, help_text="Such as “Thanksgiving”.")

    class Meta:
        ordering = ["listing", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "date"],
                name="closure_one_a_date",
                violation_error_message="This date is already marked as closed.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing}: closed {self.date:%Y-%m-%d}"


class Range(NamedTuple):
    """One range of weekly hours as groups.hours reads it, without a model instance."""

    weekday: int
    opens: datetime.time
    closes: datetime.time
    closes_next_day: bool


def timetables(listings) -> dict[int, hours.Timetable]:
    """Each listing's timetable by id, from its hours and closures read as plain rows: two
    queries for any number of listings (a prefetch would build a query set for each)."""
    ids = [listing.pk for listing in listings]
    ranges: dict[int, list[Range]] = {}
    for listing_id, *values in OpeningHours.objects.filter(listing__id__any_of=ids).values_list(
        "listing_id", "weekday", "opens", "closes", "closes_next_day"
    ):
        ranges.setdefault(listing_id, []).append(Range(*values))
    closed: dict[int, set[datetime.date]] = {}
    for listing_id, date in Closure.objects.filter(listing__id__any_of=ids).values_list(
        "listing_id", "date"
    ):
        closed.setdefault(listing_id, set()).add(date)
    return {
        listing.pk: hours.Timetable(
            listing.timezone,
            tuple(ranges.get(listing.pk, ())),
            frozenset(closed.get(listing.pk, ())),
        )
        for listing in listings
    }
