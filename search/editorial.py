"""The editorial workflow both listings and resources follow: draft → in review → published →
archived; only published ones are public anywhere. The admin actions that move a batch along,
and the admin's link to an item's history."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from search.choices import EditorialStatus

# Where each status may go next. Archiving is never deleting: an archived item can return.
NEXT = {
    EditorialStatus.DRAFT: {EditorialStatus.IN_REVIEW, EditorialStatus.ARCHIVED},
    EditorialStatus.IN_REVIEW: {
        EditorialStatus.DRAFT,
        EditorialStatus.PUBLISHED,
        EditorialStatus.ARCHIVED,
    },
    EditorialStatus.PUBLISHED: {EditorialStatus.IN_REVIEW, EditorialStatus.ARCHIVED},
    EditorialStatus.ARCHIVED: {EditorialStatus.DRAFT},
}


def may_move(old: str, new: str) -> bool:
    return old == new or new in NEXT.get(old, set())


class EditorialActions:
    """Admin actions for a model with `status` (and `updated_at`): one step of the workflow
    for every chosen item that may take it; the others are left as they are and counted."""

    editorial_actions = ["send_for_review", "publish", "archive", "back_to_draft"]

    def move(self, request: HttpRequest, queryset: QuerySet, new: str) -> None:
        allowed = [old for old, targets in NEXT.items() if new in targets]
        moved = queryset.filter(status__in=allowed).update(status=new, updated_at=timezone.now())
        left = queryset.exclude(status__in=[*allowed, new]).count()
        label = EditorialStatus(new).label.lower()
        text = f"{moved} now {label}."
        if left:
            text += f" {left} left as they were: they cannot go straight to {label}."
        self.message_user(request, text, messages.SUCCESS if not left else messages.WARNING)

    @admin.action(description="Send for review", permissions=["change"])
    def send_for_review(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.move(request, queryset, EditorialStatus.IN_REVIEW)

    @admin.action(description="Publish (after review)", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.move(request, queryset, EditorialStatus.PUBLISHED)

    @admin.action(description="Archive", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.move(request, queryset, EditorialStatus.ARCHIVED)

    @admin.action(description="Back to draft", permissions=["change"])
    def back_to_draft(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.move(request, queryset, EditorialStatus.DRAFT)


class EditorialForm(forms.ModelForm):
    """An admin form whose status moves one step of the workflow at a time (a new item may
    start anywhere: a curator adding a listing has checked it)."""

    def clean_status(self) -> str:
        new = self.cleaned_data["status"]
        if self.instance.pk:
            old = (
                type(self.instance)
                .objects.values_list("status", flat=True)
                .get(pk=self.instance.pk)
            )
            if not may_move(old, new):
                raise forms.ValidationError(
                    f"{EditorialStatus(old).label} cannot go straight to "
                    f"{EditorialStatus(new).label.lower()}: "
                    + (
                        "send it for review first."
                        if new == EditorialStatus.PUBLISHED
                        else "move it back to draft first."
                    )
                )
        return new


def history_link(kind: str):
    """An admin read-only field linking an item to its history of values (/curation/history/)."""

    @admin.display(description="History of values")
    def history_of_values(model_admin, obj) -> str:
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("curation:history", args=[kind, obj.pk])
        return format_html('<a href="{}">Every change, with who made it and a way back</a>', url)

    return history_of_values
