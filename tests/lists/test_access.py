"""Who may see and change a list: its owner only. Anyone else gets a 404 and changes nothing;
anonymous visitors are sent to sign in."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lists.models import SavedList
from tests.lists.helpers import make_list, page, snapshot

pytestmark = pytest.mark.django_db


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


def where_a_post_leads(name: str, saved_list: SavedList, item_pk: int) -> str:
    """Where each list view sends its owner after a post: the list, or the item on it."""
    if name == "lists:delete":
        return reverse("lists:index")
    detail = reverse("lists:detail", args=[saved_list.pk])
    if name in ("lists:item_note", "lists:item_move"):
        return f"{detail}#item-{item_pk}"
    return detail


@pytest.mark.parametrize(("name", "method", "takes_item", "data"), LIST_VIEWS, ids=VIEW_IDS)
def test_the_owner_can_use_every_list_view(as_alice, alices_list, name, method, takes_item, data):
    url = list_url(name, alices_list, takes_item)
    item_pk = alices_list.items.first().pk
    response = getattr(as_alice, method)(url, data)
    if method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == where_a_post_leads(name, alices_list, item_pk)


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
