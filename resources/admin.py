from django.contrib import admin

from peersupport.admin import ModerationAdmin
from resources.models import (
    Collection,
    CollectionItem,
    CollectionSection,
    Resource,
    ResourceReport,
    ResourceSuggestion,
    SavedItem,
    SavedList,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "publisher",
        "year",
        "language",
        "status",
        "link_status",
        "last_reviewed",
    ]
    list_filter = ["status", "kind", "language", "link_status", "topics", "is_demo"]
    search_fields = ["title", "publisher", "authors", "url"]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["link_status", "link_http_status", "link_final_url", "link_checked_at"]
    date_hierarchy = "last_reviewed"


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    autocomplete_fields = ["resource"]
    fields = ["position", "resource", "note"]


@admin.register(CollectionSection)
class CollectionSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "collection", "position"]
    list_filter = ["collection"]
    search_fields = ["title", "collection__title"]
    inlines = [CollectionItemInline]


class CollectionSectionInline(admin.StackedInline):
    model = CollectionSection
    extra = 0
    fields = ["position", "title", "introduction"]
    show_change_link = True


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "position", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CollectionSectionInline]


class SavedItemInline(admin.TabularInline):
    model = SavedItem
    extra = 0
    autocomplete_fields = ["resource", "group"]


@admin.register(SavedList)
class SavedListAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "shared_at", "updated_at"]
    search_fields = ["name", "owner__email"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["share_token", "shared_at"]
    inlines = [SavedItemInline]


@admin.register(ResourceSuggestion)
class ResourceSuggestionAdmin(ModerationAdmin):
    list_display = ["title", "url", "status", "submitted_at", "reviewer"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["resource"]


@admin.register(ResourceReport)
class ResourceReportAdmin(ModerationAdmin):
    list_display = ["resource", "problem", "status", "submitted_at", "reviewer"]
    list_filter = ["problem", *ModerationAdmin.list_filter]
    search_fields = ["resource__title", "details"]
    autocomplete_fields = ["resource"]
