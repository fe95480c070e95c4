"""Housekeeping: keep each group's meeting summary in step with its meetings and places.

The refresh runs inside the same transaction as the change, so it sees exactly what was saved.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from groups.models import Category, Meeting, MeetingPlace, SupportGroup
from groups.services import (
    refresh_categories,
    refresh_listing_places,
    refresh_meeting_summaries,
)


@receiver(pre_save, sender=Meeting)
def remember_previous_group(sender, instance: Meeting, **kwargs) -> None:
    # A meeting moved to another group changes the summaries of both groups.
    instance._previous_group_id = (
        Meeting.objects.filter(pk=instance.pk).values_list("group_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Meeting)
def meeting_saved(sender, instance: Meeting, **kwargs) -> None:
    previous = getattr(instance, "_previous_group_id", None)
    refresh_meeting_summaries(group_ids={instance.group_id, previous} - {None})


@receiver(post_delete, sender=Meeting)
def meeting_deleted(sender, instance: Meeting, **kwargs) -> None:
    refresh_meeting_summaries(group_ids=[instance.group_id])


@receiver(post_save, sender=MeetingPlace)
def place_changed(sender, instance: MeetingPlace, **kwargs) -> None:
    group_ids = set(instance.meetings.values_list("group_id", flat=True))
    if group_ids:
        refresh_meeting_summaries(group_ids=group_ids)


@receiver(m2m_changed, sender=SupportGroup.categories.through)
def categories_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # changed from the category's side: refresh the groups involved, or all
        refresh_categories(group_ids=pk_set if pk_set else None)
    else:
        refresh_categories(group_ids=[instance.pk])


@receiver(post_save, sender=Category)
def category_saved(sender, instance: Category, **kwargs) -> None:
    refresh_categories(group_ids=set(instance.groups.values_list("pk", flat=True)))


@receiver(post_save, sender=SupportGroup)
def listing_saved(sender, instance: SupportGroup, raw: bool = False, **kwargs) -> None:
    # A drop-in centre or respite is found where its own place is.
    if not raw:
        refresh_listing_places(group_ids=[instance.pk])
