"""The history of a listing or resource, read from the rows django-pghistory keeps (see
search.history): each change with who made it, where, and its old and new values; what the item
looked like before; and putting an item back as it was before a change."""

import datetime
from dataclasses import dataclass, field

import pghistory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction

from groups.models import MeetingPlace, Organization, SupportGroup
from resources.models import Resource

HISTORY_KINDS: dict[str, type[models.Model]] = {
    "listing": SupportGroup,
    "resource": Resource,
    "organisation": Organization,
    "place": MeetingPlace,
}
# What a listing's history shows beside its own rows: the rows it is made of.
PARTS = {SupportGroup: [("Meeting", "group"), ("OpeningHours", "listing"), ("Closure", "listing")]}
PART_NAMES = {"Meeting": "Meeting", "OpeningHours": "Opening hours", "Closure": "Closed date"}
SKIPPED = {"id", "created_at"}


class RevertError(Exception):
    """The item cannot go back to that version; the message says why."""


@dataclass
class Change:
    event_id: int
    at: datetime.datetime
    label: str  # insert, update or delete
    part: str  # "" for the item itself, else "Meeting" and the like
    who: str
    where: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # label, old, new
    before: list[tuple[str, str]] = field(default_factory=list)  # label, value

    @property
    def can_revert(self) -> bool:
        return not self.part and self.label == "update"


def event_model(model: type[models.Model], name: str | None = None) -> type[models.Model]:
    return apps.get_model(model._meta.app_label, f"{name or model.__name__}Event")


def tracked_fields(event: type[models.Model], tracked: type[models.Model]) -> list[models.Field]:
    names = {f.name for f in tracked._meta.fields} - SKIPPED
    return [f for f in event._meta.fields if f.name in names]


def history_of(item: models.Model) -> list[Change]:
    """Every change to the item and its parts, newest first."""
    changes = []
    sources = [(type(item), None, "")]
    for name, link in PARTS.get(type(item), []):
        sources.append((apps.get_model(item._meta.app_label, name), link, PART_NAMES[name]))
    for tracked, link, part in sources:
        event = event_model(tracked)
        events = event.objects.select_related("pgh_context")
        events = events.filter(**{f"{link}_id" if link else "pgh_obj_id": item.pk})
        changes += diff_events(list(events.order_by("pgh_obj_id", "pgh_id")), event, tracked, part)
    name_people(changes)
    return sorted(changes, key=lambda change: (change.at, change.event_id), reverse=True)


def diff_events(events: list, event: type, tracked: type, part: str) -> list[Change]:
    fields = tracked_fields(event, tracked)
    names = related_names(events, fields)
    labels = {f.name: str(f.verbose_name).capitalize() for f in fields}
    changes, previous = [], {}
    for row in events:
        now = {f.name: shown(f, getattr(row, f.attname), names) for f in fields}
        before = previous.get(row.pgh_obj_id)
        context = row.pgh_context.metadata if row.pgh_context else {}
        change = Change(
            event_id=row.pgh_id,
            at=row.pgh_created_at,
            label=row.pgh_label,
            part=part,
            who=str(context.get("user") or ""),
            where=str(context.get("url") or context.get("command") or ""),
        )
        if row.pgh_label == "delete":
            change.fields = [(labels[n], v, "") for n, v in now.items() if v]
        elif before is None:
            change.fields = [(labels[n], "", v) for n, v in now.items() if v]
        else:
            change.fields = [(labels[n], before[n], v) for n, v in now.items() if before[n] != v]
            change.before = [(labels[n], v) for n, v in before.items()]
        previous[row.pgh_obj_id] = now
        if change.fields or row.pgh_label != "update":
            changes.append(change)
    return changes


def related_names(events: list, fields: list[models.Field]) -> dict:
    """The names of the rows the events point to, one query per kind of row."""
    names = {}
    for f in fields:
        if f.is_relation and f.related_model is not None:
            ids = {getattr(row, f.attname) for row in events} - {None}
            found = f.related_model._default_manager.in_bulk(ids)
            names[f.name] = {pk: str(found[pk]) if pk in found else f"#{pk}" for pk in ids}
    return names


def shown(f: models.Field, value, names: dict) -> str:
    if value is None or value == "" or value == []:
        return ""
    if f.is_relation:
        return names.get(f.name, {}).get(value, f"#{value}")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = dict(f.flatchoices) if f.choices else None
    base = getattr(f, "base_field", None)
    if isinstance(value, list):
        if base is not None and base.choices:
            choices = dict(base.flatchoices)
        return ", ".join(str(choices.get(v, v)) if choices else str(v) for v in value)
    if choices:
        return str(choices.get(value, value))
    return str(value)


def name_people(changes: list[Change]) -> None:
    ids = {int(c.who) for c in changes if c.who.isdigit()}
    emails = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "email"))
    for change in changes:
        if change.who.isdigit():
            change.who = emails.get(int(change.who), "a removed account")
        elif not change.who:
            change.who = "the system" if change.where else "someone outside the site"


@transaction.atomic
def revert_change(*, item: models.Model, event_id: int, user) -> models.Model:
    """Put the item back as it was just before the change `event_id`; the revert is itself a
    change in the history, made by `user`."""
    event = event_model(type(item))
    rows = list(
        event.objects.filter(pgh_obj_id=item.pk, pgh_id__lte=event_id).order_by("-pgh_id")[:2]
    )
    if len(rows) < 2 or rows[0].pgh_id != event_id or rows[0].pgh_label != "update":
        raise RevertError("That change cannot be undone from here.")
    before = rows[1]
    item = type(item).objects.select_for_update().get(pk=item.pk)
    for f in tracked_fields(event, type(item)):
        setattr(item, f.attname, getattr(before, f.attname))
    try:
        item.full_clean()
    except ValidationError as error:
        raise RevertError("It cannot go back: " + " ".join(error.messages)) from error
    with pghistory.context(user=user.pk, reverted_to=before.pgh_id):
        item.save()
    return item
