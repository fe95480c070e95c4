from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils import timezone

from peersupport.models import CrisisLine, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        (
            "Curator rights",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "country",
        "short_name",
        "phone",
        "sms_number",
        "last_checked",
        "is_active",
    ]
    list_filter = ["country", "kind", "is_active"]
    list_editable = ["last_checked"]
    search_fields = ["name", "phone"]


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
