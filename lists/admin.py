from django.contrib import admin

from lists.models import SavedItem, SavedList


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
