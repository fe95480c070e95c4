"""The moderation queues: curators decide on what the public sent, which stays as it was sent."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from curation.models import GroupReport, GroupSuggestion, ResourceReport, ResourceSuggestion


class ModerationAdmin(admin.ModelAdmin):
    """Curators review submissions; what was submitted stays as it was sent."""

    list_filter = ["status"]
    readonly_fields = ["submitted_at", "reviewer", "reviewed_at"]
    list_select_related = ["reviewer"]

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if "status" in form.changed_data and obj.status in ("accepted", "declined"):
            obj.reviewer = request.user
            obj.reviewed_at = timezone.now()
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(GroupSuggestion)
class GroupSuggestionAdmin(ModerationAdmin):
    list_display = ["name", "city", "state", "status", "submitted_at", "reviewer"]
    search_fields = ["name", "organization_name", "city"]
    autocomplete_fields = ["group"]
    filter_horizontal = ["categories"]


@admin.register(GroupReport)
class GroupReportAdmin(ModerationAdmin):
    list_display = ["group", "problem", "status", "submitted_at", "reviewer"]
    list_filter = ["problem", *ModerationAdmin.list_filter]
    search_fields = ["group__name", "details"]
    autocomplete_fields = ["group"]


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
