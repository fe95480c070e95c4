# allauth registers these two itself; load them first so ours can take their place.
import allauth.mfa.admin
import allauth.usersessions.admin  # noqa: F401
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from lists.account import account_summary
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
        ("Lists", {"fields": ["lists"]}),
    ]
    readonly_fields = ["lists"]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    @admin.display(description="Lists")
    def lists(self, user: User) -> str:
        return account_summary(user)

    def get_deleted_objects(self, objs, request: HttpRequest):
        # The confirmation page would list every saved list and note by name: counts only.
        _, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return [str(obj) for obj in objs], counts, perms_needed, protected


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


admin.site.unregister(Authenticator)
admin.site.unregister(UserSession)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who uses two-factor sign-in, so a curator can remove it for someone locked out.

    The secret and the recovery codes are never shown.
    """

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Signed-in sessions, which a curator can end (delete) for someone."""

    list_display = ["user", "created_at", "last_seen_at", "ip"]
    search_fields = ["user__email"]
    fields = ["user", "created_at", "last_seen_at", "ip", "user_agent"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
