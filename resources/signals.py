"""Housekeeping: keep search vectors and the vocabulary in step with what curators save.

The refresh runs inside the same transaction as the change, so it sees exactly what was saved.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from resources.models import Resource, Topic
from resources.services import add_library_words, refresh_search_vectors


@receiver(post_save, sender=Resource)
def resource_saved(sender, instance: Resource, raw: bool = False, **kwargs) -> None:
    refresh_search_vectors(resource_ids=[instance.pk])
    add_library_words(resource_ids=[instance.pk])


@receiver(m2m_changed, sender=Resource.topics.through)
def resource_topics_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # topic.resources.add(...): the resources are in pk_set
        ids = pk_set if pk_set is not None else instance.resources.values_list("pk", flat=True)
        refresh_search_vectors(resource_ids=list(ids))
    else:
        refresh_search_vectors(resource_ids=[instance.pk])


@receiver(post_save, sender=Topic)
def topic_saved(sender, instance: Topic, created: bool, **kwargs) -> None:
    # A renamed topic changes the words of every resource filed under it.
    if not created:
        refresh_search_vectors(resource_ids=instance.resources.values_list("pk", flat=True))


@receiver(pre_delete, sender=Topic)
def remember_topic_resources(sender, instance: Topic, **kwargs) -> None:
    instance._resource_ids = list(instance.resources.values_list("pk", flat=True))


@receiver(post_delete, sender=Topic)
def topic_deleted(sender, instance: Topic, **kwargs) -> None:
    # Deleting a topic removes its links without an m2m signal: refresh what it was filed on.
    refresh_search_vectors(resource_ids=getattr(instance, "_resource_ids", []))
