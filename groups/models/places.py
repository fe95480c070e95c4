"""Where groups meet: the place gazetteer, and meeting places with their address visibility.

A confidential place only ever shows its area in public (docs/safety.md, rule 6): its street
address stays in the database, and its public point is the area's centre.
"""

import re
import unicodedata
import zoneinfo

from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from groups.earth import Earth
from search.history import tracked

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


# Common short forms people type for the first word of a town name.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}


def normalize_town(text: str) -> str:
    """'St. Paul' and 'Saint Paul' both become 'saint paul'; accents and punctuation go."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(
        ABBREVIATIONS.get(word, word) if n == 0 else word for n, word in enumerate(words)
    )


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a timezone name such as America/Chicago.")


class PlaceQuerySet(models.QuerySet):
    def town(self, city: str, state: str) -> "Place | None":
        """The gazetteer town of this name in this state, however its name is spelled."""
        return self.filter(
            kind=Place.Kind.TOWN, state=state, search_key=normalize_town(city)
        ).first()


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
    zip_count = models.PositiveIntegerField(
        default=0,
        db_default=0,
        help_text="For a town, how many ZIP codes it has: a fair measure of its size.",
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["state", "city", "postal_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["postal_code"],
                condition=Q(kind="zip"),
                name="place_zip_unique",
                violation_error_message="There is already a place for this ZIP code.",
            ),
            models.UniqueConstraint(
                fields=["country", "state", "city"],
                condition=Q(kind="town"),
                name="place_town_unique",
                violation_error_message="There is already a place for this town in this state.",
            ),
            models.CheckConstraint(
                condition=Q(kind="town", postal_code="") | Q(kind="zip") & ~Q(postal_code=""),
                name="place_zip_has_code",
                violation_error_message="A ZIP code place needs its code, and a town has none.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="place_point_on_earth",
                violation_error_message=(
                    "Latitude must be between -90 and 90, and longitude between -180 and 180."
                ),
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


@tracked(exclude=("public_latitude", "public_longitude"))
class MeetingPlace(models.Model):
    """Where meetings happen; confidential places only ever show their area in public."""

    organization = models.ForeignKey(
        "groups.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Venue name. Shown only when the address is public.",
    )
    key = models.SlugField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="A short name of our own for the place, such as hillside-hall: CSV imports "
        "of meetings and listings name their place by it.",
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
        max_length=1000,
        blank=True,
        help_text="Public notes on getting in and around. Never the address.",
    )
    private_notes = models.TextField(max_length=4000, blank=True, help_text="For curators only.")
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["state", "city", "postal_code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(address_visibility="public")
                | Q(venue_latitude__isnull=True, venue_longitude__isnull=True),
                name="meeting_place_venue_point_only_when_public",
                violation_error_message=(
                    "Only a place with a public address may keep the venue's own latitude and "
                    "longitude: clear them, or make the address public."
                ),
            ),
            models.CheckConstraint(
                condition=Q(venue_latitude__isnull=True, venue_longitude__isnull=True)
                | Q(venue_latitude__isnull=False, venue_longitude__isnull=False),
                name="meeting_place_venue_point_complete",
                violation_error_message="Give both the venue's latitude and longitude, or neither.",
            ),
            models.CheckConstraint(
                condition=~Q(address_visibility="public") | ~Q(street_address=""),
                name="meeting_place_public_has_address",
                violation_error_message="A place with a public address needs its street address.",
            ),
            models.CheckConstraint(
                condition=Q(area_latitude__gte=-90, area_latitude__lte=90)
                & Q(area_longitude__gte=-180, area_longitude__lte=180),
                name="meeting_place_area_on_earth",
                violation_error_message=(
                    "The area's latitude must be between -90 and 90, and its longitude between -180"
                    " and 180."
                ),
            ),
        ]
        indexes = [
            GistIndex(Earth("public_latitude", "public_longitude"), name="meeting_place_earth_at"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.street_address or 'Place'}, {self.city}, {self.state}"

    def save(self, *args, **kwargs) -> None:
        # A place shared on request shows only its city, so it is measured from the city's
        # centre too: its own ZIP's centre would give away which part of town it is in.
        if self.address_visibility == AddressVisibility.ON_REQUEST and (town := self.town()):
            self.area = town
            self.area_latitude, self.area_longitude = town.latitude, town.longitude
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.address_visibility == AddressVisibility.ON_REQUEST and not self.town():
            raise ValidationError(
                {
                    "city": f"“{self.city}, {self.state}” is not a town in the gazetteer. A place "
                    "shared only on request is measured from its town's centre, so the town "
                    "must be one the gazetteer knows: check the spelling."
                }
            )

    def town(self) -> Place | None:
        return Place.objects.town(self.city, self.state)

    @property
    def is_public(self) -> bool:
        return self.address_visibility == AddressVisibility.PUBLIC

    @property
    def access_features(self) -> list[str]:
        """What the place offers for getting in and around, as a page lists them."""
        features = [
            (self.step_free_access, "step-free entrance"),
            (self.accessible_restroom, "accessible restroom"),
            (self.parking, "parking"),
            (self.near_transit, "near public transit"),
        ]
        return [label for present, label in features if present]

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


class ListingPlace(models.Model):
    """A place a listing is found at by distance: where a support group's meetings are, or where
    a drop-in centre or peer respite is. Kept by groups.services.refresh_meeting_summaries, in
    the same transaction as the change; the finder measures every kind from these rows, so
    one join serves them all (groups.models.SupportGroupQuerySet.near)."""

    listing = models.ForeignKey(
        "groups.SupportGroup", on_delete=models.CASCADE, related_name="found_at"
    )
    place = models.ForeignKey(MeetingPlace, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listing", "place"], name="listing_place_once")
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} at {self.place_id}"
