import zoneinfo
from collections import defaultdict

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Min, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from groups import schedule
from groups.earth import (
    METERS_PER_MILE,
    Earth,
    GreatCircleMeters,
    WithinEarthBox,
    earth_point,
    public_earth,
)
from search.choices import EditorialStatus, Language

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a timezone name such as America/Chicago.")


class Category(models.Model):
    """What a group is about, such as domestic violence or self-injury."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    is_separated = models.BooleanField(
        default=False,
        help_text="Groups in this category (programs for people who use violence) appear "
        "in results only when someone chooses this category.",
    )
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """Who runs one or more support groups."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("name", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["search_vector"], name="organization_search")]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A ZIP code or a town from the local gazetteer, with its centre point and timezone."""

    class Kind(models.TextChoices):
        ZIP = "zip", "ZIP code"
        TOWN = "town", "Town"

    kind = models.CharField(max_length=4, choices=Kind.choices)
    postal_code = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=100)
    search_key = models.CharField(
        max_length=100, blank=True, help_text="The town name as searches compare it: 'saint paul'."
    )
    state = models.CharField(max_length=2)
    county = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, default="US")
    latitude = models.FloatField(validators=LATITUDE)
    longitude = models.FloatField(validators=LONGITUDE)
    timezone = models.CharField(max_length=64)

    class Meta:
        ordering = ["state", "city", "postal_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["postal_code"], condition=Q(kind="zip"), name="place_zip_unique"
            ),
            models.UniqueConstraint(
                fields=["country", "state", "city"],
                condition=Q(kind="town"),
                name="place_town_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind="town", postal_code="") | Q(kind="zip") & ~Q(postal_code=""),
                name="place_zip_has_code",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="place_point_on_earth",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "city"], name="place_state_city"),
            models.Index(fields=["search_key", "state"], name="place_search_key_state"),
            GinIndex(
                fields=["search_key"], opclasses=["gin_trgm_ops"], name="place_search_key_trgm"
            ),
            GistIndex(Earth("latitude", "longitude"), name="place_earth_at"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.ZIP:
            return f"{self.postal_code} ({self.city}, {self.state})"
        return f"{self.city}, {self.state}"


class AddressVisibility(models.TextChoices):
    PUBLIC = "public", "Show the street address"
    AREA_ONLY = "area_only", "Show only the town and ZIP area"
    ON_REQUEST = "on_request", "Show only the city; the place is shared on request"


class MeetingPlace(models.Model):
    """Where meetings happen; confidential places only ever show their area in public."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="places"
    )
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Venue name. Shown only when the address is public.",
    )
    street_address = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=10)
    country = models.CharField(max_length=2, default="US")
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    address_visibility = models.CharField(
        max_length=20, choices=AddressVisibility.choices, default=AddressVisibility.AREA_ONLY
    )
    venue_latitude = models.FloatField(
        null=True, blank=True, validators=LATITUDE, help_text="Only for public addresses."
    )
    venue_longitude = models.FloatField(null=True, blank=True, validators=LONGITUDE)
    area = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The gazetteer ZIP or town whose centre stands in for this place.",
    )
    area_latitude = models.FloatField(validators=LATITUDE)
    area_longitude = models.FloatField(validators=LONGITUDE)
    # The one point public output may use: the venue when public (the constraint below keeps
    # venue coordinates off every other place), otherwise the area centre.
    public_latitude = models.GeneratedField(
        expression=Coalesce(F("venue_latitude"), F("area_latitude")),
        output_field=models.FloatField(),
        db_persist=True,
    )
    public_longitude = models.GeneratedField(
        expression=Coalesce(F("venue_longitude"), F("area_longitude")),
        output_field=models.FloatField(),
        db_persist=True,
    )
    step_free_access = models.BooleanField(default=False)
    accessible_restroom = models.BooleanField(default=False)
    parking = models.BooleanField(default=False)
    near_transit = models.BooleanField(default=False)
    access_notes = models.TextField(
        blank=True, help_text="Public notes on getting in and around. Never the address."
    )
    private_notes = models.TextField(blank=True, help_text="For curators only.")
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["state", "city", "postal_code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(address_visibility="public")
                | Q(venue_latitude__isnull=True, venue_longitude__isnull=True),
                name="meeting_place_venue_point_only_when_public",
            ),
            models.CheckConstraint(
                condition=Q(venue_latitude__isnull=True, venue_longitude__isnull=True)
                | Q(venue_latitude__isnull=False, venue_longitude__isnull=False),
                name="meeting_place_venue_point_complete",
            ),
            models.CheckConstraint(
                condition=~Q(address_visibility="public") | ~Q(street_address=""),
                name="meeting_place_public_has_address",
            ),
            models.CheckConstraint(
                condition=Q(area_latitude__gte=-90, area_latitude__lte=90)
                & Q(area_longitude__gte=-180, area_longitude__lte=180),
                name="meeting_place_area_on_earth",
            ),
        ]
        indexes = [
            GistIndex(Earth("public_latitude", "public_longitude"), name="meeting_place_earth_at"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.street_address or 'Place'}, {self.city}, {self.state}"

    @property
    def is_public(self) -> bool:
        return self.address_visibility == AddressVisibility.PUBLIC

    @property
    def public_address_lines(self) -> list[str]:
        """What public pages may show of this place: the full address only when public."""
        if not self.is_public:
            return [self.public_area]
        locality = f"{self.city}, {self.state} {self.postal_code}"
        lines = [self.name, self.street_address, self.address_line_2, locality]
        return [line for line in lines if line]

    @property
    def public_area(self) -> str:
        """The most a visitor may learn about where a non-public place is."""
        if self.address_visibility == AddressVisibility.ON_REQUEST:
            return f"{self.city}, {self.state}"
        return f"{self.city}, {self.state} {self.postal_code}"


class Audience(models.TextChoices):
    ANYONE = "anyone", "Anyone"
    WOMEN = "women", "Women"
    MEN = "men", "Men"
    LGBTQ = "lgbtq", "LGBTQ+ people"
    TRANS_NONBINARY = "trans_nonbinary", "Trans and non-binary people"
    YOUTH = "youth", "Young people"
    OLDER_ADULTS = "older_adults", "Older adults"
    FAMILY_FRIENDS = "family_friends", "Family and friends"


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "In person and online"
    PHONE = "phone", "By phone"


class Facilitation(models.TextChoices):
    PEER = "peer", "Peer-led"
    PROFESSIONAL = "professional", "Led by a professional"
    CO_FACILITATED = "co_facilitated", "Co-led by a peer and a professional"


class Cost(models.TextChoices):
    FREE = "free", "Free"
    DONATION = "donation", "Donation welcome"
    SLIDING_SCALE = "sliding_scale", "Sliding scale"
    FEE = "fee", "Fee"


class Joining(models.TextChoices):
    DROP_IN = "drop_in", "Drop in"
    REGISTRATION = "registration", "Register first"
    INTAKE = "intake", "Short intake conversation first"


class Cohort(models.TextChoices):
    OPEN = "open", "Open: join any time"
    CLOSED = "closed", "Closed: starts together and runs for a set number of weeks"


class LinkVisibility(models.TextChoices):
    PRIVATE = "private", "Sent after you register"
    PUBLIC = "public", "Shown on the page"


def meetings_with_places() -> models.Prefetch:
    return models.Prefetch("meetings", Meeting.objects.select_related("place"))


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
CARD_FIELDS = [
    "name",
    "slug",
    "summary",
    "format",
    "facilitation",
    "cost",
    "is_demo",
    "last_verified",
]


def with_meetings(groups: list["SupportGroup"]) -> list["SupportGroup"]:
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


class SupportGroupQuerySet(models.QuerySet):
    def published(self) -> "SupportGroupQuerySet":
        return self.filter(status=EditorialStatus.PUBLISHED)

    def without_separated(self) -> "SupportGroupQuerySet":
        """Leave out programs for people who use violence (shown only when chosen)."""
        return self.filter(is_separated=False)

    def near(self, place: "Place", *, miles: int) -> "SupportGroupQuerySet":
        """Groups meeting within `miles` of `place`, with `meters_away` to their nearest meeting.

        The meeting place earth index finds the places inside the box that holds the radius;
        only those are measured exactly. Confidential places are measured by their area point.
        """
        meters = miles * METERS_PER_MILE
        centre = earth_point(place.latitude, place.longitude)
        return (
            self.filter(WithinEarthBox(centre, meters, public_earth("meetings__place__")))
            .annotate(
                meters_away=Min(
                    GreatCircleMeters(place.latitude, place.longitude, "meetings__place__")
                )
            )
            .filter(meters_away__lte=meters)
        )

    def for_cards(self) -> "SupportGroupQuerySet":
        """Only what a result card shows; add their meetings with `with_meetings`."""
        return self.only(*CARD_FIELDS)

    def for_listing(self) -> "SupportGroupQuerySet":
        """A group with its organisation and its meetings with their places."""
        # Search vectors are for the database only; never ship them to Python.
        return (
            self.select_related("organization")
            .defer("search_vector", "organization__search_vector")
            .prefetch_related(meetings_with_places())
        )

    def for_page(self) -> "SupportGroupQuerySet":
        """Everything a group's own page shows."""
        return self.for_listing().prefetch_related("categories")


class SupportGroup(models.Model):
    """A peer support group someone can join."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="groups")
    categories = models.ManyToManyField(Category, related_name="groups")
    summary = models.CharField(max_length=300, help_text="One plain sentence for results.")
    description = models.TextField(help_text="What a meeting is like.")
    content_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Short factual note shown before the description when it describes abuse "
        "or self-injury in detail.",
    )
    audiences = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices), default=list, blank=True
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=Language.choices), default=list, blank=True
    )
    format = models.CharField(max_length=20, choices=Format.choices)
    facilitation = models.CharField(max_length=20, choices=Facilitation.choices)
    clinical_partner = models.CharField(
        max_length=200, blank=True, help_text="A clinician or program the group works with."
    )
    cost = models.CharField(max_length=20, choices=Cost.choices, default=Cost.FREE)
    cost_note = models.CharField(max_length=200, blank=True)
    joining = models.CharField(max_length=20, choices=Joining.choices)
    cohort = models.CharField(max_length=10, choices=Cohort.choices, default=Cohort.OPEN)
    how_to_join = models.TextField(help_text="What someone does to join, step by step.")
    what_happens_next = models.TextField(
        blank=True, help_text="What happens after someone gets in touch. Shown on every page."
    )
    childcare = models.BooleanField(default=False)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_text = models.CharField(max_length=40, blank=True, help_text="A number for texts.")
    contact_email = models.EmailField(blank=True)
    contact_website = models.URLField(max_length=500, blank=True)
    safe_contact_hours = models.CharField(
        max_length=200, blank=True, help_text="When it is safe to expect a call back."
    )
    online_url = models.URLField(max_length=500, blank=True)
    online_link_visibility = models.CharField(
        max_length=10, choices=LinkVisibility.choices, default=LinkVisibility.PRIVATE
    )
    serves_states = ArrayField(
        models.CharField(max_length=2),
        default=list,
        blank=True,
        help_text="For online and phone groups: the states whose residents may join. "
        "Empty means anyone in the country.",
    )
    country = models.CharField(max_length=2, default="US")
    status = models.CharField(
        max_length=20, choices=EditorialStatus.choices, default=EditorialStatus.DRAFT
    )
    last_verified = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Example content loaded for demonstrations."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Summaries of the group's meetings, kept by groups.services.refresh_meeting_summaries so
    # that search can filter and count by day, time and access without joining meetings.
    # Kept by groups.services.refresh_categories whenever categories change, so that search
    # filters and counts by category without joining the link table.
    category_slugs = ArrayField(models.CharField(max_length=100), default=list, editable=False)
    is_separated = models.BooleanField(
        default=False, editable=False, help_text="In a separated category."
    )
    meeting_days = ArrayField(models.PositiveSmallIntegerField(), default=list, editable=False)
    meeting_times = ArrayField(models.CharField(max_length=10), default=list, editable=False)
    access_features = ArrayField(models.CharField(max_length=30), default=list, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("description", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = SupportGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name"], name="group_status_name"),
            GinIndex(fields=["audiences"], name="group_audiences"),
            GinIndex(fields=["languages"], name="group_languages"),
            GinIndex(fields=["meeting_days"], name="group_meeting_days"),
            GinIndex(fields=["category_slugs"], name="group_category_slugs"),
            # The online section: published online and phone groups, most recently checked first.
            models.Index(
                F("last_verified").desc(nulls_last=True),
                "name",
                "id",
                condition=Q(status="published", format__in=["online", "phone"]),
                name="group_online_recent",
            ),
            GinIndex(fields=["search_vector"], name="group_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(cost="fee") | ~Q(cost_note=""), name="group_fee_has_note"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.slug])

    @property
    def audience_labels(self) -> list[str]:
        return [Audience(value).label for value in self.audiences]

    @property
    def language_labels(self) -> list[str]:
        return [Language(value).label for value in self.languages]

    @property
    def meets_online(self) -> bool:
        return self.format in (Format.ONLINE, Format.HYBRID)

    @property
    def public_online_url(self) -> str:
        """The meeting link, but only when the organiser chose to publish it."""
        if self.online_link_visibility == LinkVisibility.PUBLIC:
            return self.online_url
        return ""


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


class Meeting(models.Model):
    """One recurring schedule of a group, in the timezone where it meets."""

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="meetings")
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
                condition=Q(interval__gte=1, interval__lte=4), name="meeting_interval_range"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="meeting_weekday_range"),
            models.CheckConstraint(
                condition=Q(frequency="weekly", week_of_month__isnull=True)
                | Q(
                    frequency="monthly",
                    week_of_month__isnull=False,
                    week_of_month__in=[1, 2, 3, 4, -1],
                ),
                name="meeting_week_of_month_only_monthly",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="meeting_valid_range",
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
