"""Making, renaming and deleting lists, saving into them, notes and order, and what the pages
leave out, in a fixed number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lists import services as lists
from lists.models import SavedItem, SavedList
from search.choices import EditorialStatus
from tests.lists.helpers import (
    add,
    make_list,
    message_texts,
    page,
    shared_url,
    snapshot,
    titles_in_order,
)

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    "back",
    [
        "x",
        "NaN",
        "-0",
        "home",
        "lists:index",
        "//evil.example/",
        "https://evil.example/",
        "/\\evil",
    ],
)
def test_saving_with_a_next_that_is_not_a_page_of_ours_goes_to_the_lists(
    as_alice, alice, make_resource, back
):
    # The item is saved whatever "next" says, and the answer is never an error page that
    # claims nothing was kept, nor a trip to another site (or to a page named by "next").
    saved_list = make_list(alice)
    resource = make_resource()
    response = save(as_alice, resource=resource.slug, lists=[saved_list.pk], next=back)
    assert response.status_code == 302
    assert response["Location"] == reverse("lists:index")
    assert saved_list.items.get().resource == resource


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
        # Groups' opening hours and closed dates: two queries for every item; whether the
        # person organises listings (the menu's "Your listings"): one.
        limit=13,
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
        limit=7,  # groups' opening hours and closed dates: two queries for every item
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
        limit=9,  # one of them: whether the person organises listings (the menu)
    )
    assert html.count(">2 items<") == 15
