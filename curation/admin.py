"""Submissions in the admin, to look up and search: read only. Curators decide in the review
queue (/curation/), which keeps who decided, when and why; nothing sent is edited or deleted."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from curation.models import (
    GroupReport,
    GroupSuggestion,
    Organiser,
    ResourceReport,
    ResourceSuggestion,
    VerificationRequest,
)
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


class OrganiserForm(forms.ModelForm):
    """An organiser is named by the email of their account: curators never browse accounts."""

    email = forms.EmailField(help_text="The email address the organiser signs in with.")

    class Meta:
        model = Organiser
        fields = ["email", "organization"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                "No account uses this email. Ask the organiser to sign up first."
            )
        self.instance.user = user
        return email

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        if self.instance.user_id and organization:
            twice = Organiser.objects.filter(
                user_id=self.instance.user_id, organization=organization
            )
            if twice.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError("This account organises this organisation already.")
        return cleaned


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    """Which accounts run which organisations: they propose edits to its listings."""

    form = OrganiserForm
    list_display = ["user", "organization", "added_at"]
    search_fields = ["user__email", "organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["user", "organization"]


@admin.register(VerificationRequest)
class VerificationRequestAdmin(admin.ModelAdmin):
    """The check emails sent to listings' contacts and their answers, read only."""

    list_display = ["listing", "sent_to", "sent_at", "answer", "answered_at"]
    list_filter = ["answer"]
    search_fields = ["listing__name", "sent_to"]
    list_select_related = ["listing"]
    readonly_fields = ["listing", "sent_to", "sent_at", "answer", "answered_at", "report"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
