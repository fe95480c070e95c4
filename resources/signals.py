"""Housekeeping: keep search vectors, the vocabulary and the best matches of common words in
step with what curators save.

The refresh runs inside the same transaction as the change, so it sees exactly what was saved.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from resources.models import Resource, Topic
from resources.services import add_library_words, refresh_search_vectors, update_top_matches


def refresh(resource_ids: list[int], *, new_words: bool = True) -> None:
    refresh_search_vectors(resource_ids=resource_ids)
    update_top_matches(resource_ids=resource_ids)
    if new_words:
        add_library_words(resource_ids=resource_ids)


@receiver(post_save, sender=Resource)
def resource_saved(sender, instance: Resource, **kwargs) -> None:
    refresh([instance.pk])


@receiver(m2m_changed, sender=Resource.topics.through)
def resource_topics_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not reverse:  # resource.topics.add(...), .remove(), .set(), .clear()
        if action.startswith("post_"):
            refresh([instance.pk])
        return
    # topic.resources.add(...): the resources are in pk_set, except for clear(), whose
    # resources must be noted before they are unlinked.
    if action == "pre_clear":
        instance._cleared_resource_ids = list(instance.resources.values_list("pk", flat=True))
    elif action == "post_clear":
        refresh(getattr(instance, "_cleared_resource_ids", []), new_words=False)
    elif action.startswith("post_"):
        refresh(list(pk_set or []))


@receiver(post_save, sender=Topic)
def topic_saved(sender, instance: Topic, created: bool, **kwargs) -> None:
    # A renamed topic changes the words of every resource filed under it.
    if not created:
        refresh(list(instance.resources.values_list("pk", flat=True)))


@receiver(pre_delete, sender=Topic)
def remember_topic_resources(sender, instance: Topic, **kwargs) -> None:
    instance._resource_ids = list(instance.resources.values_list("pk", flat=True))


@receiver(post_delete, sender=Topic)
def topic_deleted(sender, instance: Topic, **kwargs) -> None:
    # Deleting a topic removes its links without an m2m signal: refresh what it was filed on.
    refresh(getattr(instance, "_resource_ids", []), new_words=False)
