"""Reports from the public about a listing: stored exactly as sent, before anyone reviews them;
a bad report is shown again with a message and nothing is stored (docs/safety.md, rule 10)."""

import pytest
from django.urls import reverse

from curation.models import GroupReport

pytestmark = pytest.mark.django_db


def test_a_problem_report_is_stored_as_sent_and_thanks_the_sender(client, make_group):
    group = make_group()
    url = reverse("curation:group_report", args=[group.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"problem": "not_meeting", "details": "  It closed in May.  "})
    assert response.status_code == 302
    assert response["Location"] == reverse("curation:group_report_sent", args=[group.slug])
    report = GroupReport.objects.get()
    assert (report.group, report.problem, report.details, report.status) == (
        group,
        "not_meeting",
        "It closed in May.",
        "new",
    )
    assert client.get(response["Location"]).status_code == 200


def test_an_invalid_report_is_shown_again_with_a_message_and_nothing_is_stored(client, make_group):
    group = make_group()
    response = client.post(
        reverse("curation:group_report", args=[group.slug]),
        {"problem": "bogus", "details": "x", "submitter_email": "not-an-email"},
    )
    assert response.status_code == 422
    assert "Please check the answers marked below." in response.content.decode()
    assert GroupReport.objects.count() == 0


def test_an_unpublished_group_cannot_be_reported(client, make_group):
    group = make_group(status="draft")
    assert client.get(reverse("curation:group_report", args=[group.slug])).status_code == 404
