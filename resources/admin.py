from django.contrib import admin, messages
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from resources.links import RESULT_FIELDS
from resources.models import (
    REVIEW_INTERVAL,
    Collection,
    CollectionItem,
    CollectionSection,
    LinkStatus,
    Resource,
    Topic,
)
from search.editorial import EditorialActions, EditorialForm, history_link


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# How long a review stays current; the demo data uses the same year.

URL_MAX_LENGTH = Resource._meta.get_field("url").max_length


@admin.register(Resource)
class ResourceAdmin(EditorialActions, admin.ModelAdmin):
    form = EditorialForm
    list_display = [
        "title",
        "kind",
        "publisher",
        "year",
        "language",
        "status",
        "link_status",
        "link_http_status",
        "final_url",
        "link_checked_at",
        "last_reviewed",
    ]
    list_filter = ["status", "link_status", "kind", "language", "topics", "is_demo"]
    search_fields = ["title", "publisher", "authors", "url"]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "link_status",
        "link_http_status",
        "final_url",
        "link_checked_at",
        "history_of_values",
    ]
    history_of_values = history_link("resource")
    # Shown read-only as `final_url`; only the link checker writes it.
    exclude = ["link_final_url"]
    date_hierarchy = "last_reviewed"
    actions = ["mark_reviewed_today", "use_final_url", *EditorialActions.editorial_actions]

    @admin.display(description="Final URL", ordering="link_final_url")
    def final_url(self, obj: Resource) -> str:
        # Only web links become clickable, so nothing else can ever run from this page.
        if not obj.link_final_url.startswith(("https://", "http://")):
            return obj.link_final_url or "-"
        return format_html(
            '<a href="{}" rel="noreferrer">{}</a>',
            obj.link_final_url,
            Truncator(obj.link_final_url).chars(60),
        )

    @admin.action(description="Mark reviewed today", permissions=["change"])
    def mark_reviewed_today(self, request: HttpRequest, queryset: QuerySet[Resource]) -> None:
        today = timezone.localdate()
        for resource in queryset:
            resource.last_reviewed = today
            resource.next_review_due = today + REVIEW_INTERVAL
            resource.save(update_fields=["last_reviewed", "next_review_due", "updated_at"])
            self.log_change(request, resource, "Marked reviewed today.")
        self.message_user(
            request,
            f"Marked {len(queryset)} resource(s) reviewed today; next review due "
            f"{today + REVIEW_INTERVAL:%Y-%m-%d}.",
            messages.SUCCESS,
        )

    @admin.action(description="Use the final URL of redirected links", permissions=["change"])
    def use_final_url(self, request: HttpRequest, queryset: QuerySet[Resource]) -> None:
        updated = skipped = 0
        for resource in queryset:
            new_url = resource.link_final_url
            if (
                resource.link_status != LinkStatus.REDIRECTED
                or not new_url.startswith(("https://", "http://"))
                or len(new_url) > URL_MAX_LENGTH
            ):
                skipped += 1
                continue
            old_url = resource.url
            resource.url = new_url
            # The new URL has not been checked; the old findings described the old one.
            resource.link_status = LinkStatus.UNCHECKED
            resource.link_http_status = None
            resource.link_final_url = ""
            resource.link_checked_at = None
            resource.save(update_fields=["url", *RESULT_FIELDS, "updated_at"])
            self.log_change(request, resource, f"URL changed from {old_url} to its final URL.")
            updated += 1
        if updated:
            self.message_user(request, f"Updated the URL of {updated} resource(s).")
        if skipped:
            self.message_user(
                request,
                f"Left {skipped} resource(s) alone: only redirected links with a final URL "
                "can use it.",
                messages.WARNING,
            )


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    autocomplete_fields = ["resource"]
    fields = ["position", "resource", "note", "link_status"]
    readonly_fields = ["link_status"]
    ordering = ["position", "id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CollectionItem]:
        return super().get_queryset(request).select_related("resource")

    def get_formset(self, request: HttpRequest, obj: CollectionSection | None = None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        set_next_position(formset, obj.items.all() if obj else None)
        return formset

    @admin.display(description="Link")
    def link_status(self, obj: CollectionItem) -> str:
        return obj.resource.get_link_status_display() if obj.resource_id else "-"


@admin.register(CollectionSection)
class CollectionSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "collection", "position", "item_count"]
    list_filter = ["collection"]
    list_select_related = ["collection"]
    search_fields = ["title", "collection__title"]
    ordering = ["collection", "position", "id"]
    inlines = [CollectionItemInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CollectionSection]:
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description="Items", ordering="item_count")
    def item_count(self, obj: CollectionSection) -> int:
        return obj.item_count


class CollectionSectionInline(admin.StackedInline):
    model = CollectionSection
    extra = 0
    fields = ["position", "title", "introduction", "item_count"]
    readonly_fields = ["item_count"]
    ordering = ["position", "id"]
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[CollectionSection]:
        return super().get_queryset(request).annotate(item_count=Count("items"))

    def get_formset(self, request: HttpRequest, obj: Collection | None = None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        set_next_position(formset, obj.sections.all() if obj else None)
        return formset

    @admin.display(description="Items")
    def item_count(self, obj: CollectionSection) -> str:
        # A section added on this page has no items yet and no annotation.
        count = getattr(obj, "item_count", 0)
        return f"{count} – edit them on the section's own page" if obj.pk else "0"


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "position", "section_count", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CollectionSectionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Collection]:
        return super().get_queryset(request).annotate(section_count=Count("sections"))

    @admin.display(description="Sections", ordering="section_count")
    def section_count(self, obj: Collection) -> int:
        return obj.section_count


def set_next_position(formset, siblings: QuerySet | None) -> None:
    """Start new inline rows after the last existing one, so added rows land at the end."""
    field = formset.form.base_fields.get("position")
    if field is None:  # a view-only curator gets no form fields
        return
    last = siblings.aggregate(last=Max("position"))["last"] if siblings is not None else None
    field.initial = 0 if last is None else last + 10
