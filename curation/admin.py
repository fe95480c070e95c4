"""Submissions in the admin, to look up and search: read only. Curators decide in the review
queue (/curation/), which keeps who decided, when and why; nothing sent is edited or deleted."""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from curation.models import GroupReport, GroupSuggestion, ResourceReport, ResourceSuggestion
from curation.services import kind_of


class ModerationAdmin(admin.ModelAdmin):
    list_filter = ["status"]
    list_select_related = ["reviewer"]
    readonly_fields = ["in_the_queue"]

    @admin.display(description="Review")
    def in_the_queue(self, record) -> str:
        url = reverse("curation:review", args=[kind_of(record), record.pk])
        return format_html('<a href="{}">Review it in the queue</a>', url)

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return ["in_the_queue", *(f.name for f in self.model._meta.fields if f.name != "id")]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(GroupSuggestion)
class GroupSuggestionAdmin(ModerationAdmin):
    list_display = ["name", "kind", "city", "state", "status", "submitted_at", "reviewer"]
    list_filter = ["kind", *ModerationAdmin.list_filter]
    search_fields = ["name", "organization_name", "city"]


@admin.register(GroupReport)
class GroupReportAdmin(ModerationAdmin):
    list_display = ["group", "problem", "status", "submitted_at", "reviewer"]
    list_filter = ["problem", *ModerationAdmin.list_filter]
    list_select_related = ["reviewer", "group"]
    search_fields = ["group__name", "details"]


@admin.register(ResourceSuggestion)
class ResourceSuggestionAdmin(ModerationAdmin):
    list_display = ["title", "url", "status", "submitted_at", "reviewer"]
    search_fields = ["title", "url"]


@admin.register(ResourceReport)
class ResourceReportAdmin(ModerationAdmin):
    list_display = ["resource", "problem", "status", "submitted_at", "reviewer"]
    list_filter = ["problem", *ModerationAdmin.list_filter]
    list_select_related = ["reviewer", "resource"]
    search_fields = ["resource__title", "details"]
