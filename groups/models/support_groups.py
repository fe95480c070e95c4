"""Listings (support groups, warmlines, drop-in centres, peer respites), what they are about,
and who runs them."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from groups.earth import (
    METERS_PER_MILE,
    GreatCircleMeters,
    WithinEarthBox,
    earth_point,
    public_earth,
)
from groups.models.meetings import meetings_with_places
from groups.models.places import MeetingPlace, Place, validate_timezone
from search.choices import EditorialStatus, Language
from search.history import tracked


class Category(models.Model):
    """What a group is about, such as domestic violence or self-injury."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(max_length=2000, blank=True)
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


@tracked()
class Organization(models.Model):
    """Who runs one or more support groups."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(max_length=4000, blank=True)
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


class ListingKind(models.TextChoices):
    SUPPORT_GROUP = "support_group", "Support group"
    WARMLINE = "warmline", "Warmline"
    DROP_IN_CENTRE = "drop_in_centre", "Drop-in centre"
    PEER_RESPITE = "peer_respite", "Peer respite or peer-run crisis support"


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


NEEDS_TIMEZONE = "A listing with opening hours needs the timezone they are in."


# What a result card shows of a group (groups.templatetags.group_cards).
CARD_FIELDS = [
    "kind",
    "place",
    "timezone",
    "name",
    "slug",
    "summary",
    "format",
    "facilitation",
    "cost",
    "audiences",
    "is_demo",
    "last_verified",
]


class SupportGroupQuerySet(models.QuerySet):
    def published(self) -> "SupportGroupQuerySet":
        return self.filter(status=EditorialStatus.PUBLISHED)

    def support_groups(self) -> "SupportGroupQuerySet":
        """Support groups alone: what the finder lists until it offers the other kinds."""
        return self.filter(kind=ListingKind.SUPPORT_GROUP)

    def without_separated(self) -> "SupportGroupQuerySet":
        """Leave out programs for people who use violence (shown only when chosen)."""
        return self.filter(is_separated=False)

    def near(self, place: Place, *, miles: int) -> "SupportGroupQuerySet":
        """Listings found within `miles` of `place` (groups.models.ListingPlace: where a group
        meets, or where a centre or respite is), with `meters_away` to the nearest.

        The meeting place earth index finds the places inside the box that holds the radius;
        only those are measured exactly. Confidential places are measured by their area point.
        """
        meters = miles * METERS_PER_MILE
        centre = earth_point(place.latitude, place.longitude)
        return (
            self.filter(WithinEarthBox(centre, meters, public_earth("found_at__place__")))
            .annotate(
                meters_away=Min(
                    GreatCircleMeters(place.latitude, place.longitude, "found_at__place__")
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
        """Everything a listing's own page shows, whatever its kind: the same queries for each."""
        return (
            self.for_listing()
            .select_related("place")
            .prefetch_related("categories", "opening_hours", "closures")
        )


@tracked(
    exclude=("category_slugs", "is_separated", "meeting_days", "meeting_times", "access_features")
)
class SupportGroup(models.Model):
    """A listing of peer support: a support group, warmline, drop-in centre or peer respite.

    Every kind (`kind`) is a row of this one table because what a listing is (who runs it,
    topics, audience, languages, cost, safe contact, editorial status, last verified) is shared,
    and lists, handouts, curation and feeds then treat every kind alike; programs for people who
    use violence stay separated whatever their kind. Kinds differ in when they are available:
    support groups meet (Meeting, each in its own timezone), the others are open at set hours
    (OpeningHours and Closure, in the listing's `timezone`).
    """

    kind = models.CharField(
        max_length=20, choices=ListingKind.choices, default=ListingKind.SUPPORT_GROUP
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="groups")
    categories = models.ManyToManyField(Category, related_name="groups")
    summary = models.CharField(max_length=300, help_text="One plain sentence for results.")
    description = models.TextField(max_length=4000, help_text="What a meeting is like.")
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
    how_to_join = models.TextField(
        max_length=2000, help_text="What someone does to join, step by step."
    )
    what_happens_next = models.TextField(
        max_length=2000,
        blank=True,
        help_text="What happens after someone gets in touch. Shown on every page.",
    )
    childcare = models.BooleanField(default=False)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_text = models.CharField(max_length=40, blank=True, help_text="A number for texts.")
    contact_email = models.EmailField(blank=True)
    contact_website = models.URLField(max_length=500, blank=True)
    contact_chat = models.URLField(
        "Chat link",
        max_length=500,
        blank=True,
        help_text="A page where people can chat by typing, for a warmline that offers it.",
    )
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
    who_may_call = models.CharField(
        max_length=300,
        blank=True,
        help_text="For warmlines: who may call, such as “Adults who live in Ohio”. Left empty, "
        "the page says it from the states it serves.",
    )
    place = models.ForeignKey(
        MeetingPlace,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listings",
        help_text="Where a drop-in centre or peer respite is. Its address visibility applies: "
        "a confidential place never shows its street address.",
    )
    stay_length = models.CharField(
        max_length=200,
        blank=True,
        help_text="For peer respites: how long a stay lasts, such as “Up to 7 nights”.",
    )
    eligibility = models.TextField(
        max_length=1000,
        blank=True,
        help_text="For peer respites: who may ask for a stay.",
    )
    country = models.CharField(max_length=2, default="US")
    timezone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text="The timezone of its opening hours, such as America/Chicago. Needed when it "
        "has opening hours; a meeting has its own.",
    )
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
            # Listings of one kind, such as the warmlines of "Talk to someone now".
            models.Index(fields=["kind", "status"], name="listing_kind_status"),
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
                condition=~Q(cost="fee") | ~Q(cost_note=""),
                name="group_fee_has_note",
                violation_error_message=(
                    "A group that charges a fee needs a note saying what it costs."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.slug])

    def clean(self) -> None:
        # The admin checks hours being added in the same form (groups.admin); this holds for
        # hours already stored.
        if not self.timezone and self.pk and self.opening_hours.exists():
            raise ValidationError({"timezone": NEEDS_TIMEZONE})

    @property
    def check_is_old(self) -> bool:
        """Whether nobody has confirmed the listing for longer than STALE_LISTING_DAYS, or
        ever: then the public is asked to contact the organiser before going."""
        if self.last_verified is None:
            return True
        return (timezone.localdate() - self.last_verified).days > settings.STALE_LISTING_DAYS

    @property
    def old_check_notice(self) -> str:
        if self.last_verified is None:
            return "Not checked by us yet: contact the organiser before you go."
        checked = format_date(self.last_verified, "F j, Y")
        return f"Last checked on {checked}: contact the organiser before you go."

    @property
    def audience_labels(self) -> list[str]:
        return [Audience(value).label for value in self.audiences]

    @property
    def audience_text(self) -> str:
        """Who the group is for, as a card says it."""
        if not self.audiences or Audience.ANYONE in self.audiences:
            return "Open to anyone"
        # "For women and older adults" in running text: labels keep capitals only where they
        # are names ("LGBTQ+ people").
        words = [
            label if label[:2].isupper() else label[0].lower() + label[1:]
            for label in self.audience_labels
        ]
        if len(words) > 1:
            words[-2:] = [f"{words[-2]} and {words[-1]}"]
        return "For " + ", ".join(words)

    @property
    def when_details_come(self) -> str:
        """When a private link or dial-in number reaches a person, by how they join."""
        if self.joining == Joining.INTAKE:
            return "after your first conversation with the organiser"
        if self.joining == Joining.DROP_IN:
            return "when you get in touch with the organiser"
        return "after you register"

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
