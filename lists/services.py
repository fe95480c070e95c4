"""Advocates' saved lists: saving, ordering, sharing and handing out resources and groups."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from groups.models import SupportGroup, meetings_with_places
from lists.models import SavedItem, SavedList
from resources.models import Resource
from search.choices import EditorialStatus


class ListNameTaken(Exception):
    """The owner already has a list of this name (in any mix of capitals)."""


def create_list(*, owner, name: str, description: str = "") -> SavedList:
    """A new list. Its name may have been taken a moment ago by another request of the same
    owner, which the database's constraint tells: ListNameTaken."""
    with name_taken_check(owner, name):
        return SavedList.objects.create(owner=owner, name=name, description=description)


def find_or_create_list(*, owner, name: str) -> SavedList:
    """The owner's list of this name, whatever its capitals, made now if there is none."""
    existing = SavedList.objects.filter(owner=owner, name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        return create_list(owner=owner, name=name)
    except ListNameTaken:  # made by another request in the meantime
        return SavedList.objects.get(owner=owner, name__iexact=name)


def rename_list(*, saved_list: SavedList, name: str, description: str) -> SavedList:
    saved_list.name, saved_list.description = name, description
    with name_taken_check(saved_list.owner, name):
        saved_list.save(update_fields=["name", "description", "updated_at"])
    return saved_list


@contextmanager
def name_taken_check(owner, name: str) -> Iterator[None]:
    """Turn the database refusing a second list of the same name into ListNameTaken."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        if SavedList.objects.filter(owner=owner, name__iexact=name).exists():
            raise ListNameTaken(name) from None
        raise


@transaction.atomic
def save_to_lists(
    *,
    lists: list[SavedList],
    resource: Resource | None = None,
    group: SupportGroup | None = None,
    note: str = "",
) -> list[SavedList]:
    """Put a resource or a group at the end of each list (once: saving again changes nothing).

    Returns the lists it was newly added to.
    """
    added = []
    for saved_list in lists:
        target = {"resource": resource} if resource else {"group": group}
        if saved_list.items.filter(**target).exists():
            continue
        last = saved_list.items.aggregate(last=Max("position"))["last"]
        SavedItem.objects.create(
            saved_list=saved_list, note=note, position=(last or 0) + 1, **target
        )
        added.append(saved_list)
    SavedList.objects.filter(pk__in=[s.pk for s in added]).update(updated_at=timezone.now())
    return added


@transaction.atomic
def move_item(*, item: SavedItem, direction: str) -> None:
    """Swap an item with its neighbour above ("up") or below ("down")."""
    items = list(item.saved_list.items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if direction == "up" else index + 1
    if not 0 <= swap < len(items):
        return
    items[index], items[swap] = items[swap], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position
    SavedItem.objects.bulk_update(items, ["position"])


def share_list(*, saved_list: SavedList) -> SavedList:
    """Give the list a new share link; any earlier link stops working."""
    saved_list.share_token = secrets.token_urlsafe(24)
    saved_list.shared_at = timezone.now()
    saved_list.save(update_fields=["share_token", "shared_at", "updated_at"])
    return saved_list


def stop_sharing(*, saved_list: SavedList) -> SavedList:
    saved_list.share_token = None
    saved_list.shared_at = None
    saved_list.save(update_fields=["share_token", "shared_at", "updated_at"])
    return saved_list


def count_shown_items() -> Count:
    """How many of a list's items its pages show: those still published."""
    published = EditorialStatus.PUBLISHED
    return Count(
        "items",
        filter=Q(items__resource__status=published) | Q(items__group__status=published),
    )


def items_for_page(saved_list: SavedList) -> list[SavedItem]:
    """The list's items with what pages and handouts show, in a fixed number of queries.

    Unpublished resources and groups are left out: a list never shows what the directory
    itself no longer does.
    """
    groups = SupportGroup.objects.select_related("organization").prefetch_related(
        meetings_with_places(), "opening_hours", "closures"
    )
    items = (
        saved_list.items.select_related("resource")
        .prefetch_related(Prefetch("group", groups))
        .order_by("position", "pk")
    )
    return [
        item
        for item in items
        if (item.resource and item.resource.status == EditorialStatus.PUBLISHED)
        or (item.group and item.group.status == EditorialStatus.PUBLISHED)
    ]
