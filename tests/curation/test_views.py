"""Reports from the public about a listing: stored exactly as sent, before anyone reviews them;
a bad report is shown again with a message and nothing is stored (docs/safety.md, rule 10)."""

import re

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


def test_the_report_form_offers_only_real_problems_and_picks_none(client, make_group):
    group = make_group()
    page = client.get(reverse("curation:group_report", args=[group.slug])).content.decode()
    radios = re.findall(r'<input type="radio" name="problem"[^>]*>', page)
    values = [re.search(r'value="([^"]*)"', radio).group(1) for radio in radios]
    assert values == list(GroupReport.Problem.values)
    assert not any("checked" in radio for radio in radios)
    assert "---------" not in page
    # Sending no choice is refused with a message, as any other missing answer is.
    response = client.post(reverse("curation:group_report", args=[group.slug]), {"details": "x"})
    assert response.status_code == 422
    assert GroupReport.objects.count() == 0
