"""The tables curators import and export as CSV (docs/import.md): organisations, places,
listings of every kind, meetings, opening hours and resources, each as a django-import-export
resource naming its columns and how each is read and written."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from import_export import fields, resources, widgets

from groups import schedule
from groups.models import (
    AddressVisibility,
    Category,
    Meeting,
    MeetingPlace,
    OpeningHours,
    Organization,
    Place,
    SupportGroup,
)
from resources.models import Resource, Topic

WEEKDAYS = [day.lower() for day in schedule.WEEKDAYS]


class YesNo(widgets.Widget):
    """yes or no (also true/false, 1/0); empty is no."""

    def clean(self, value, row=None, **kwargs) -> bool:
        text = str(value or "").strip().lower()
        if text in ("yes", "y", "true", "1"):
            return True
        if text in ("no", "n", "false", "0", ""):
            return False
        raise ValueError(f"“{value}” is not yes or no.")

    def render(self, value, obj=None, **kwargs) -> str:
        return "yes" if value else "no"


class Words(widgets.Widget):
    """A list of codes separated by |, such as women|lgbtq."""

    def clean(self, value, row=None, **kwargs) -> list[str]:
        return [part.strip() for part in str(value or "").split("|") if part.strip()]

    def render(self, value, obj=None, **kwargs) -> str:
        return "|".join(value or [])


class Slugs(widgets.ManyToManyWidget):
    """Related rows by their slugs, separated by |; a slug we do not know is an error."""

    def __init__(self, model, noun: str) -> None:
        super().__init__(model, separator="|", field="slug")
        self.noun = noun

    def clean(self, value, row=None, **kwargs):
        slugs = [s.strip() for s in str(value or "").split("|") if s.strip()]
        found = self.model.objects.filter(slug__in=slugs)
        unknown = sorted(set(slugs) - {obj.slug for obj in found})
        if unknown:
            raise ValueError(f"Unknown {self.noun}: {', '.join(unknown)}.")
        return found

    def render(self, value, obj=None, **kwargs) -> str:
        return "|".join(sorted(related.slug for related in value.all())) if value else ""


class BySlug(widgets.ForeignKeyWidget):
    """A related row by its slug (or key); a value we do not know is an error."""

    def __init__(self, model, noun: str, field: str = "slug") -> None:
        super().__init__(model, field=field)
        self.noun = noun

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        found = self.model.objects.filter(**{self.field: text}).first()
        if found is None:
            raise ValueError(f"No {self.noun} “{text}”.")
        return found


def place_key(place: MeetingPlace | None) -> str:
    """A place's key; a place made without one goes by place-<its id>."""
    if place is None:
        return ""
    return place.key or f"place-{place.pk}"


def find_place(key: str) -> MeetingPlace | None:
    found = MeetingPlace.objects.filter(key=key).first()
    if found is None and (match := re.fullmatch(r"place-(\d{1,18})", key)):
        found = MeetingPlace.objects.filter(pk=int(match[1]), key__isnull=True).first()
    return found


class PlaceByKey(widgets.ForeignKeyWidget):
    """A place by its key (or place-<id> for a place without one)."""

    def __init__(self) -> None:
        super().__init__(MeetingPlace, field="key")

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        found = find_place(text)
        if found is None:
            raise ValueError(f"No place “{text}”.")
        return found

    def render(self, value, obj=None, **kwargs) -> str:
        return place_key(value)


class Day(widgets.Widget):
    """A weekday by its name (monday, Mon) or number (0 is Monday)."""

    def clean(self, value, row=None, **kwargs) -> int:
        text = str(value or "").strip().lower()
        if text.isdigit() and int(text) < 7:
            return int(text)
        for number, name in enumerate(WEEKDAYS):
            if len(text) >= 3 and name.startswith(text):
                return number
        raise ValueError(f"“{value}” is not a day of the week.")

    def render(self, value, obj=None, **kwargs) -> str:
        return WEEKDAYS[value] if value is not None else ""


class Clock(widgets.Widget):
    """A time of day as 18:30 (24 hours) or 6:30 pm."""

    FORMATS = ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p", "%I %p", "%I%p"]

    def clean(self, value, row=None, **kwargs) -> datetime.time | None:
        text = str(value or "").strip().upper()
        if not text:
            return None
        for form in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, form).time()
            except ValueError:
                continue
        raise ValueError(f"“{value}” is not a time such as 18:30 or 6:30 pm.")

    def render(self, value, obj=None, **kwargs) -> str:
        return value.strftime("%H:%M") if value else ""


class Day8601(widgets.DateWidget):
    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(f"“{value}” is not a date such as 2026-12-31.") from None


class Number(widgets.Widget):
    def __init__(self, kind=int) -> None:
        self.kind = kind

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return self.kind(text)
        except ValueError:
            raise ValueError(f"“{value}” is not a number.") from None

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class Text(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        return str(value or "").strip()


class Table(resources.ModelResource):
    """What every table shares: rows matched by their key, unchanged rows left alone (so a
    file imported twice changes nothing), every row checked by the model's own rules."""

    name = ""  # what docs/import.md and the command call the table
    required: list[str] = []  # columns a file must have

    class Meta:
        abstract = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        store_instance = True
        skip_html_diff = True
        use_transactions = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        internal = f.get_internal_type()
        if internal == "BooleanField":
            return YesNo
        if internal in ("CharField", "TextField", "EmailField", "URLField", "SlugField"):
            return Text
        if internal == "DateField":
            return Day8601
        if internal in ("PositiveSmallIntegerField", "SmallIntegerField", "IntegerField"):
            return Number
        if internal == "FloatField":
            return lambda: Number(float)
        if internal == "ArrayField":
            return Words
        return super().widget_from_django_field(f, default)

    def import_instance(self, instance, row, **kwargs) -> None:
        before = self.values_of(instance) if instance.pk else {}
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Related rows are saved later; check them now, so one report names every problem.
        related = {}
        for f in self.get_import_fields():
            if isinstance(f.widget, widgets.ManyToManyWidget) and f.column_name in row:
                try:
                    related[f.column_name] = f.clean(row)
                except ValueError as error:
                    errors.setdefault(f.column_name, []).append(str(error))
        if errors:
            raise ValidationError(errors)
        after = self.values_of(instance, related=related)
        instance._import_changes = [
            column
            for column, value in after.items()
            if column in row and before.get(column) != value
        ]

    def values_of(self, instance, related: dict | None = None) -> dict[str, str]:
        """The row's values as an export writes them; `related` holds the related rows a file
        names, which are not saved on the instance yet."""
        values = {}
        for f in self.get_import_fields():
            if isinstance(f.widget, widgets.ManyToManyWidget):
                if related is not None and f.column_name in related:
                    slugs = sorted(obj.slug for obj in related[f.column_name])
                    values[f.column_name] = "|".join(slugs)
                elif instance.pk:
                    values[f.column_name] = f.export(instance)
            else:
                values[f.column_name] = str(f.widget.render(getattr(instance, f.attribute, None)))
        return values


class OrganizationTable(Table):
    name = "organisations"
    required = ["slug", "name"]

    class Meta(Table.Meta):
        model = Organization
        fields = ["slug", "name", "description", "website", "phone", "email"]
        import_id_fields = ["slug"]


class PlaceTable(Table):
    name = "places"
    required = ["key", "city", "state", "postal_code", "timezone"]
    organisation = fields.Field(
        attribute="organization",
        column_name="organisation",
        widget=BySlug(Organization, "organisation"),
    )

    class Meta(Table.Meta):
        model = MeetingPlace
        fields = [
            "key",
            "organisation",
            "name",
            "street_address",
            "address_line_2",
            "city",
            "state",
            "postal_code",
            "country",
            "timezone",
            "address_visibility",
            "venue_latitude",
            "venue_longitude",
            "step_free_access",
            "accessible_restroom",
            "parking",
            "near_transit",
            "access_notes",
        ]
        import_id_fields = ["key"]

    def get_instance(self, instance_loader, row):
        return find_place(str(row.get("key") or "").strip())

    def dehydrate_key(self, place: MeetingPlace) -> str:
        return place_key(place)

    def import_instance(self, instance, row, **kwargs) -> None:
        stored_address = instance.street_address if instance.pk else ""
        stored_key = instance.key if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if instance.pk and stored_key is None and instance.key == f"place-{instance.pk}":
            instance.key = None  # still known by its id
            if "key" in instance._import_changes:
                instance._import_changes.remove("key")
        # Exports leave out confidential addresses (docs/safety.md, rule 6); an empty one on
        # such a place means "as stored", so a round trip keeps it.
        if instance.address_visibility != AddressVisibility.PUBLIC and not instance.street_address:
            instance.street_address = stored_address
            changes = instance._import_changes
            if "street_address" in changes:
                changes.remove("street_address")
        area = Place.objects.filter(kind=Place.Kind.ZIP, postal_code=instance.postal_code).first()
        if area is None:
            raise ValueError(f"The ZIP code “{instance.postal_code}” is not in the gazetteer.")
        instance.area = area
        instance.area_latitude, instance.area_longitude = area.latitude, area.longitude

    def dehydrate_street_address(self, place: MeetingPlace) -> str:
        return place.street_address if place.address_visibility == AddressVisibility.PUBLIC else ""


LISTING_FIELDS = [
    "slug",
    "name",
    "kind",
    "organisation",
    "categories",
    "summary",
    "description",
    "content_note",
    "audiences",
    "languages",
    "format",
    "facilitation",
    "clinical_partner",
    "cost",
    "cost_note",
    "joining",
    "cohort",
    "how_to_join",
    "what_happens_next",
    "childcare",
    "contact_phone",
    "contact_text",
    "contact_email",
    "contact_website",
    "contact_chat",
    "safe_contact_hours",
    "online_url",
    "online_link_visibility",
    "serves_states",
    "who_may_call",
    "place",
    "stay_length",
    "eligibility",
    "timezone",
    "status",
    "last_verified",
]


class ListingTable(Table):
    name = "listings"
    required = [
        "slug",
        "name",
        "kind",
        "organisation",
        "summary",
        "description",
        "format",
        "facilitation",
        "joining",
        "how_to_join",
    ]
    organisation = fields.Field(
        attribute="organization",
        column_name="organisation",
        widget=BySlug(Organization, "organisation"),
    )
    categories = fields.Field(
        attribute="categories", column_name="categories", widget=Slugs(Category, "categories")
    )
    place = fields.Field(attribute="place", column_name="place", widget=PlaceByKey())

    class Meta(Table.Meta):
        model = SupportGroup
        fields = LISTING_FIELDS
        import_id_fields = ["slug"]


class MeetingTable(Table):
    name = "meetings"
    required = ["listing", "weekday", "start_time", "end_time", "timezone"]
    listing = fields.Field(
        attribute="group", column_name="listing", widget=BySlug(SupportGroup, "listing")
    )
    place = fields.Field(attribute="place", column_name="place", widget=PlaceByKey())
    weekday = fields.Field(attribute="weekday", column_name="weekday", widget=Day())
    start_time = fields.Field(attribute="start_time", column_name="start_time", widget=Clock())
    end_time = fields.Field(attribute="end_time", column_name="end_time", widget=Clock())

    class Meta(Table.Meta):
        model = Meeting
        fields = [
            "listing",
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
            "notes",
        ]
        import_id_fields = ["listing", "weekday", "start_time"]

    def import_instance(self, instance, row, **kwargs) -> None:
        super().import_instance(instance, row, **kwargs)
        if instance.valid_from is None:  # a new schedule starts on the day it is imported
            instance.valid_from = timezone.localdate()


class HoursTable(Table):
    name = "hours"
    required = ["listing", "weekday", "opens", "closes"]
    listing = fields.Field(
        attribute="listing", column_name="listing", widget=BySlug(SupportGroup, "listing")
    )
    weekday = fields.Field(attribute="weekday", column_name="weekday", widget=Day())
    opens = fields.Field(attribute="opens", column_name="opens", widget=Clock())
    closes = fields.Field(attribute="closes", column_name="closes", widget=Clock())

    class Meta(Table.Meta):
        model = OpeningHours
        fields = ["listing", "weekday", "opens", "closes", "closes_next_day"]
        import_id_fields = ["listing", "weekday", "opens"]


class ResourceTable(Table):
    name = "resources"
    required = ["slug", "title", "kind", "summary", "url"]
    topics = fields.Field(attribute="topics", column_name="topics", widget=Slugs(Topic, "topics"))

    class Meta(Table.Meta):
        model = Resource
        fields = [
            "slug",
            "title",
            "kind",
            "summary",
            "url",
            "publisher",
            "authors",
            "year",
            "language",
            "languages",
            "audience",
            "topics",
            "phone",
            "text_number",
            "status",
            "last_reviewed",
            "next_review_due",
        ]
        import_id_fields = ["slug"]


TABLES: dict[str, type[Table]] = {
    table.name: table
    for table in [
        OrganizationTable,
        PlaceTable,
        ListingTable,
        MeetingTable,
        HoursTable,
        ResourceTable,
    ]
}


def export_rows(table: type[Table]) -> QuerySet:
    """What an export of the table holds, in a stable order."""
    model = table._meta.model
    rows = model.objects.all()
    if model is SupportGroup:
        rows = rows.select_related("organization", "place").prefetch_related("categories")
    elif model is MeetingPlace:
        rows = rows.select_related("organization")
    elif model in (Meeting, OpeningHours):
        rows = rows.select_related(*[f for f in ("group", "listing", "place") if hasattr(model, f)])
    elif model is Resource:
        rows = rows.prefetch_related("topics")
    return rows.order_by("pk")
