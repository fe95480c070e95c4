"""Advocates' saved lists: who may see them, making and changing them, saving into them,
sharing them by link, and the handouts and spreadsheets made from them.

Signed-in requests use `force_login`; the password and reauthentication flows are covered in
tests/peersupport/test_accounts.py and test_account_data.py.
"""

import csv
import datetime
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups import schedule
from groups.models import AddressVisibility, Format
from lists import services as lists
from lists.forms import ListForm
from lists.models import SavedItem, SavedList
from peersupport.models import CrisisLine
from search.choices import EditorialStatus

pytestmark = pytest.mark.django_db

HIDDEN_STREET = "12 Hidden Lane"
SECRET_STREET = "77 Secret Road"
PRIVATE_ROOM = "https://meet.example/private-room-4821"


# Helpers -----------------------------------------------------------------------------------------


def make_list(owner, name: str = "For J.", **overrides) -> SavedList:
    return lists.create_list(owner=owner, name=name, **overrides)


def add(saved_list: SavedList, *, resource=None, group=None, note: str = "") -> SavedItem:
    lists.save_to_lists(lists=[saved_list], resource=resource, group=group, note=note)
    target = {"resource": resource} if resource else {"group": group}
    return saved_list.items.get(**target)


def snapshot() -> tuple[list, list]:
    """Every list and item as stored, to show a refused request changed nothing."""
    return (
        list(SavedList.objects.order_by("pk").values()),
        list(SavedItem.objects.order_by("pk").values()),
    )


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def titles_in_order(saved_list: SavedList) -> list[str]:
    return [str(item) for item in saved_list.items.order_by("position", "pk")]


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def handout_footer(html: str) -> str:
    return html[html.index('class="handout-lines"') :]


def next_meeting_texts(group) -> list[str]:
    starts = schedule.upcoming_across(group.meetings.all(), timezone.now(), count=2)
    return [schedule.Occurrence(start).text for start, _ in starts]


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


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


# Access matrix -----------------------------------------------------------------------------------

# (url name, method, takes an item id, POST data)
LIST_VIEWS = [
    ("lists:detail", "get", False, {}),
    ("lists:detail", "post", False, {"name": "Renamed", "description": ""}),
    ("lists:delete", "get", False, {}),
    ("lists:delete", "post", False, {}),
    ("lists:share", "post", False, {"action": "new"}),
    ("lists:print", "get", False, {}),
    ("lists:csv", "get", False, {}),
    ("lists:item_note", "post", True, {"note": "Changed"}),
    ("lists:item_move", "post", True, {"direction": "down"}),
    ("lists:item_remove", "post", True, {}),
]
VIEW_IDS = [f"{name}-{method}" for name, method, _, _ in LIST_VIEWS]
ITEM_VIEWS = [name for name, _, takes_item, _ in LIST_VIEWS if takes_item]


def list_url(name: str, saved_list: SavedList, takes_item: bool) -> str:
    if takes_item:
        return reverse(name, args=[saved_list.pk, saved_list.items.first().pk])
    return reverse(name, args=[saved_list.pk])


@pytest.mark.parametrize(("name", "method", "takes_item", "data"), LIST_VIEWS, ids=VIEW_IDS)
def test_the_owner_can_use_every_list_view(as_alice, alices_list, name, method, takes_item, data):
    url = list_url(name, alices_list, takes_item)
    response = getattr(as_alice, method)(url, data)
    if method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("lists:index"))


@pytest.mark.parametrize(("name", "method", "takes_item", "data"), LIST_VIEWS, ids=VIEW_IDS)
def test_another_advocate_gets_not_found_and_changes_nothing(
    as_bob, alices_list, name, method, takes_item, data
):
    url = list_url(name, alices_list, takes_item)
    before = snapshot()
    response = getattr(as_bob, method)(url, data)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(("name", "method", "takes_item", "data"), LIST_VIEWS, ids=VIEW_IDS)
def test_anonymous_visitors_are_sent_to_sign_in(
    client, alices_list, name, method, takes_item, data
):
    url = list_url(name, alices_list, takes_item)
    before = snapshot()
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "method"), [("lists:index", "get"), ("lists:index", "post"), ("lists:save", "post")]
)
def test_anonymous_visitors_are_sent_to_sign_in_from_the_index_and_save(client, name, method):
    response = getattr(client, method)(reverse(name), {"name": "Sneaky"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not SavedList.objects.exists()


def test_the_list_index_shows_only_your_own_lists(as_bob, alices_list, bob):
    make_list(bob, "Bob's referrals")
    html = page(as_bob, reverse("lists:index"))
    assert "Bob&#x27;s referrals" in html
    assert "Housing help" not in html
    assert reverse("lists:detail", args=[alices_list.pk]) not in html


def test_saving_into_another_advocates_list_stores_nothing(as_bob, alices_list, make_resource):
    resource = make_resource()
    before = snapshot()
    response = as_bob.post(
        reverse("lists:save"), {"resource": resource.slug, "lists": [alices_list.pk]}
    )
    assert response.status_code == 302
    assert snapshot() == before
    assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["error"]


@pytest.mark.parametrize("name", ITEM_VIEWS)
def test_an_item_of_another_list_is_not_found_in_your_own_lists_url(
    client, alice, bob, alices_list, make_resource, name
):
    alices_other, bobs_own = make_list(alice, "Another of Alice's lists"), make_list(bob)
    item = alices_list.items.first()
    before = snapshot()
    for user, own_list in ((alice, alices_other), (bob, bobs_own)):
        client.force_login(user)
        url = reverse(name, args=[own_list.pk, item.pk])
        assert client.post(url, {"note": "x", "direction": "down"}).status_code == 404
    assert snapshot() == before


def test_a_list_that_does_not_exist_is_not_found(as_alice):
    assert as_alice.get(reverse("lists:detail", args=[987654])).status_code == 404


# Making, renaming and deleting lists ------------------------------------------------------------


def test_making_a_list_takes_you_to_it(as_alice, alice):
    response = as_alice.post(
        reverse("lists:index"), {"name": "  Court support ", "description": "For hearings"}
    )
    saved_list = SavedList.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("lists:detail", args=[saved_list.pk])
    assert saved_list.name == "Court support"
    assert saved_list.description == "For hearings"
    assert saved_list.share_token is None


@pytest.mark.parametrize("name", ["", "   "])
def test_a_list_needs_a_name(as_alice, name):
    response = as_alice.post(reverse("lists:index"), {"name": name})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not SavedList.objects.exists()


@pytest.mark.parametrize("name", ["Housing help", " housing HELP "])
def test_two_of_your_lists_cannot_share_a_name_whatever_the_case(as_alice, alices_list, name):
    response = as_alice.post(reverse("lists:index"), {"name": name})
    assert response.status_code == 422
    assert "You already have a list with this name." in response.content.decode()
    assert SavedList.objects.count() == 1


def test_a_name_another_advocate_uses_is_still_yours_to_use(as_bob, bob, alices_list):
    response = as_bob.post(reverse("lists:index"), {"name": "Housing help"})
    assert response.status_code == 302
    assert SavedList.objects.filter(owner=bob, name="Housing help").exists()


def test_renaming_a_list(as_alice, alices_list):
    url = reverse("lists:detail", args=[alices_list.pk])
    response = as_alice.post(url, {"name": "Housing and money", "description": "Updated"})
    assert response.status_code == 302
    assert response["Location"] == url
    alices_list.refresh_from_db()
    assert (alices_list.name, alices_list.description) == ("Housing and money", "Updated")
    assert message_texts(response) == ["The list was renamed."]


def test_renaming_a_list_to_a_different_case_of_its_own_name_is_fine(as_alice, alices_list):
    url = reverse("lists:detail", args=[alices_list.pk])
    assert as_alice.post(url, {"name": "HOUSING HELP"}).status_code == 302
    alices_list.refresh_from_db()
    assert alices_list.name == "HOUSING HELP"


def test_renaming_a_list_to_another_lists_name_is_refused(as_alice, alice, alices_list):
    make_list(alice, "Legal help")
    url = reverse("lists:detail", args=[alices_list.pk])
    response = as_alice.post(url, {"name": "legal HELP"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "You already have a list with this name." in html
    assert "<h1>Housing help</h1>" in html
    alices_list.refresh_from_db()
    assert alices_list.name == "Housing help"


def test_deleting_a_list_asks_first_then_removes_it_and_its_items(as_alice, alice, alices_list):
    other = make_list(alice, "Keep me")
    kept = add(other, resource=alices_list.items.first().resource)
    url = reverse("lists:delete", args=[alices_list.pk])
    assert "Delete “Housing help”?" in page(as_alice, url)
    assert SavedList.objects.filter(pk=alices_list.pk).exists()

    response = as_alice.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("lists:index")
    assert not SavedList.objects.filter(pk=alices_list.pk).exists()
    assert list(SavedItem.objects.all()) == [kept]
    assert message_texts(response) == ["The list “Housing help” was deleted."]


def test_the_index_shows_each_list_with_its_item_count_and_sharing(as_alice, alice, alices_list):
    make_list(alice, "Empty one")
    lists.share_list(saved_list=alices_list)
    html = page(as_alice, reverse("lists:index"))
    assert "3 items · shared by link" in html
    assert "0 items" in html


# Saving ------------------------------------------------------------------------------------------


def save(client, **data):
    return client.post(reverse("lists:save"), data)


def test_saving_from_a_resource_page_goes_back_to_it(as_alice, alice, make_resource):
    saved_list = make_list(alice, "Legal help")
    resource = make_resource(title="Protective Orders Explained")
    html = page(as_alice, resource.get_absolute_url())
    assert f'<input type="hidden" name="resource" value="{resource.slug}">' in html
    assert f'<input type="hidden" name="next" value="{resource.get_absolute_url()}">' in html
    assert f'name="lists" value="{saved_list.pk}"' in html

    response = save(
        as_alice, resource=resource.slug, lists=[saved_list.pk], next=resource.get_absolute_url()
    )
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert [item.resource for item in saved_list.items.all()] == [resource]
    assert message_texts(response) == ["Saved to “Legal help”."]


def test_saving_from_a_group_page_goes_back_to_it(as_alice, alice, make_group):
    saved_list = make_list(alice)
    group = make_group()
    html = page(as_alice, group.get_absolute_url())
    assert f'<input type="hidden" name="group" value="{group.slug}">' in html

    response = save(
        as_alice, group=group.slug, lists=[saved_list.pk], next=group.get_absolute_url()
    )
    assert response["Location"] == group.get_absolute_url()
    assert [item.group for item in saved_list.items.all()] == [group]


def test_saving_from_search_results_goes_back_to_the_same_search(as_alice, alice, make_resource):
    saved_list = make_list(alice)
    resource = make_resource(title="Safety Planning Workbook")
    search = reverse("resources:list") + "?q=safety+planning&kind=article"
    html = page(as_alice, search)
    assert f'value="{resource.slug}"' in html
    assert 'name="next" value="/resources/?q=safety+planning&amp;kind=article"' in html

    response = save(as_alice, resource=resource.slug, lists=[saved_list.pk], next=search)
    assert response["Location"] == search
    assert saved_list.items.get().resource == resource


def test_group_search_results_carry_a_save_control_back_to_the_search(as_alice, alice, make_group):
    make_list(alice)
    group = make_group(name="Thursday Women's Circle")
    html = page(as_alice, reverse("groups:list") + "?format=in_person")
    assert f'<input type="hidden" name="group" value="{group.slug}">' in html
    assert 'name="next" value="/groups/?format=in_person"' in html


def test_saving_into_several_lists_at_once(as_alice, alice, make_resource):
    first, second, untouched = (make_list(alice, name) for name in ("A", "B", "C"))
    resource = make_resource()
    response = save(as_alice, resource=resource.slug, lists=[first.pk, second.pk])
    assert response["Location"] == reverse("lists:index")
    assert first.items.get().resource == resource
    assert second.items.get().resource == resource
    assert not untouched.items.exists()
    assert message_texts(response) == ["Saved to “A”, “B”."]


def test_saving_into_a_new_list_makes_it(as_alice, alice, make_group):
    group = make_group()
    save(as_alice, group=group.slug, new_list="  Support groups  ")
    saved_list = SavedList.objects.get(owner=alice)
    assert saved_list.name == "Support groups"
    assert saved_list.items.get().group == group


def test_saving_into_a_new_list_with_an_existing_name_uses_that_list(
    as_alice, alice, alices_list, make_resource
):
    resource = make_resource()
    save(as_alice, resource=resource.slug, new_list="housing HELP", lists=[alices_list.pk])
    assert SavedList.objects.filter(owner=alice).count() == 1
    assert alices_list.items.filter(resource=resource).count() == 1
    assert titles_in_order(alices_list)[-1] == resource.title


def test_saving_twice_keeps_one_item(as_alice, alices_list, make_resource):
    resource = make_resource()
    save(as_alice, resource=resource.slug, lists=[alices_list.pk])
    again = save(as_alice, resource=resource.slug, lists=[alices_list.pk])
    assert message_texts(again)[-1] == f"Already in “{alices_list.name}”."
    assert alices_list.items.filter(resource=resource).count() == 1
    assert alices_list.items.count() == 4


def test_a_saved_item_goes_to_the_end_of_the_list(as_alice, alices_list, make_resource):
    resource = make_resource(title="Newest Addition")
    save(as_alice, resource=resource.slug, lists=[alices_list.pk])
    assert titles_in_order(alices_list) == [
        "Tenant Rights Guide",
        "Shelter Hotline",
        "Tuesday Circle",
        "Newest Addition",
    ]


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("resource", EditorialStatus.DRAFT),
        ("resource", EditorialStatus.ARCHIVED),
        ("group", EditorialStatus.IN_REVIEW),
        ("group", EditorialStatus.ARCHIVED),
    ],
)
def test_unpublished_resources_and_groups_cannot_be_saved(
    as_alice, alices_list, make_resource, make_group, kind, status
):
    unpublished = make_resource(status=status) if kind == "resource" else make_group(status=status)
    before = snapshot()
    response = save(as_alice, lists=[alices_list.pk], new_list="Fresh", **{kind: unpublished.slug})
    assert response.status_code == 302
    assert message_texts(response) == ["Choose one resource or one group to save."]
    assert snapshot() == before


@pytest.mark.parametrize(
    "next_url",
    ["https://elsewhere.example/steal", "//elsewhere.example/", ""],
)
def test_a_next_address_on_another_site_is_ignored(as_alice, alices_list, make_resource, next_url):
    response = save(as_alice, resource=make_resource().slug, lists=[alices_list.pk], next=next_url)
    assert response["Location"] == reverse("lists:index")


@pytest.mark.parametrize("both", [False, True], ids=["neither", "both"])
def test_saving_needs_exactly_one_resource_or_group(
    as_alice, alices_list, make_resource, make_group, both
):
    data = {"resource": make_resource().slug, "group": make_group().slug} if both else {}
    before = snapshot()
    response = save(as_alice, lists=[alices_list.pk], next="/resources/", **data)
    assert response["Location"] == "/resources/"
    assert message_texts(response) == ["Choose one resource or one group to save."]
    assert snapshot() == before


def test_saving_needs_a_list_or_a_new_name(as_alice, alices_list, make_resource):
    before = snapshot()
    response = save(as_alice, resource=make_resource().slug, new_list="   ")
    assert message_texts(response) == ["Choose a list, or give a new list a name."]
    assert snapshot() == before


def test_saving_only_accepts_a_post(as_alice):
    assert as_alice.get(reverse("lists:save")).status_code == 405


@pytest.mark.parametrize("where", ["resource", "group", "resource search", "group search"])
def test_the_save_control_is_only_for_signed_in_advocates(
    client, alice, make_resource, make_group, where
):
    resource = make_resource(title="Safety Planning Workbook")
    group = make_group()
    url = {
        "resource": resource.get_absolute_url(),
        "group": group.get_absolute_url(),
        "resource search": reverse("resources:list") + "?q=safety",
        "group search": reverse("groups:list"),
    }[where]
    slug = group.slug if "group" in where else resource.slug
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert slug in anonymous.content.decode()
    assert reverse("lists:save") not in anonymous.content.decode()
    assert "Save to a list" not in anonymous.content.decode()
    assert not anonymous.cookies

    client.force_login(alice)
    html = page(client, url)
    assert f'<form method="post" action="{reverse("lists:save")}">' in html
    assert f'value="{slug}"' in html


@pytest.mark.parametrize("name", ["resources:list", "groups:list"])
def test_anonymous_search_pages_set_no_cookies(client, make_resource, make_group, name):
    make_resource()
    make_group()
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.cookies == {}
    assert client.cookies == {}


# Notes, order and removing -----------------------------------------------------------------------


def test_saving_a_note(as_alice, alices_list):
    item = alices_list.items.last()
    url = reverse("lists:item_note", args=[alices_list.pk, item.pk])
    response = as_alice.post(url, {"note": "Meets upstairs; ask for Dee"})
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("lists:detail", args=[alices_list.pk]) + f"#item-{item.pk}"
    )
    item.refresh_from_db()
    assert item.note == "Meets upstairs; ask for Dee"
    assert message_texts(response) == ["Note saved."]
    html = page(as_alice, reverse("lists:detail", args=[alices_list.pk]))
    assert "Meets upstairs; ask for Dee</textarea>" in html


def test_a_note_can_be_cleared(as_alice, alices_list):
    item = alices_list.items.first()
    as_alice.post(reverse("lists:item_note", args=[alices_list.pk, item.pk]), {"note": ""})
    item.refresh_from_db()
    assert item.note == ""


def test_an_over_long_note_is_refused_with_a_message(as_alice, alices_list):
    item = alices_list.items.first()
    url = reverse("lists:item_note", args=[alices_list.pk, item.pk])
    response = as_alice.post(url, {"note": "x" * 2001})
    assert response.status_code == 302
    assert message_texts(response) == ["Notes can be up to 2,000 characters."]
    item.refresh_from_db()
    assert item.note == "Start here"


def test_a_note_of_exactly_2000_characters_is_kept(as_alice, alices_list):
    item = alices_list.items.first()
    as_alice.post(reverse("lists:item_note", args=[alices_list.pk, item.pk]), {"note": "y" * 2000})
    item.refresh_from_db()
    assert item.note == "y" * 2000


def move(client, saved_list: SavedList, title: str, direction: str):
    item = next(each for each in saved_list.items.all() if str(each) == title)
    url = reverse("lists:item_move", args=[saved_list.pk, item.pk])
    return client.post(url, {"direction": direction})


def test_moving_items_up_and_down_reorders_the_list(as_alice, alices_list):
    move(as_alice, alices_list, "Tuesday Circle", "up")
    assert titles_in_order(alices_list) == [
        "Tenant Rights Guide",
        "Tuesday Circle",
        "Shelter Hotline",
    ]
    move(as_alice, alices_list, "Tenant Rights Guide", "down")
    assert titles_in_order(alices_list) == [
        "Tuesday Circle",
        "Tenant Rights Guide",
        "Shelter Hotline",
    ]
    html = page(as_alice, reverse("lists:detail", args=[alices_list.pk]))
    positions = [html.index(f">{title}</a></h2>") for title in titles_in_order(alices_list)]
    assert positions == sorted(positions)


def test_the_first_item_cannot_move_up_and_the_last_cannot_move_down(as_alice, alices_list):
    before = titles_in_order(alices_list)
    first = move(as_alice, alices_list, "Tenant Rights Guide", "up")
    last = move(as_alice, alices_list, "Tuesday Circle", "down")
    assert first.status_code == last.status_code == 302
    assert message_texts(first) == message_texts(last) == []
    assert titles_in_order(alices_list) == before
    assert move(as_alice, alices_list, "Shelter Hotline", "sideways").status_code == 302
    assert titles_in_order(alices_list) == before


def test_the_page_offers_only_the_moves_that_make_sense(as_alice, alices_list):
    html = page(as_alice, reverse("lists:detail", args=[alices_list.pk]))
    assert html.count("Move up<span") == 2
    assert html.count("Move down<span") == 2
    assert 'Move up<span class="visually-hidden">: Tenant Rights Guide' not in html
    assert 'Move down<span class="visually-hidden">: Tuesday Circle' not in html


def test_removing_an_item(as_alice, alices_list):
    item = alices_list.items.get(resource__title="Shelter Hotline")
    response = as_alice.post(reverse("lists:item_remove", args=[alices_list.pk, item.pk]))
    assert response["Location"] == reverse("lists:detail", args=[alices_list.pk])
    assert titles_in_order(alices_list) == ["Tenant Rights Guide", "Tuesday Circle"]
    assert message_texts(response) == ["Removed from the list."]


def test_moving_still_works_after_a_removal(as_alice, alices_list):
    middle = alices_list.items.get(resource__title="Shelter Hotline")
    as_alice.post(reverse("lists:item_remove", args=[alices_list.pk, middle.pk]))
    move(as_alice, alices_list, "Tuesday Circle", "up")
    assert titles_in_order(alices_list) == ["Tuesday Circle", "Tenant Rights Guide"]


# Sharing -----------------------------------------------------------------------------------------


def share(client, saved_list: SavedList, action: str = "new") -> str | None:
    response = client.post(reverse("lists:share", args=[saved_list.pk]), {"action": action})
    assert response.status_code == 302
    saved_list.refresh_from_db()
    return saved_list.share_token


def shared_url(token: str) -> str:
    return reverse("shared_list", args=[token])


def test_a_shared_list_opens_for_anyone_with_the_link_without_saying_who_made_it(
    as_alice, alice, alices_list
):
    item = alices_list.items.last()
    item.note = "Ask for the Tuesday facilitator"
    item.save()
    token = share(as_alice, alices_list)
    detail = page(as_alice, reverse("lists:detail", args=[alices_list.pk]))
    assert f'value="http://testserver{shared_url(token)}"' in detail

    anonymous = Client()
    response = anonymous.get(shared_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Housing help", "Tenant Rights Guide", "Shelter Hotline", "Tuesday Circle"):
        assert text in html
    assert "Start here" in html
    assert "Ask for the Tuesday facilitator" in html
    assert alice.email not in html
    assert "alice" not in html.lower()
    assert reverse("lists:detail", args=[alices_list.pk]) not in html
    assert not response.cookies


def test_a_shared_list_is_never_stored_or_indexed(as_alice, alices_list):
    token = share(as_alice, alices_list)
    response = Client().get(shared_url(token))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_a_new_link_replaces_the_old_one(as_alice, alices_list):
    old = share(as_alice, alices_list)
    new = share(as_alice, alices_list)
    assert new != old
    anonymous = Client()
    assert anonymous.get(shared_url(old)).status_code == 404
    assert anonymous.get(shared_url(new)).status_code == 200


def test_stopping_sharing_makes_the_link_not_found(as_alice, alices_list):
    token = share(as_alice, alices_list)
    assert share(as_alice, alices_list, "stop") is None
    assert alices_list.shared_at is None
    assert Client().get(shared_url(token)).status_code == 404
    detail = page(as_alice, reverse("lists:detail", args=[alices_list.pk]))
    assert "Make a share link" in detail
    assert "/shared/" not in detail


def test_share_tokens_are_long_and_unguessable(alice):
    tokens = set()
    for number in range(20):
        saved_list = make_list(alice, f"List {number}")
        token = lists.share_list(saved_list=saved_list).share_token
        assert len(token) >= 32
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        tokens.add(token)
    assert len(tokens) == 20


@pytest.mark.parametrize(
    "token",
    ["nope", "None", "a" * 32, "a" * 65, "x" * 500, "ñandú"],
)
def test_made_up_share_links_are_not_found(client, alices_list, token):
    lists.share_list(saved_list=alices_list)
    assert client.get(shared_url(token)).status_code == 404


def test_a_share_link_with_a_nul_byte_is_not_found(client, alices_list):
    lists.share_list(saved_list=alices_list)
    client.raise_request_exception = False
    assert client.get("/shared/abc%00def/").status_code == 404


# Handouts and CSV --------------------------------------------------------------------------------


@pytest.fixture(params=["print", "shared"])
def handout(request, as_alice, handout_list) -> str:
    """The handout list as its owner prints it, then as an anonymous visitor opens its link."""
    if request.param == "print":
        return page(as_alice, reverse("lists:print", args=[handout_list.pk]))
    token = lists.share_list(saved_list=handout_list).share_token
    return page(Client(), shared_url(token))


def test_a_handout_shows_what_a_client_needs(handout, handout_list):
    for text in (
        "<h1>For R.</h1>",
        "Places to call first",
        "Statewide DV Hotline",
        ">https://example.org/hotline</a>",
        'href="tel:18005550123">1-800-555-0123</a>',
        "Ask for the shelter team",
        "Quiet Harbor Circle",
        'href="tel:4045550100">404-555-0100</a>',
        "Call before going",
        "Online Sunday Check-in",
    ):
        assert text in handout
    for item in handout_list.items.filter(group__isnull=False):
        assert f"More: http://testserver{item.group.get_absolute_url()}" in handout


def test_a_handout_shows_the_next_meetings_of_each_group(handout, handout_list):
    for item in handout_list.items.filter(group__isnull=False):
        texts = next_meeting_texts(item.group)
        assert len(texts) == 2
        for text in texts:
            assert f"<li>Next: {text}</li>" in handout


def test_a_handout_ends_with_the_crisis_lines_from_the_data(handout):
    footer = handout_footer(handout)
    assert "call 988" in footer
    assert "text START to 88788" in footer
    assert "1-800-799-7233" in footer


def test_a_new_crisis_line_appears_on_the_handout(as_alice, handout_list):
    CrisisLine.objects.create(
        country="US",
        name="Statewide Warmline",
        short_name="Warmline",
        kind=CrisisLine.Kind.CRISIS,
        phone="1-866-555-0142",
        last_checked=datetime.date(2026, 1, 1),
    )
    footer = handout_footer(page(as_alice, reverse("lists:print", args=[handout_list.pk])))
    assert "Statewide Warmline: call 1-866-555-0142" in footer


def test_a_handout_shows_only_the_area_of_confidential_meeting_places(handout):
    assert "Hidden Lane" not in handout
    assert "Secret Road" not in handout
    assert "In person · Atlanta, GA 30303" in handout
    assert "In person · Decatur, GA</li>" in handout
    assert "30030" not in handout  # on request: not even the ZIP
    # A public place is shown in full.
    assert "Community Library, 500 Open Street, Atlanta, GA 30303" in handout


def test_a_handout_never_shows_a_private_meeting_link(handout):
    assert "private-room-4821" not in handout


def test_a_shared_page_never_sends_its_link_on_as_a_referrer(as_alice, handout_list):
    token = lists.share_list(saved_list=handout_list).share_token
    response = Client().get(shared_url(token))
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert '<a href="https://example.org/hotline" rel="noreferrer">' in html


def test_the_print_page_links_back_to_the_list_and_the_shared_page_does_not(as_alice, alices_list):
    printed = page(as_alice, reverse("lists:print", args=[alices_list.pk]))
    token = lists.share_list(saved_list=alices_list).share_token
    shared = page(Client(), shared_url(token))
    assert "Back to the list" in printed
    assert '<meta name="robots"' not in printed
    assert "Back to the list" not in shared


def test_the_csv_has_a_header_and_one_row_per_item(as_alice, handout_list):
    response = as_alice.get(reverse("lists:csv", args=[handout_list.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="list-{handout_list.pk}.csv"'
    assert "no-store" in response["Cache-Control"]
    header, *rows = read_csv(response)
    assert header == ["type", "name", "link", "phone", "where", "when", "note"]
    assert [row[:2] for row in rows] == [
        ["resource", "Statewide DV Hotline"],
        ["group", "Quiet Harbor Circle"],
        ["group", "Evening Light Group"],
        ["group", "Open Door Drop-in"],
        ["group", "Online Sunday Check-in"],
    ]
    hotline, area_only, on_request, public, online = rows
    assert hotline == [
        "resource",
        "Statewide DV Hotline",
        "https://example.org/hotline",
        "1-800-555-0123",
        "",
        "",
        "Ask for the shelter team",
    ]
    quiet_harbor = handout_list.items.get(group__name="Quiet Harbor Circle").group
    assert area_only[2] == f"http://testserver{quiet_harbor.get_absolute_url()}"
    assert area_only[3] == "404-555-0100"
    assert area_only[4] == "Atlanta, GA 30303"
    assert area_only[5] == "; ".join(next_meeting_texts(quiet_harbor))
    assert on_request[4] == "Decatur, GA"
    assert public[4] == "Community Library, 500 Open Street, Atlanta, GA 30303"
    assert online[4] == "Online"


def test_the_csv_never_contains_a_confidential_street_address_or_private_link(
    as_alice, handout_list
):
    body = as_alice.get(reverse("lists:csv", args=[handout_list.pk])).content.decode()
    assert HIDDEN_STREET not in body
    assert SECRET_STREET not in body
    assert "30030" not in body
    assert "private-room-4821" not in body


FORMULAS = ['=HYPERLINK("https://evil.example","click")', "+1+2", "-2+3", "@SUM(A1)", "\t=1"]


def test_formula_like_cells_in_the_csv_are_kept_as_text(as_alice, alice, make_resource):
    saved_list = make_list(alice)
    for note in FORMULAS:
        add(saved_list, resource=make_resource(), note=note)
    add(saved_list, resource=make_resource(title="=cmd|' /C calc'!A0"), note="Plain note")
    _, *rows = read_csv(as_alice.get(reverse("lists:csv", args=[saved_list.pk])))
    assert [row[-1] for row in rows] == ["'" + note for note in FORMULAS] + ["Plain note"]
    assert rows[-1][1] == "'=cmd|' /C calc'!A0"


def test_an_empty_list_has_a_csv_with_only_the_header(as_alice, alice):
    saved_list = make_list(alice)
    rows = read_csv(as_alice.get(reverse("lists:csv", args=[saved_list.pk])))
    assert rows == [["type", "name", "link", "phone", "where", "when", "note"]]


# Unpublished items -------------------------------------------------------------------------------


def test_items_no_longer_published_are_left_out_everywhere(as_alice, alices_list):
    resource = alices_list.items.get(resource__title="Shelter Hotline").resource
    resource.status = EditorialStatus.ARCHIVED
    resource.save()
    group = alices_list.items.get(group__isnull=False).group
    group.status = EditorialStatus.DRAFT
    group.save()
    token = lists.share_list(saved_list=alices_list).share_token

    for html in (
        page(as_alice, reverse("lists:detail", args=[alices_list.pk])),
        page(as_alice, reverse("lists:print", args=[alices_list.pk])),
        page(Client(), shared_url(token)),
        as_alice.get(reverse("lists:csv", args=[alices_list.pk])).content.decode(),
    ):
        assert "Tenant Rights Guide" in html
        assert "Shelter Hotline" not in html
        assert "Tuesday Circle" not in html
    # The items are still stored: publishing again brings them back.
    assert alices_list.items.count() == 3
    resource.status = EditorialStatus.PUBLISHED
    resource.save()
    assert "Shelter Hotline" in page(as_alice, reverse("lists:detail", args=[alices_list.pk]))


def test_the_index_count_leaves_out_unpublished_items(as_alice, alices_list):
    resource = alices_list.items.get(resource__title="Shelter Hotline").resource
    resource.status = EditorialStatus.ARCHIVED
    resource.save()
    html = page(as_alice, reverse("lists:index"))
    assert "2 items" in html


# Query counts ------------------------------------------------------------------------------------


def fill(saved_list: SavedList, count: int, builders) -> None:
    """Add `count` items: every other one a group meeting twice a week at a confidential place."""
    make_resource, make_group, make_place, make_meeting = builders
    for number in range(count):
        if number % 2:
            group = make_group()
            place = make_place()
            make_meeting(group, place=place, weekday=1)
            make_meeting(group, place=place, weekday=4)
            add(saved_list, group=group, note=f"Note {number}")
        else:
            add(saved_list, resource=make_resource(), note=f"Note {number}")


@pytest.fixture
def builders(make_resource, make_group, make_place, make_meeting):
    return make_resource, make_group, make_place, make_meeting


def count_queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    return len(queries)


def assert_same_queries_for_more(client, url: str, grow, assert_max, limit: int) -> str:
    """The page after `grow()` makes no more queries than before; returns it grown."""
    baseline = count_queries(client, url)
    grow()
    cache.clear()
    with assert_max(baseline):
        html = page(client, url)
    assert baseline <= limit
    return html


def test_the_list_page_makes_the_same_queries_for_3_or_15_items(
    as_alice, alice, builders, django_assert_max_num_queries
):
    saved_list = make_list(alice)
    fill(saved_list, 3, builders)
    html = assert_same_queries_for_more(
        as_alice,
        reverse("lists:detail", args=[saved_list.pk]),
        lambda: fill(saved_list, 12, builders),
        django_assert_max_num_queries,
        limit=10,
    )
    assert html.count('<li class="result" id="item-') == 15
    assert html.count(" · Next: ") == 7


def test_the_shared_page_makes_the_same_queries_for_3_or_15_items(
    alice, client, builders, django_assert_max_num_queries
):
    saved_list = make_list(alice)
    fill(saved_list, 3, builders)
    token = lists.share_list(saved_list=saved_list).share_token
    html = assert_same_queries_for_more(
        client,
        shared_url(token),
        lambda: fill(saved_list, 12, builders),
        django_assert_max_num_queries,
        limit=5,
    )
    assert html.count("<strong>Note:</strong>") == 15
    assert html.count("<li>Next: ") == 2 * 7


def test_the_list_index_makes_the_same_queries_for_3_or_15_lists_and_items(
    as_alice, alice, builders, django_assert_max_num_queries
):
    def grow(start: int, stop: int) -> None:
        for number in range(start, stop):
            fill(make_list(alice, f"List {number}"), 2, builders)

    grow(0, 3)
    html = assert_same_queries_for_more(
        as_alice,
        reverse("lists:index"),
        lambda: grow(3, 15),
        django_assert_max_num_queries,
        limit=8,
    )
    assert html.count(">2 items<") == 15


# One name, one list, whatever the capitals ---------------------------------------------------


def test_the_database_refuses_a_second_list_differing_only_in_capitals(alice):
    lists.create_list(owner=alice, name="Clients")
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedList.objects.create(owner=alice, name="cLIENTS")


def test_creating_a_list_whose_name_is_taken_says_so(alice, bob):
    lists.create_list(owner=alice, name="Clients")
    with pytest.raises(lists.ListNameTaken):
        lists.create_list(owner=alice, name="CLIENTS")
    assert lists.create_list(owner=bob, name="clients").owner == bob


def test_find_or_create_finds_the_list_whatever_its_capitals(alice):
    made = lists.create_list(owner=alice, name="Clients")
    assert lists.find_or_create_list(owner=alice, name="clients") == made
    assert SavedList.objects.filter(owner=alice).count() == 1


def test_find_or_create_takes_a_list_made_by_another_request_meanwhile(alice, monkeypatch):
    made = lists.create_list(owner=alice, name="Clients")
    real_filter = SavedList.objects.filter
    calls = []

    def first_look_misses(*args, **kwargs):
        # The first look happens before the other request's list exists.
        calls.append(kwargs)
        found = real_filter(*args, **kwargs)
        return found.none() if len(calls) == 1 else found

    monkeypatch.setattr(SavedList.objects, "filter", first_look_misses)
    assert lists.find_or_create_list(owner=alice, name="CLIENTS") == made


@pytest.mark.parametrize("url_name", ["lists:index", "lists:detail"])
def test_a_name_taken_by_another_request_meanwhile_gets_a_message_not_an_error(
    client, alice, monkeypatch, url_name
):
    other = lists.create_list(owner=alice, name="Other")
    lists.create_list(owner=alice, name="Clients")
    # The form's own check ran before the other request saved its list.
    monkeypatch.setattr(ListForm, "clean_name", lambda form: form.cleaned_data["name"])
    client.force_login(alice)
    args = [other.pk] if url_name == "lists:detail" else []
    response = client.post(reverse(url_name, args=args), {"name": "clients"})
    assert response.status_code == 422
    assert "You already have a list with this name." in response.content.decode()
    assert sorted(SavedList.objects.values_list("name", flat=True)) == ["Clients", "Other"]
