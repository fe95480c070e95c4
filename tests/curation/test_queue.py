"""The review queue (/curation/): who may use it, the way a submission travels (new → in
review → accepted or declined, with who, when and why), drafts made from suggestions, and
corrections applied field by field, only the fields the curator ticks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curation.models import (
    GroupReport,
    GroupSuggestion,
    ModerationStatus,
    ResourceReport,
    ResourceSuggestion,
)
from groups.models import Category, ListingKind, SupportGroup
from resources.models import Resource
from search.choices import EditorialStatus
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client, carol):
    client.force_login(carol)
    return client


@pytest.fixture
def report(make_group):
    group = make_group(name="Riverside Circle", contact_phone="404-555-0100", cost="free")
    return GroupReport.objects.create(
        group=group,
        problem=GroupReport.Problem.WRONG_DETAILS,
        details="They moved the phone line.",
        proposed={"contact_phone": "404-555-0199", "name": "Riverside Peer Circle"},
        seen={"contact_phone": "404-555-0100", "name": "Riverside Circle"},
        submitter_email="sender@example.org",
    )


def review_url(record) -> str:
    kinds = {
        GroupSuggestion: "listing-suggestion",
        GroupReport: "listing-report",
        ResourceSuggestion: "resource-suggestion",
        ResourceReport: "resource-report",
    }
    return reverse("curation:review", args=[kinds[type(record)], record.pk])


def decide(client, record, action: str, reason: str = "", apply=()):
    return client.post(review_url(record), {"action": action, "reason": reason, "apply": apply})


# Who may use it


def curation_pages(record) -> list[str]:
    return [reverse("curation:queue"), reverse("curation:due"), review_url(record)]


def test_curators_may_use_every_page_of_the_queue(curator, report):
    for url in curation_pages(report):
        assert curator.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["advocate", "organiser on staff", "staff without the group"])
def test_anyone_else_signed_in_is_told_the_pages_do_not_exist(client, report, who):
    user = make_user(is_staff=who != "advocate")
    client.force_login(user)
    for url in curation_pages(report):
        assert client.get(url).status_code == 404, url
    assert decide(client, report, "decline", "no").status_code == 404
    report.refresh_from_db()
    assert report.status == ModerationStatus.NEW


def test_anyone_signed_out_is_asked_to_sign_in(client, report):
    for url in curation_pages(report):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_submission_of_an_unknown_kind_or_number_is_not_found(curator, report):
    assert curator.get(reverse("curation:review", args=["nonsense", report.pk])).status_code == 404
    missing = reverse("curation:review", args=["listing-report", report.pk + 1000])
    assert curator.get(missing).status_code == 404


# The queue


def test_the_queue_lists_new_submissions_oldest_first_by_kind(curator, report, make_group):
    newer = GroupReport.objects.create(group=make_group(name="Later"), problem="closed")
    GroupSuggestion.objects.create(name="Hillside Circle", description="Meets Mondays.")
    page = curator.get(reverse("curation:queue")).content.decode()
    assert page.index(str(report)) < page.index(str(newer))
    assert "Hillside Circle" in page
    assert "New (3)" in page


def test_the_queue_page_costs_the_same_queries_however_long_it_is(
    curator, make_group, django_assert_max_num_queries
):
    group = make_group()
    GroupReport.objects.create(group=group, problem="closed")
    with CaptureQueriesContext(connection) as baseline:
        curator.get(reverse("curation:queue"))
    for _ in range(15):
        GroupReport.objects.create(group=make_group(), problem="closed")
        GroupSuggestion.objects.create(name="A circle", description="x")
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        curator.get(reverse("curation:queue"))


def test_decided_submissions_are_listed_by_status(curator, carol, report):
    decide(curator, report, "decline", "It was right all along.")
    assert str(report) not in curator.get(reverse("curation:queue")).content.decode()
    page = curator.get(reverse("curation:queue") + "?status=declined").content.decode()
    assert str(report) in page and carol.email in page


def test_a_bad_status_or_page_in_the_address_shows_the_new_ones(curator, report):
    for query in ["?status=bogus", "?page=999999", "?page=x&kind=nonsense"]:
        assert curator.get(reverse("curation:queue") + query).status_code == 200


# Decisions


def test_taking_a_report_for_review_records_who_took_it(curator, carol, report):
    response = decide(curator, report, "review")
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.reviewer, report.reviewed_at) == (
        ModerationStatus.IN_REVIEW,
        carol,
        None,
    )


def test_declining_needs_a_reason_and_keeps_who_when_and_why(curator, carol, report):
    response = decide(curator, report, "decline")
    assert response.status_code == 422
    report.refresh_from_db()
    assert report.status == ModerationStatus.NEW
    decide(curator, report, "decline", "The listing was right.")
    report.refresh_from_db()
    assert report.status == ModerationStatus.DECLINED
    assert (report.reviewer, report.reason) == (carol, "The listing was right.")
    assert report.reviewed_at is not None
    assert report.group.contact_phone == "404-555-0100"


def test_a_decided_submission_cannot_be_decided_again(curator, report):
    decide(curator, report, "decline", "No.")
    response = decide(curator, report, "accept", apply=["contact_phone"])
    assert response.status_code == 422
    report.refresh_from_db()
    assert report.status == ModerationStatus.DECLINED
    report.group.refresh_from_db()
    assert report.group.contact_phone == "404-555-0100"


def test_the_review_page_shows_each_correction_beside_the_listing_as_it_is(curator, report):
    page = curator.get(review_url(report)).content.decode()
    assert "<del>404-555-0100</del>" in page and "<ins>404-555-0199</ins>" in page
    assert "<ins>Riverside Peer Circle</ins>" in page
    assert 'name="apply" value="contact_phone"' in page
    assert "checked" not in page.split('name="apply"')[1].split(">")[0]  # nothing pre-ticked
    assert "sender@example.org" in page  # the sender's details, for curators only


def test_accepting_applies_only_the_ticked_fields(curator, carol, report):
    response = decide(curator, report, "accept", "Confirmed by phone.", apply=["contact_phone"])
    assert response.status_code == 302
    group = SupportGroup.objects.get(pk=report.group_id)
    assert group.contact_phone == "404-555-0199"
    assert group.name == "Riverside Circle"  # not ticked, not applied
    report.refresh_from_db()
    assert (report.status, report.reviewer, report.reason) == (
        ModerationStatus.ACCEPTED,
        carol,
        "Confirmed by phone.",
    )
    # What was sent is untouched by the decision.
    assert report.proposed["name"] == "Riverside Peer Circle"


def test_the_public_page_shows_the_applied_correction(curator, client, report):
    decide(curator, report, "accept", apply=["contact_phone", "name"])
    client.logout()
    page = client.get(reverse("groups:detail", args=[report.group.slug])).content.decode()
    assert "Riverside Peer Circle" in page and "404-555-0199" in page


def test_a_change_made_since_the_report_is_pointed_out(curator, report):
    SupportGroup.objects.filter(pk=report.group_id).update(contact_phone="404-555-0155")
    page = curator.get(review_url(report)).content.decode()
    assert "Changed since the report" in page and "404-555-0100" in page


def test_a_correction_the_listing_cannot_take_is_refused_with_the_reason(
    curator, make_group, report
):
    # A fee needs a note of what it costs: applying the fee alone would break that rule.
    bad = GroupReport.objects.create(
        group=report.group, problem="wrong_details", proposed={"cost": "fee"}, seen={}
    )
    response = decide(curator, bad, "accept", apply=["cost"])
    assert response.status_code == 422
    assert "fee" in response.content.decode()
    bad.refresh_from_db()
    assert bad.status == ModerationStatus.NEW
    assert SupportGroup.objects.get(pk=report.group_id).cost == "free"


def test_a_field_that_was_not_proposed_cannot_be_applied(curator, report):
    response = decide(curator, report, "accept", apply=["status"])
    assert response.status_code == 422
    assert SupportGroup.objects.get(pk=report.group_id).status == EditorialStatus.PUBLISHED


@pytest.mark.parametrize("kind", [ListingKind.SUPPORT_GROUP, ListingKind.WARMLINE])
def test_accepting_a_suggested_listing_makes_a_draft_from_it(curator, carol, kind):
    topic = Category.objects.filter(is_separated=False).first()
    suggestion = GroupSuggestion.objects.create(
        kind=kind,
        name="Hillside Circle",
        organization_name="Hillside Women's Center",
        description="A calm circle for survivors. We meet weekly.",
        contact="Call 404-555-0111 to join.",
        website="https://example.org/hillside",
    )
    suggestion.categories.add(topic)
    response = decide(curator, suggestion, "accept", "Checked their website.")
    listing = SupportGroup.objects.get(name="Hillside Circle")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:groups_supportgroup_change", args=[listing.pk])
    assert (listing.kind, listing.status) == (kind, EditorialStatus.DRAFT)
    assert listing.organization.name == "Hillside Women's Center"
    assert listing.how_to_join == "Call 404-555-0111 to join."
    assert listing.contact_website == "https://example.org/hillside"
    assert list(listing.categories.all()) == [topic]
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.group, suggestion.reviewer) == (
        ModerationStatus.ACCEPTED,
        listing,
        carol,
    )
    # A draft is public nowhere.
    assert curator.get(listing.get_absolute_url()).status_code == 404


def test_accepting_a_suggested_resource_makes_a_draft_entry(curator):
    suggestion = ResourceSuggestion.objects.create(
        title="Safety planning guide", url="https://example.org/guide", kind="toolkit"
    )
    decide(curator, suggestion, "accept")
    resource = Resource.objects.get(title="Safety planning guide")
    assert (resource.status, resource.kind, resource.url) == (
        EditorialStatus.DRAFT,
        "toolkit",
        "https://example.org/guide",
    )
    suggestion.refresh_from_db()
    assert suggestion.resource == resource


def test_two_suggestions_with_one_name_make_two_listings_with_their_own_addresses(curator):
    for _ in range(2):
        suggestion = GroupSuggestion.objects.create(name="Open Door", description="x")
        decide(curator, suggestion, "accept")
    slugs = sorted(SupportGroup.objects.filter(name="Open Door").values_list("slug", flat=True))
    assert slugs == ["open-door", "open-door-2"]


def test_accepting_a_resource_report_applies_a_new_address(curator, make_resource):
    resource = make_resource(url="https://example.org/old")
    report = ResourceReport.objects.create(
        resource=resource, problem="moved", proposed={"url": "https://example.org/new"}, seen={}
    )
    decide(curator, report, "accept", apply=["url"])
    resource.refresh_from_db()
    assert resource.url == "https://example.org/new"
