from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone

from groups import hours
from groups.models import (
    Category,
    Closure,
    Meeting,
    MeetingPlace,
    OpeningHours,
    Organization,
    Place,
    SupportGroup,
)
from groups.models.support_groups import NEEDS_TIMEZONE
from groups.schedule import WEEKDAYS
from search.editorial import EditorialActions, EditorialForm, history_link


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_separated", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "phone", "email", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["name", "email"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["history_of_values"]
    history_of_values = history_link("organisation")


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "county", "timezone", "latitude", "longitude"]
    list_filter = ["kind", "state"]
    search_fields = ["postal_code", "city"]


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "postal_code", "address_visibility", "organization", "is_demo"]
    list_filter = ["address_visibility", "state", "step_free_access", "is_demo"]
    search_fields = ["name", "street_address", "city", "postal_code"]
    autocomplete_fields = ["organization", "area"]
    readonly_fields = ["public_latitude", "public_longitude", "history_of_values"]
    history_of_values = history_link("place")
    fieldsets = [
        (
            None,
            {"fields": ["organization", "name", "key", "address_visibility", "history_of_values"]},
        ),
        (
            "Address",
            {
                "fields": [
                    "street_address",
                    "address_line_2",
                    "city",
                    "state",
                    "postal_code",
                    "country",
                    "timezone",
                ]
            },
        ),
        (
            "Points",
            {
                "fields": [
                    "venue_latitude",
                    "venue_longitude",
                    "area",
                    "area_latitude",
                    "area_longitude",
                    "public_latitude",
                    "public_longitude",
                ],
                "description": "The venue point is only kept for public addresses. Public "
                "pages use the area point for every other place.",
            },
        ),
        (
            "Access",
            {
                "fields": [
                    "step_free_access",
                    "accessible_restroom",
                    "parking",
                    "near_transit",
                    "access_notes",
                ]
            },
        ),
        ("Curators only", {"fields": ["private_notes", "is_demo"]}),
    ]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    autocomplete_fields = ["place"]


class OpeningHoursFormSet(BaseInlineFormSet):
    """A listing's hours together: they need its timezone, and no two may overlap."""

    def clean(self) -> None:
        super().clean()
        ranges = [
            form.instance
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        errors = [
            f"{self.range_words(first)} and {self.range_words(second)} overlap: make them one "
            "range, or change one of them."
            for first, second in hours.overlapping(ranges)
        ]
        if ranges and not self.instance.timezone:
            errors.insert(0, f"{NEEDS_TIMEZONE} Fill in “Timezone” above.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def range_words(hours_row: OpeningHours) -> str:
        return f"{WEEKDAYS[hours_row.weekday]}, {hours.range_text(hours_row)}"


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0
    fields = ["weekday", "opens", "closes", "closes_next_day"]


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0
    fields = ["date", "note"]


@admin.register(SupportGroup)
class SupportGroupAdmin(EditorialActions, admin.ModelAdmin):
    form = EditorialForm
    actions = ["mark_verified_today", *EditorialActions.editorial_actions]
    readonly_fields = ["history_of_values"]
    history_of_values = history_link("listing")
    list_display = ["name", "kind", "organization", "format", "status", "last_verified", "is_demo"]
    list_filter = [
        "kind",
        "status",
        "format",
        "facilitation",
        "cost",
        "joining",
        "categories",
        "childcare",
        "is_demo",
    ]
    search_fields = ["name", "summary", "organization__name"]
    autocomplete_fields = ["organization", "place"]
    filter_horizontal = ["categories"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "last_verified"
    list_select_related = ["organization"]
    inlines = [MeetingInline, OpeningHoursInline, ClosureInline]

    @admin.action(description="Mark verified today", permissions=["change"])
    def mark_verified_today(self, request: HttpRequest, queryset: QuerySet) -> None:
        marked = queryset.update(last_verified=timezone.localdate(), updated_at=timezone.now())
        self.message_user(request, f"Marked {marked} listing(s) verified today.")

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "name",
                    "slug",
                    "organization",
                    "categories",
                    "status",
                    "last_verified",
                    "history_of_values",
                ]
            },
        ),
        (
            "About the group",
            {
                "fields": [
                    "summary",
                    "content_note",
                    "description",
                    "audiences",
                    "languages",
                    "format",
                    "facilitation",
                    "clinical_partner",
                ]
            },
        ),
        (
            "Cost and joining",
            {
                "fields": [
                    "cost",
                    "cost_note",
                    "joining",
                    "cohort",
                    "how_to_join",
                    "what_happens_next",
                    "childcare",
                ]
            },
        ),
        (
            "Contact",
            {
                "fields": [
                    "contact_phone",
                    "contact_text",
                    "contact_email",
                    "contact_website",
                    "contact_chat",
                    "safe_contact_hours",
                ]
            },
        ),
        (
            "Online",
            {"fields": ["online_url", "online_link_visibility", "serves_states", "country"]},
        ),
        (
            "Warmlines, drop-in centres and respites",
            {"fields": ["who_may_call", "place", "stay_length", "eligibility"]},
        ),
        (
            "Opening hours",
            {
                "fields": ["timezone"],
                "description": "For warmlines, drop-in centres and respites: the opening hours "
                "and closed dates below are in this timezone. Support groups' meetings have their "
                "own.",
            },
        ),
        ("Demo", {"fields": ["is_demo"]}),
    ]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["group", "frequency", "weekday", "start_time", "end_time", "timezone"]
    list_filter = ["frequency", "weekday", "timezone"]
    search_fields = ["group__name"]
    autocomplete_fields = ["group", "place"]
    list_select_related = ["group"]
