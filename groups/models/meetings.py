"""When groups meet: recurring schedules in the timezone of where they meet."""

from collections import defaultdict

from django.db import models
from django.db.models import F, Q

from groups import schedule
from groups.models.places import MeetingPlace, validate_timezone
from search.history import tracked


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly, on a set weekday"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "First"
    SECOND = 2, "Second"
    THIRD = 3, "Third"
    FOURTH = 4, "Fourth"
    LAST = -1, "Last"


@tracked()
class Meeting(models.Model):
    """One recurring schedule of a group, in the timezone where it meets."""

    group = models.ForeignKey(
        "groups.SupportGroup", on_delete=models.CASCADE, related_name="meetings"
    )
    place = models.ForeignKey(
        MeetingPlace,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text="Leave empty for online and phone meetings.",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    interval = models.PositiveSmallIntegerField(
        default=1, help_text="1 = every week (or month), 2 = every other, and so on."
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    week_of_month = models.SmallIntegerField(
        null=True, blank=True, choices=WeekOfMonth.choices, help_text="Monthly meetings only."
    )
    start_time = models.TimeField()
    end_time = models.TimeField()
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    valid_from = models.DateField(
        help_text="The first date of this schedule; every-other-week counts from here."
    )
    valid_to = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["group", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval__gte=1, interval__lte=4),
                name="meeting_interval_range",
                violation_error_message="A meeting repeats every 1 to 4 weeks or months.",
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6),
                name="meeting_weekday_range",
                violation_error_message="Choose a day of the week.",
            ),
            models.CheckConstraint(
                condition=Q(frequency="weekly", week_of_month__isnull=True)
                | Q(
                    frequency="monthly",
                    week_of_month__isnull=False,
                    week_of_month__in=[1, 2, 3, 4, -1],
                ),
                name="meeting_week_of_month_only_monthly",
                violation_error_message=(
                    "A monthly meeting needs its week of the month (first to fourth, or last); a "
                    "weekly one has none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message="A meeting must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="meeting_valid_range",
                violation_error_message="The last date must be on or after the first date.",
            ),
        ]
        indexes = [
            models.Index(fields=["weekday", "start_time"], name="meeting_day_time"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_weekday_display()} {self.start_time:%H:%M}"

    @property
    def recurrence_text(self) -> str:
        return schedule.recurrence_text(
            frequency=self.frequency,
            interval=self.interval,
            weekday=self.weekday,
            week_of_month=self.week_of_month,
        )

    @property
    def time_text(self) -> str:
        return (
            f"{schedule.clock(self.start_time)} to {schedule.clock(self.end_time)}, "
            f"{schedule.zone_name(self.timezone)}"
        )


def meetings_with_places() -> models.Prefetch:
    return models.Prefetch("meetings", Meeting.objects.select_related("place"))


# What a result card shows of each meeting (groups.templatetags.group_cards).
CARD_MEETING_FIELDS = [
    "group",
    "place",
    "frequency",
    "interval",
    "weekday",
    "week_of_month",
    "start_time",
    "end_time",
    "timezone",
    "valid_from",
    "valid_to",
]


def with_meetings(groups: list) -> list:
    """Give each group its `card_meetings`, for several lists of groups in one query.

    Cards show the schedule and the public area of the place: street addresses and venue points
    are never even loaded for a list of results.
    """
    meetings = (
        Meeting.objects.filter(group_id__in={group.pk for group in groups})
        .select_related("place")
        .only(
            *CARD_MEETING_FIELDS,
            "place__city",
            "place__state",
            "place__postal_code",
            "place__address_visibility",
        )
        .order_by("weekday", "start_time", "pk")  # not by group name: no join needed
    )
    by_group = defaultdict(list)
    for meeting in meetings:
        by_group[meeting.group_id].append(meeting)
    for group in groups:
        # A plain list, not a prefetch: that would build a queryset for every group.
        group.card_meetings = by_group[group.pk]
    return groups
