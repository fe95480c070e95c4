"""Every change to a listing or resource is kept (django-pghistory, curation.history): who made
it, where, the old and new values, whether it came from the admin, a bulk update or a decision
in the queue; curators see it on /curation/history/… and can put an item back as it was."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curation.history import history_of, revert_change
from curation.models import GroupReport
from groups.models import SupportGroup
from tests import factories
from tests.groups.test_admin import listing_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client, carol):
    client.force_login(carol)
    return client


def history_url(item, kind: str = "listing") -> str:
    return reverse("curation:history", args=[kind, item.pk])


def test_an_admin_edit_is_kept_with_who_made_it_and_the_old_and_new_values(curator, carol):
    response = curator.post(reverse("admin:groups_supportgroup_add"), listing_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    listing = SupportGroup.objects.get(slug="night-line")
    data = listing_form(organization=listing.organization_id, how_to_join="Text the line first.")
    data["categories"] = list(listing.categories.values_list("pk", flat=True))
    change = reverse("admin:groups_supportgroup_change", args=[listing.pk])
    assert curator.post(change, data).status_code == 302
    latest = history_of(listing)[0]
    assert (latest.label, latest.who, latest.where) == ("update", carol.email, change)
    assert ("How to join", "Call the line.", "Text the line first.") in latest.fields
    page = curator.get(history_url(listing)).content.decode()
    assert "Text the line first." in page and "Call the line." in page and carol.email in page


def test_a_bulk_update_is_kept_for_each_listing(curator, carol, make_group):
    groups = [make_group(last_verified=None) for _ in range(3)]
    curator.post(reverse("curation:due"), {"item": [g.pk for g in groups]})
    for group in groups:
        [latest, *_] = history_of(group)
        assert latest.who == carol.email and latest.where == reverse("curation:due")
        assert [label for label, _, _ in latest.fields] == ["Last verified"]


def test_an_applied_correction_is_kept_as_the_curators_change(curator, carol, make_group):
    group = make_group(contact_phone="404-555-0100")
    report = GroupReport.objects.create(
        group=group, problem="moved", proposed={"contact_phone": "404-555-0199"}, seen={}
    )
    url = reverse("curation:review", args=["listing-report", report.pk])
    curator.post(url, {"action": "accept", "apply": ["contact_phone"]})
    [latest, *_] = history_of(group)
    assert latest.who == carol.email
    assert latest.fields == [("Contact phone", "404-555-0100", "404-555-0199")]


def test_changes_to_meetings_and_hours_are_part_of_the_listings_history(make_group, make_meeting):
    group = make_group()
    meeting = make_meeting(group)
    meeting.notes = "Use the side door."
    meeting.save()
    parts = [(c.part, c.label) for c in history_of(group) if c.part]
    assert parts[:2] == [("Meeting", "update"), ("Meeting", "insert")]


def test_a_change_made_outside_any_page_is_still_kept(make_group):
    group = make_group(name="Before")
    SupportGroup.objects.filter(pk=group.pk).update(name="After")
    [latest, *_] = history_of(group)
    assert latest.fields == [("Name", "Before", "After")]
    assert latest.who == "someone outside the site"


def test_the_page_shows_what_it_looked_like_before(curator, make_group):
    group = make_group(name="Old Name")
    SupportGroup.objects.filter(pk=group.pk).update(name="New Name")
    page = curator.get(history_url(group)).content.decode()
    assert "What it looked like before" in page and "Old Name" in page


def test_putting_a_listing_back_as_it_was_before_a_change(curator, carol, make_group):
    group = make_group(name="Right Name", contact_phone="404-555-0100")
    SupportGroup.objects.filter(pk=group.pk).update(name="Wrong Name", contact_phone="")
    [bad, *_] = history_of(group)
    response = curator.post(history_url(group), {"event": bad.event_id})
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.contact_phone) == ("Right Name", "404-555-0100")
    [revert, *_] = history_of(group)
    assert revert.who == carol.email
    assert ("Name", "Wrong Name", "Right Name") in revert.fields


def test_a_version_that_breaks_todays_rules_is_not_put_back(carol, make_group):
    group = make_group(slug="taken-later")
    SupportGroup.objects.filter(pk=group.pk).update(slug="moved-on")
    [change, *_] = history_of(group)
    make_group(slug="taken-later")  # another listing has the old address now
    with pytest.raises(Exception, match="cannot go back"):
        revert_change(item=group, event_id=change.event_id, user=carol)
    group.refresh_from_db()
    assert group.slug == "moved-on"


@pytest.mark.parametrize("event", ["", "abc", "0", "9" * 30, "-1"])
def test_a_made_up_change_cannot_be_undone(curator, make_group, event):
    group = make_group()
    response = curator.post(history_url(group), {"event": event})
    assert response.status_code == 422


def test_an_insert_cannot_be_undone_from_the_history(curator, make_group):
    group = make_group()
    [created] = [c for c in history_of(group) if c.label == "insert"]
    assert curator.post(history_url(group), {"event": created.event_id}).status_code == 422
    assert SupportGroup.objects.filter(pk=group.pk).exists()


def test_a_resources_history_is_kept_and_shown(curator, make_resource):
    resource = make_resource(url="https://example.org/old")
    resource.url = "https://example.org/new"
    resource.save()
    page = curator.get(history_url(resource, "resource")).content.decode()
    assert "https://example.org/old" in page and "https://example.org/new" in page


def test_only_curators_see_the_history(client, alice, make_group):
    group = make_group()
    assert client.get(history_url(group)).status_code == 302
    client.force_login(alice)
    assert client.get(history_url(group)).status_code == 404
    assert client.get(reverse("curation:history", args=["nothing", group.pk])).status_code == 404


def test_the_history_page_costs_the_same_queries_however_long_the_history(
    curator, make_group, make_meeting, django_assert_max_num_queries
):
    group = make_group()
    make_meeting(group)
    with CaptureQueriesContext(connection) as baseline:
        curator.get(history_url(group))
    for n in range(10):
        SupportGroup.objects.filter(pk=group.pk).update(name=f"Name {n}")
        make_meeting(group)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        curator.get(history_url(group))


def test_organisations_and_places_have_a_history_page_linked_from_the_admin(curator, make_place):
    organisation = factories.make_organization(name="Old Name Center")
    place = make_place(name="Old Hall", organization=organisation)
    place.name = "New Hall"
    place.save()
    organisation.name = "New Name Center"
    organisation.save()
    for kind, item, model, old, new in [
        ("place", place, "meetingplace", "Old Hall", "New Hall"),
        ("organisation", organisation, "organization", "Old Name Center", "New Name Center"),
    ]:
        history = reverse("curation:history", args=[kind, item.pk])
        page = curator.get(history).content.decode()
        assert old in page and new in page, kind
        admin_page = curator.get(reverse(f"admin:groups_{model}_change", args=[item.pk]))
        assert history in admin_page.content.decode(), kind
