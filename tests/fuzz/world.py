"""Something real for every path parameter, and the people who may visit each page."""

import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from curation.models import GroupReport, Organiser, VerificationRequest
from curation.verification import make_token
from lists import services as lists
from tests import factories
from tests.fuzz.routes import Route


@pytest.fixture
def world(alice, carol, root):
    """One of each thing a path can name, alice's list holding both kinds of item."""
    group = factories.make_group(categories=[factories.make_category()])
    factories.make_meeting(group, place=factories.make_place())
    resource = factories.make_resource(topics=[factories.make_topic()])
    collection = factories.make_collection(resources=[resource])
    saved = lists.create_list(owner=alice, name="For fuzzing")
    lists.save_to_lists(lists=[saved], resource=resource, group=None, note="a note")
    lists.save_to_lists(lists=[saved], resource=None, group=group, note="")
    lists.share_list(saved_list=saved)
    report = GroupReport.objects.create(
        group=group,
        problem=GroupReport.Problem.WRONG_DETAILS,
        proposed={"name": "A new name", "contact_phone": "555-0100"},
        seen={"name": group.name, "contact_phone": group.contact_phone},
    )
    # alice organises the group too, so her pages for organisers have their forms.
    Organiser.objects.create(user=alice, organization=group.organization)
    check = make_token(VerificationRequest.objects.create(listing=group, sent_to="x@example.org"))
    return {
        "groups": group.slug,
        "curation": group.slug,
        "resources:detail": resource.slug,
        "curation:resource_report": resource.slug,
        # A path's values by route, where its parameters mean something else elsewhere.
        "curation:review": {"kind": "listing-report", "pk": str(report.pk)},
        "curation:history": {"kind": "listing", "pk": str(group.pk)},
        "curation:still_right": {"token": check},
        "curation:changed": {"token": check},
        "curation:export": {"table": "listings"},
        "resources:collection": collection.slug,
        "pk": str(saved.pk),
        "item_pk": str(saved.items.first().pk),
        "token": saved.share_token,
        "content_type_id": str(ContentType.objects.get_for_model(type(group)).pk),
        "app_label": "groups",
        "alice": alice,
        "carol": carol,
        "root": root,
    }


def real_values(route: Route, world: dict) -> dict[str, str]:
    values = {}
    by_route = world.get(route.name)
    for name in route.parameters:
        if isinstance(by_route, dict):
            values[name] = by_route[name]
        elif name == "slug":
            values[name] = world.get(route.name) or world[route.name.split(":")[0]]
        elif name == "object_id":
            values[name] = admin_object_id(route)
        else:
            values[name] = world.get(name, "1")
    return values


def admin_object_id(route: Route) -> str:
    match = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    model = apps.get_model(match.group(1), match.group(2)) if match else None
    first = model._default_manager.order_by("pk").first() if model else None
    return str(first.pk) if first else "1"


HOSTILE_PATH_VALUES = ["0", "9" * 30, "-1", "a" * 300, "%00", "..", "x%2F..%2Fy", "é", "1e9"]


def clients(route: Route, world: dict) -> dict[str, Client]:
    if route.is_admin:
        root = Client()
        root.force_login(world["root"])
        return {"site admin": root}
    if route.pattern.startswith("curation/"):
        curator = Client()
        curator.force_login(world["carol"])
        return {"anonymous": Client(), "curator": curator}
    advocate = Client()
    advocate.force_login(world["alice"])
    return {"anonymous": Client(), "advocate": advocate}
