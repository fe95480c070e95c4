"""Advocates and their lists, as the lists tests use them."""

import datetime

import pytest

from groups.models import AddressVisibility, Format
from tests.lists.helpers import HIDDEN_STREET, PRIVATE_ROOM, SECRET_STREET, add, make_list


@pytest.fixture
def alices_list(alice, make_resource, make_group):
    """Alice's list with two resources and a group, in that order."""
    saved_list = make_list(alice, "Housing help")
    add(saved_list, resource=make_resource(title="Tenant Rights Guide"), note="Start here")
    add(saved_list, resource=make_resource(title="Shelter Hotline"))
    add(saved_list, group=make_group(name="Tuesday Circle"))
    return saved_list


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def as_bob(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def handout_list(alice, make_resource, make_group, make_place, make_meeting):
    """A list with a hotline, a group at a confidential place, one whose place is shared only on
    request, one at a public place and one online."""
    saved_list = make_list(alice, "For R.", description="Places to call first")
    hotline = make_resource(
        title="Statewide DV Hotline",
        kind="hotline",
        url="https://example.org/hotline",
        phone="1-800-555-0123",
    )
    area_only = make_group(name="Quiet Harbor Circle", contact_phone="404-555-0100")
    make_meeting(
        area_only,
        place=make_place(street_address=HIDDEN_STREET, postal_code="30303"),
        weekday=1,
    )
    on_request = make_group(name="Evening Light Group")
    make_meeting(
        on_request,
        place=make_place(
            street_address=SECRET_STREET,
            city="Decatur",
            postal_code="30030",
            address_visibility=AddressVisibility.ON_REQUEST,
        ),
        weekday=3,
    )
    public = make_group(name="Open Door Drop-in")
    make_meeting(
        public,
        place=make_place(
            name="Community Library",
            street_address="500 Open Street",
            address_visibility=AddressVisibility.PUBLIC,
        ),
    )
    online = make_group(
        name="Online Sunday Check-in", format=Format.ONLINE, online_url=PRIVATE_ROOM
    )
    make_meeting(online, weekday=6, start_time=datetime.time(19, 0))
    add(saved_list, resource=hotline, note="Ask for the shelter team")
    add(saved_list, group=area_only, note="Call before going")
    add(saved_list, group=on_request)
    add(saved_list, group=public)
    add(saved_list, group=online)
    return saved_list
