"""Advocates' lists of resources and groups: private to their owner unless shared by link."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from groups.models import SupportGroup
from resources.models import Resource

NAME_TAKEN = "You already have a list with this name."


class SavedList(models.Model):
    """An advocate's named list of resources and groups, private unless shared."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_lists"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["owner", "name"]
        constraints = [
            # "Clients" and "clients" are the same list to a person, so to the database too.
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                name="saved_list_name_per_owner",
                violation_error_message=NAME_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SavedItem(models.Model):
    """One resource or group in a saved list, with the advocate's note."""

    saved_list = models.ForeignKey(SavedList, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        SupportGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(max_length=2000, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["saved_list", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(resource__isnull=False) & Q(group__isnull=True))
                | (Q(resource__isnull=True) & Q(group__isnull=False)),
                name="saved_item_is_resource_or_group",
                violation_error_message="An item holds either a resource or a group.",
            ),
            models.UniqueConstraint(
                fields=["saved_list", "resource"],
                condition=Q(resource__isnull=False),
                name="saved_item_resource_once",
                violation_error_message="This resource is already in the list.",
            ),
            models.UniqueConstraint(
                fields=["saved_list", "group"],
                condition=Q(group__isnull=False),
                name="saved_item_group_once",
                violation_error_message="This group is already in the list.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.resource or self.group)
