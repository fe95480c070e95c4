"""Small builders for test data: `make_group(**overrides)` and friends."""

import datetime
import itertools
import time
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group as AuthGroup
from django.core import signing

from curation import spam
from groups.geo import normalize_town
from groups.models import (
    AddressVisibility,
    Category,
    Closure,
    Facilitation,
    Format,
    Joining,
    Meeting,
    MeetingPlace,
    OpeningHours,
    Organization,
    Place,
    SupportGroup,
)
from peersupport.models import User
from resources.models import Collection, CollectionItem, CollectionSection, Resource, Topic
from search.choices import EditorialStatus

_numbers = itertools.count(1)


def _next() -> int:
    return next(_numbers)


def make_user(email: str | None = None, *, verified: bool = True, **overrides) -> User:
    """A user who can sign in: password "a long test password", email verified by default."""
    password = overrides.pop("password", "a long test password")
    user = User.objects.create_user(email=email or f"user{_next()}@example.org", **overrides)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


def make_curator(email: str | None = None, **overrides) -> User:
    """A member of the Curators group (made by migration curation 0004), with staff status."""
    user = make_user(email, is_staff=True, **overrides)
    user.groups.add(AuthGroup.objects.get(name="Curators"))
    return user


def shown_form(seconds_ago: float = 60) -> str:
    """The hidden `started` value of a public form shown `seconds_ago` (curation.spam)."""
    return signing.dumps(time.time() - seconds_ago, salt=spam.SALT)


def make_category(**overrides) -> Category:
    n = _next()
    values = {"name": f"Category {n}", "slug": f"category-{n}"}
    return Category.objects.create(**(values | overrides))


def make_organization(**overrides) -> Organization:
    n = _next()
    values = {"name": f"Organization {n}", "slug": f"organization-{n}"}
    return Organization.objects.create(**(values | overrides))


def make_place(**overrides) -> MeetingPlace:
    values = {
        "street_address": "12 Hidden Lane",
        "city": "Atlanta",
        "state": "GA",
        "postal_code": "30303",
        "timezone": "America/New_York",
        "address_visibility": AddressVisibility.AREA_ONLY,
        "area_latitude": 33.7525,
        "area_longitude": -84.3888,
    }
    return MeetingPlace.objects.create(**(values | overrides))


def make_gazetteer_place(**overrides) -> Place:
    """A gazetteer ZIP (the default, Atlanta 30303) or town, keyed for search like the loader."""
    values = {
        "kind": Place.Kind.ZIP,
        "postal_code": "30303",
        "city": "Atlanta",
        "state": "GA",
        "county": "Fulton",
        "latitude": 33.7525,
        "longitude": -84.3888,
        "timezone": "America/New_York",
    }
    values |= overrides
    if values["kind"] == Place.Kind.TOWN and "postal_code" not in overrides:
        values["postal_code"] = ""
    values.setdefault("search_key", normalize_town(values["city"]))
    return Place.objects.create(**values)


def make_group(*, categories: list[Category] | None = None, **overrides) -> SupportGroup:
    n = _next()
    values = {
        "name": f"Group {n}",
        "slug": f"group-{n}",
        "summary": "A calm weekly group.",
        "description": "People share how their week went.",
        "format": Format.IN_PERSON,
        "facilitation": Facilitation.PEER,
        "joining": Joining.DROP_IN,
        "how_to_join": "Come along.",
        "status": EditorialStatus.PUBLISHED,
        "audiences": ["anyone"],
        "languages": ["en"],
    }
    values |= overrides
    if "organization" not in values:
        values["organization"] = make_organization()
    group = SupportGroup.objects.create(**values)
    if categories:
        group.categories.set(categories)
    return group


def make_meeting(group: SupportGroup, **overrides) -> Meeting:
    values = {
        "weekday": 1,
        "start_time": datetime.time(18, 30),
        "end_time": datetime.time(20, 0),
        "timezone": "America/New_York",
        "valid_from": datetime.date(2026, 1, 6),
    }
    return Meeting.objects.create(group=group, **(values | overrides))


def make_hours(listing: SupportGroup, **overrides) -> OpeningHours:
    """Opening hours of a listing: Monday, 9:00 am to 5:00 pm unless told otherwise."""
    values = {"weekday": 0, "opens": datetime.time(9, 0), "closes": datetime.time(17, 0)}
    return OpeningHours.objects.create(listing=listing, **(values | overrides))


def open_around_the_clock(listing: SupportGroup) -> None:
    """Hours of a listing open every day, all day."""
    for weekday in range(7):
        make_hours(
            listing,
            weekday=weekday,
            opens=datetime.time(0),
            closes=datetime.time(0),
            closes_next_day=True,
        )


def make_closure(listing: SupportGroup, date: datetime.date, **overrides) -> Closure:
    return Closure.objects.create(listing=listing, date=date, **overrides)


def make_topic(**overrides) -> Topic:
    n = _next()
    values = {"name": f"Topic {n}", "slug": f"topic-{n}"}
    return Topic.objects.create(**(values | overrides))


def make_resource(*, topics: list[Topic] | None = None, **overrides) -> Resource:
    n = _next()
    values = {
        "title": f"Resource {n}",
        "slug": f"resource-{n}",
        "kind": "article",
        "summary": "A short plain summary.",
        "url": f"https://example.org/resource-{n}",
        "status": EditorialStatus.PUBLISHED,
        "languages": ["en"],
    }
    resource = Resource.objects.create(**(values | overrides))
    if topics:
        resource.topics.set(topics)
    return resource


def make_collection(*, resources: list[Resource] = (), **overrides) -> Collection:
    n = _next()
    values = {
        "title": f"Collection {n}",
        "slug": f"collection-{n}",
        "summary": "A curated set.",
        "introduction": "Why these belong together.",
        "status": EditorialStatus.PUBLISHED,
    }
    collection = Collection.objects.create(**(values | overrides))
    section = CollectionSection.objects.create(collection=collection, title="Start here")
    for position, resource in enumerate(resources):
        CollectionItem.objects.create(section=section, resource=resource, position=position)
    return collection


def zone_in_its_day() -> tuple[str, datetime.datetime]:
    """A timezone where it is now between 2 am and 10 pm, and the time there."""
    for zone in ("America/New_York", "Asia/Tokyo", "Europe/Berlin", "Pacific/Honolulu"):
        local = (
            datetime.datetime.now(datetime.UTC)
            .astimezone(ZoneInfo(zone))
            .replace(second=0, microsecond=0)
        )
        if 2 <= local.hour < 22:
            return zone, local
    raise AssertionError("some zone is always in its day")
