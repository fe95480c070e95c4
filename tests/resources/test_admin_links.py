"""Curators find broken and redirected links, and keep collections in order, in the admin."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from resources.admin import ResourceAdmin
from resources.models import CollectionItem, CollectionSection, LinkStatus

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:resources_resource_changelist"


@pytest.fixture
def curator_client(client, carol):
    client.force_login(carol)
    return client


def run_action(client, action: str, resources) -> str:
    response = client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [resource.pk for resource in resources]},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_curators_can_list_only_broken_links(curator_client, make_resource):
    make_resource(title="Gone Guide", link_status=LinkStatus.BROKEN, link_http_status=404)
    make_resource(title="Fine Guide", link_status=LinkStatus.OK, link_http_status=200)
    response = curator_client.get(reverse(CHANGELIST), {"link_status__exact": "broken"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gone Guide" in html
    assert "404" in html
    assert "Fine Guide" not in html


def test_the_final_url_of_a_redirected_link_is_a_link_without_a_referrer(
    curator_client, make_resource
):
    make_resource(
        link_status=LinkStatus.REDIRECTED,
        link_http_status=200,
        link_final_url="https://example.org/new-home",
    )
    html = curator_client.get(reverse(CHANGELIST), {"link_status__exact": "redirected"}).content
    assert b'<a href="https://example.org/new-home" rel="noreferrer">' in html


def test_the_list_can_be_sorted_by_when_links_were_last_checked(curator_client, make_resource):
    now = timezone.now()
    make_resource(title="Checked Long Ago", link_checked_at=now - datetime.timedelta(days=90))
    make_resource(title="Checked Today", link_checked_at=now)
    column = ResourceAdmin.list_display.index("link_checked_at") + 1
    html = curator_client.get(reverse(CHANGELIST), {"o": str(column)}).content.decode()
    assert html.index("Checked Long Ago") < html.index("Checked Today")


def test_marking_resources_reviewed_sets_today_and_a_year_ahead(curator_client, make_resource):
    resources = [make_resource(), make_resource()]
    untouched = make_resource(last_reviewed=datetime.date(2024, 1, 1))
    html = run_action(curator_client, "mark_reviewed_today", resources)
    today = timezone.localdate()
    assert "Marked 2 resource(s) reviewed today" in html
    for resource in resources:
        resource.refresh_from_db()
        assert resource.last_reviewed == today
        assert resource.next_review_due == today + datetime.timedelta(days=365)
    untouched.refresh_from_db()
    assert untouched.last_reviewed == datetime.date(2024, 1, 1)
    assert LogEntry.objects.filter(change_message="Marked reviewed today.").count() == 2


def test_a_redirected_resource_can_take_its_final_url(curator_client, make_resource):
    resource = make_resource(
        url="http://example.org/old",
        link_status=LinkStatus.REDIRECTED,
        link_http_status=200,
        link_final_url="https://example.org/new",
        link_checked_at=timezone.now(),
    )
    html = run_action(curator_client, "use_final_url", [resource])
    assert "Updated the URL of 1 resource(s)." in html
    resource.refresh_from_db()
    assert resource.url == "https://example.org/new"
    assert resource.link_status == LinkStatus.UNCHECKED
    assert resource.link_final_url == ""
    assert resource.link_http_status is None
    assert resource.link_checked_at is None
    assert LogEntry.objects.filter(object_id=str(resource.pk)).exists()


def test_only_redirected_resources_take_a_final_url(curator_client, make_resource):
    broken = make_resource(
        url="https://example.org/old",
        link_status=LinkStatus.BROKEN,
        link_http_status=404,
        link_final_url="https://example.org/missing",
    )
    html = run_action(curator_client, "use_final_url", [broken])
    assert "Left 1 resource(s) alone" in html
    broken.refresh_from_db()
    assert broken.url == "https://example.org/old"
    assert broken.link_status == LinkStatus.BROKEN


def test_a_final_url_too_long_for_the_url_field_is_left_alone(curator_client, make_resource):
    long_url = "https://example.org/" + "a" * 600
    resource = make_resource(link_status=LinkStatus.REDIRECTED, link_final_url=long_url)
    run_action(curator_client, "use_final_url", [resource])
    resource.refresh_from_db()
    assert resource.url != long_url
    assert resource.link_status == LinkStatus.REDIRECTED


def test_people_who_are_not_curators_cannot_run_the_actions(client, alice, make_resource):
    resource = make_resource()
    client.force_login(alice)
    response = client.post(
        reverse(CHANGELIST), {"action": "mark_reviewed_today", "_selected_action": [resource.pk]}
    )
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    resource.refresh_from_db()
    assert resource.last_reviewed is None


# Collections ---------------------------------------------------------------------------------


def test_collection_sections_are_edited_in_position_order_with_item_counts(
    curator_client, make_collection, make_resource
):
    collection = make_collection(resources=[make_resource(), make_resource()])
    CollectionSection.objects.filter(collection=collection).update(position=10)
    CollectionSection.objects.create(collection=collection, title="Going Further", position=30)
    CollectionSection.objects.create(collection=collection, title="Finding Support", position=20)
    url = reverse("admin:resources_collection_change", args=[collection.pk])
    html = curator_client.get(url).content.decode()
    positions = [html.index(f'value="{title}"') for title in ["Start here", "Finding Support"]]
    assert positions == sorted(positions)
    assert html.index('value="Finding Support"') < html.index('value="Going Further"')
    assert "2 – edit them on the section" in html
    # A section added on the page starts after the last one, so it lands at the end.
    assert 'name="sections-__prefix__-position" value="40"' in html


def test_collection_items_are_edited_in_position_order_with_their_link_status(
    curator_client, make_collection, make_resource
):
    collection = make_collection()
    section = collection.sections.get()
    second = make_resource(title="Second Read", link_status=LinkStatus.BROKEN)
    first = make_resource(title="First Read")
    CollectionItem.objects.create(section=section, resource=second, position=20)
    CollectionItem.objects.create(section=section, resource=first, position=10)
    url = reverse("admin:resources_collectionsection_change", args=[section.pk])
    html = curator_client.get(url).content.decode()
    assert html.index("First Read") < html.index("Second Read")
    assert "Broken" in html
    assert 'name="items-__prefix__-position" value="30"' in html


def test_the_section_list_shows_how_many_items_each_has(
    curator_client, make_collection, make_resource
):
    make_collection(resources=[make_resource(), make_resource(), make_resource()])
    html = curator_client.get(reverse("admin:resources_collectionsection_changelist")).content
    assert b'<td class="field-item_count">3</td>' in html


def test_the_resource_form_shows_link_findings_without_letting_them_be_edited(
    curator_client, make_resource
):
    resource = make_resource(
        link_status=LinkStatus.REDIRECTED, link_final_url="https://example.org/new-home"
    )
    html = curator_client.get(
        reverse("admin:resources_resource_change", args=[resource.pk])
    ).content.decode()
    assert '<a href="https://example.org/new-home" rel="noreferrer">' in html
    assert 'name="link_final_url"' not in html
    assert 'name="link_status"' not in html
    assert curator_client.get(reverse("admin:resources_resource_add")).status_code == 200
