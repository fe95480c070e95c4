from django.contrib import admin

from groups.models import (
    Category,
    Meeting,
    MeetingPlace,
    Organization,
    Place,
    SupportGroup,
)


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
    readonly_fields = ["public_latitude", "public_longitude"]
    fieldsets = [
        (None, {"fields": ["organization", "name", "address_visibility"]}),
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


@admin.register(SupportGroup)
class SupportGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "format", "status", "last_verified", "is_demo"]
    list_filter = [
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
    autocomplete_fields = ["organization"]
    filter_horizontal = ["categories"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "last_verified"
    list_select_related = ["organization"]
    inlines = [MeetingInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "organization", "categories", "status", "last_verified"]},
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
                    "safe_contact_hours",
                ]
            },
        ),
        (
            "Online",
            {"fields": ["online_url", "online_link_visibility", "serves_states", "country"]},
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
