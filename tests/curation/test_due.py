"""Listings and resources due a check (/curation/due/): published ones nobody has confirmed for
longer than STALE_LISTING_DAYS, longest overdue first, and marking a batch checked today."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import SupportGroup
from resources.models import REVIEW_INTERVAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client, carol):
    client.force_login(carol)
    return client


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_overdue_listings_are_listed_never_checked_first_then_longest_overdue(
    curator, settings, make_group
):
    settings.STALE_LISTING_DAYS = 100
    make_group(name="Fresh", last_verified=days_ago(10))
    make_group(name="Overdue a little", last_verified=days_ago(120))
    make_group(name="Overdue a lot", last_verified=days_ago(400))
    make_group(name="Never", last_verified=None)
    make_group(name="Draft", last_verified=None, status="draft")
    page = curator.get(reverse("curation:due")).content.decode()
    names = ["Never", "Overdue a lot", "Overdue a little"]
    positions = [page.index(f">{name}</label>") for name in names]
    assert positions == sorted(positions)
    assert ">Fresh<" not in page and ">Draft<" not in page
    assert "300 days" in page and "20 days" in page and "Never checked" in page


def test_marking_listings_checked_today_takes_them_off_the_list(curator, settings, make_group):
    settings.STALE_LISTING_DAYS = 100
    old = make_group(name="Old one", last_verified=days_ago(400))
    other = make_group(name="Other one", last_verified=days_ago(400))
    draft = make_group(name="Draft", last_verified=None, status="draft")
    response = curator.post(reverse("curation:due"), {"item": [old.pk, draft.pk, "x", "9" * 40]})
    assert response.status_code == 302
    assert SupportGroup.objects.get(pk=old.pk).last_verified == timezone.localdate()
    assert SupportGroup.objects.get(pk=other.pk).last_verified == days_ago(400)
    assert SupportGroup.objects.get(pk=draft.pk).last_verified is None  # only published ones
    page = curator.get(reverse("curation:due")).content.decode()
    assert "Marked 1 as checked today." in page
    assert ">Old one<" not in page and ">Other one<" in page


def test_resources_due_their_review_are_listed_and_can_be_marked_reviewed(
    curator, settings, make_resource
):
    settings.STALE_LISTING_DAYS = 100
    due = make_resource(title="Due guide", last_reviewed=days_ago(30), next_review_due=days_ago(1))
    make_resource(title="Fine guide", last_reviewed=days_ago(30), next_review_due=days_ago(-30))
    url = reverse("curation:due") + "?what=resources"
    page = curator.get(url).content.decode()
    assert ">Due guide<" in page and ">Fine guide<" not in page
    curator.post(url, {"item": [due.pk]})
    due.refresh_from_db()
    assert due.last_reviewed == timezone.localdate()
    assert due.next_review_due == timezone.localdate() + REVIEW_INTERVAL


def test_the_due_page_costs_the_same_queries_however_many_are_due(
    curator, make_group, django_assert_max_num_queries
):
    make_group(last_verified=None)
    with CaptureQueriesContext(connection) as baseline:
        curator.get(reverse("curation:due"))
    for _ in range(20):
        make_group(last_verified=None)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        curator.get(reverse("curation:due"))
